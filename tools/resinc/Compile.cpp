// resinc compile: parse, optimize and JIT-compile a graph or field, then
// print what happened: node counts before and after the passes, each node's
// category, the width, the compile cache's answer and the time of every
// phase (docs/reference/cli.md). --json writes the same as JSON. With -o the graph is
// compiled ahead of time instead (CompileAot.cpp).
#include "Compile.h"

#include "resin/registry/EngineRegistry.h"

#include <chrono>
#include <cstdio>

namespace resinc {

namespace {

double msSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

/// The text report; on stderr when --json - gives stdout to the JSON alone.
void printSummary(const CompileFlags &options, const resin::Graph &graph, const CompileSummary &s) {
  std::FILE *out = options.json == "-" ? stderr : stdout;
  std::fprintf(out, "file: %s\nengine: %s (width %u)\n", options.file.c_str(),
               options.common.engine.c_str(), s.width);
  std::fprintf(out, "nodes: %zu before passes, %zu after (%zu pure, %zu stateful)\n", s.nodesBefore,
               s.nodesAfter, s.pure, s.stateful);
  for (const resin::Node &node : graph.nodes)
    std::fprintf(out, "  %-16s %-12s %s\n", node.name.empty() ? "-" : node.name.c_str(),
                 std::string(node.info().name).c_str(),
                 node.info().isStateful() ? "stateful" : "pure");
  std::fprintf(out, "cache: %s\n", s.cache.c_str());
  std::fprintf(out, "phases (ms): parse %.3f, passes %.3f, ir %.3f, llvm_opt %.3f, codegen %.3f\n",
               s.parseMs, s.passesMs, s.irMs, s.llvmOptMs, s.codegenMs);
  std::fprintf(out, "total: %.3f ms (IR build to callable pointer)\n",
               s.irMs + s.llvmOptMs + s.codegenMs);
}

/// Compiles the optimized graph on one compiled engine through the registry
/// and reads back its compile report. Both compiled tiers consult the
/// compile cache unless --no-cache (docs/usage.md).
int compileOnEngine(const CompileFlags &options, const resin::Graph &graph,
                    resin::EngineOptions engineOpts, CompileSummary &summary) {
  engineOpts.cache.enabled = !options.noCache;
  engineOpts.cache.directory = options.cacheDir;
  const std::string &engine = options.common.engine;
  auto keepReport = [&](auto compiled) -> int {
    if (!compiled)
      return reportErrors(compiled.errors());
    const resin::CompileReport &report = *(*compiled)->compileReport();
    summary.width = report.width;
    summary.irMs = report.times.ir;
    summary.llvmOptMs = report.times.llvmOpt;
    summary.codegenMs = report.times.codegen;
    summary.cache = std::string(report.cache);
    // One compile per process, so a cache problem is said once.
    if (!report.cacheProblem.empty())
      warning(report.cacheProblem);
    return kSuccess;
  };
  if (graph.isField())
    return keepReport(resin::makeFieldEvaluator(engine, graph, engineOpts));
  return keepReport(resin::makeAudioProcessor(engine, graph, engineOpts));
}

/// Compiles `graph` (already optimized) for one engine, a JIT width or a
/// baseline width, and prints its summary unless -o makes a file instead.
int compileOneTier(const CompileFlags &options, const resin::Graph &graph,
                   const resin::EngineOptions &engineOpts, CompileSummary &summary) {
  int status = !options.output.empty() ? compileAot(options, graph, summary)
                                       : compileOnEngine(options, graph, engineOpts, summary);
  if (status == kSuccess && options.output.empty())
    printSummary(options, graph, summary);
  return status;
}

int compileCommand(const CompileFlags &options) {
  if (options.output == "-" && options.json == "-") {
    std::fprintf(stderr, "resinc: error: -o - and --json - would both write to standard output; "
                         "send one of them to a file (see 'resinc compile --help')\n");
    return kUsageError;
  }
  if (!checkEngine(options.common))
    return kInputError;
  const std::string &engine = options.common.engine;
  auto kind = resin::engineKind(engine);
  bool baseline = kind == resin::EngineKind::Baseline;
  if (kind != resin::EngineKind::Optimizing && !baseline && kind != resin::EngineKind::Tiered)
    return flagError("--engine", "compile needs a JIT engine (tiered, jit, jit-scalar, jit-f32x4, "
                                 "jit-f32x8, jit-f32x16, or jit-baseline and its widths), not " +
                                     resin::quote(engine));
  if (baseline && !options.output.empty())
    return flagError("-o", "ahead-of-time output comes from the LLVM tier (--engine jit...), "
                           "not " +
                               resin::quote(engine));
  if (int checked = checkAotFlags(options); checked != kSuccess)
    return checked;
  CompileSummary summary;
  auto start = std::chrono::steady_clock::now();
  Loaded loaded = loadUnoptimized(options.file, options.common, "compile");
  if (!loaded.graph)
    return loaded.exitCode;
  summary.parseMs = msSince(start);
  resin::Graph &graph = *loaded.graph;
  summary.nodesBefore = graph.size();

  start = std::chrono::steady_clock::now();
  resin::EngineOptions engineOpts = engineOptions(options.common);
  int optimized = optimize(graph, options.common.optimizer, engineOpts.math);
  if (optimized != kSuccess)
    return optimized;
  summary.passesMs = msSince(start);
  summary.nodesAfter = graph.size();
  for (const resin::Node &node : graph.nodes)
    (node.info().isStateful() ? summary.stateful : summary.pure)++;

  // `tiered` reports each tier it runs (ahead of time: the optimizing tier's code).
  std::vector<std::string_view> tiers = resin::engineTiers(engine);
  if (!options.output.empty())
    tiers = {tiers.back()};
  nlohmann::ordered_json reports = nlohmann::ordered_json::array();
  for (std::string_view tier : tiers) {
    CompileFlags one = options;
    one.common.engine = std::string(tier);
    CompileSummary tierSummary = summary;
    if (int status = compileOneTier(one, graph, engineOpts, tierSummary); status != kSuccess)
      return status;
    reports.push_back(compileJson(one, tierSummary));
  }
  nlohmann::ordered_json json = reports[0];
  if (tiers.size() > 1)
    json = {{"file", options.file}, {"engine", engine}, {"tiers", reports}};
  if (!options.json.empty() && !writeOutput(options.json, json.dump(2) + "\n"))
    return kInputError;
  return kSuccess;
}

} // namespace

nlohmann::ordered_json compileJson(const CompileFlags &options, const CompileSummary &s) {
  nlohmann::ordered_json j;
  j["file"] = options.file;
  j["engine"] = options.common.engine;
  j["width"] = s.width;
  j["nodes_before"] = s.nodesBefore;
  j["nodes_after"] = s.nodesAfter;
  j["categories"] = {{"pure", s.pure}, {"stateful", s.stateful}};
  j["phases_ms"] = {{"parse", s.parseMs},
                    {"passes", s.passesMs},
                    {"ir", s.irMs},
                    {"llvm_opt", s.llvmOptMs},
                    {"codegen", s.codegenMs}};
  j["total_ms"] = s.irMs + s.llvmOptMs + s.codegenMs;
  j["cache"] = s.cache;
  return j;
}

Subcommand addCompileCommand(CLI::App &resinc) {
  auto options = std::make_shared<CompileFlags>();
  CLI::App *app = resinc.add_subcommand(
      "compile", "JIT-compile a graph or field and report node counts, width and phase times; "
                 "with -o, compile it ahead of time to an object, assembly, LLVM IR or a C header");
  app->add_option("FILE", options->file, "input: .graph, .field, .json, or - for stdin")
      ->required();
  addCommonFlags(app, options->common);
  app->add_option("--json", options->json,
                  "also write the report as JSON to OUT (- = stdout alone: the text report "
                  "moves to stderr)")
      ->type_name("OUT");
  app->add_option("-o", options->output,
                  "compile ahead of time into OUT (- = stdout) instead of JIT-compiling")
      ->type_name("OUT");
  app->add_option("--emit", options->emit,
                  "what -o writes: obj (ELF object), asm, llvm (IR text) or header (C); "
                  "default: from OUT's extension (.o .s .ll .h), else obj")
      ->type_name("KIND")
      ->check(CLI::IsMember({"obj", "asm", "llvm", "header"}));
  app->add_option("--name", options->name,
                  "prefix of the exported symbols (NAME_process, NAME_eval, ...); "
                  "default: the file's stem as a C identifier")
      ->type_name("NAME");
  app->add_option("--cache-dir", options->cacheDir,
                  "compile cache directory (default $XDG_CACHE_HOME/resinc, else "
                  "~/.cache/resinc)")
      ->type_name("DIR");
  app->add_flag("--no-cache", options->noCache, "neither read nor write the compile cache");
  return {app, [options] { return compileCommand(*options); }};
}

} // namespace resinc
