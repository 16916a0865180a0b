// resinc compile: parse, optimize and JIT-compile a graph or field, then
// print what happened: node counts before and after the passes, each node's
// category, the width, and the time of every phase (cli.md). --json writes
// the same as JSON.
#include "CommonFlags.h"

#include "resin/jit/JitEngines.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>

namespace resinc {

namespace {

struct CompileOptions {
  std::string file;
  std::string json;
  CommonFlags common;
};

double msSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

int compileCommand(const CompileOptions &options) {
  if (!checkEngine(options.common))
    return kInputError;
  const std::string &engine = options.common.engine;
  if (!resin::jit::isJitEngine(engine))
    return flagError("--engine", "compile needs a JIT engine (jit, jit-scalar, jit-f32x4, "
                                 "jit-f32x8, jit-f32x16), not " +
                                     resin::quote(engine));
  auto start = std::chrono::steady_clock::now();
  Loaded loaded = loadUnoptimized(options.file, options.common, "compile");
  if (!loaded.graph)
    return loaded.exitCode;
  double parseMs = msSince(start);
  resin::Graph &graph = *loaded.graph;
  size_t nodesBefore = graph.size();

  start = std::chrono::steady_clock::now();
  resin::EngineOptions engineOpts = engineOptions(options.common);
  int optimized = optimize(graph, options.common.optimizer, engineOpts.math);
  if (optimized != kSuccess)
    return optimized;
  double passesMs = msSince(start);

  resin::jit::CompileReport report;
  if (graph.isField()) {
    auto compiled = resin::jit::makeJitField(engine, graph, engineOpts, &report);
    if (!compiled)
      return reportErrors(compiled.errors());
  } else {
    auto compiled = resin::jit::makeJitProcessor(engine, graph, engineOpts, &report);
    if (!compiled)
      return reportErrors(compiled.errors());
  }
  size_t pure = 0, stateful = 0;
  for (const resin::Node &node : graph.nodes)
    (node.info().isStateful() ? stateful : pure)++;
  const resin::jit::PhaseTimes &t = report.times;
  double totalMs = t.ir + t.llvmOpt + t.codegen;

  std::printf("file: %s\nengine: %s (width %u)\n", options.file.c_str(), engine.c_str(),
              report.width);
  std::printf("nodes: %zu before passes, %zu after (%zu pure, %zu stateful)\n", nodesBefore,
              graph.size(), pure, stateful);
  for (const resin::Node &node : graph.nodes)
    std::printf("  %-16s %-12s %s\n", node.name.empty() ? "-" : node.name.c_str(),
                std::string(node.info().name).c_str(),
                node.info().isStateful() ? "stateful" : "pure");
  std::printf("phases (ms): parse %.3f, passes %.3f, ir %.3f, llvm_opt %.3f, codegen %.3f\n",
              parseMs, passesMs, t.ir, t.llvmOpt, t.codegen);
  std::printf("total: %.3f ms (IR build to callable pointer)\n", totalMs);

  if (!options.json.empty()) {
    nlohmann::ordered_json j;
    j["file"] = options.file;
    j["engine"] = engine;
    j["width"] = report.width;
    j["nodes_before"] = nodesBefore;
    j["nodes_after"] = graph.size();
    j["categories"] = {{"pure", pure}, {"stateful", stateful}};
    j["phases_ms"] = {{"parse", parseMs},
                      {"passes", passesMs},
                      {"ir", t.ir},
                      {"llvm_opt", t.llvmOpt},
                      {"codegen", t.codegen}};
    j["total_ms"] = totalMs;
    if (!writeOutput(options.json, j.dump(2) + "\n"))
      return kInputError;
  }
  return kSuccess;
}

} // namespace

Subcommand addCompileCommand(CLI::App &resinc) {
  auto options = std::make_shared<CompileOptions>();
  CLI::App *app = resinc.add_subcommand(
      "compile", "JIT-compile a graph or field and report node counts, width and phase times");
  app->add_option("FILE", options->file, "input: .graph, .field, .json, or - for stdin")
      ->required();
  addCommonFlags(app, options->common);
  app->add_option("--json", options->json, "also write the report as JSON to OUT (- = stdout)")
      ->type_name("OUT");
  return {app, [options] { return compileCommand(*options); }};
}

} // namespace resinc
