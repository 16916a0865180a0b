// resinc dump-ir: print one stage of the compilation (docs/reference/cli.md): the parsed
// graph, the optimized graph, its diagram as DOT text, LLVM IR before and
// after LLVM's passes, or the machine code.
#include "CommonFlags.h"

#include "resin/picture/Diagram.h"
#include "resin/registry/EngineRegistry.h"
#include "resin/syntax/TextPrinter.h"

#include <cstdio>

namespace resinc {

namespace {

struct DumpOptions {
  std::string file;
  std::string stage = "llvm-opt";
  CommonFlags common;
};

std::string graphText(const resin::Graph &graph) {
  return graph.isField() ? resin::printFieldText(graph) : resin::printGraphText(graph);
}

int dumpCommand(const DumpOptions &options) {
  if (!checkEngine(options.common))
    return kInputError;
  Loaded loaded = loadUnoptimized(options.file, options.common, "dump-ir");
  if (!loaded.graph)
    return loaded.exitCode;
  resin::Graph &graph = *loaded.graph;
  if (options.stage == "parsed")
    return writeOutput("-", graphText(graph)) ? kSuccess : kInputError;
  resin::EngineOptions engineOpts = engineOptions(options.common);
  int optimized = optimize(graph, options.common.optimizer, engineOpts.math);
  if (optimized != kSuccess)
    return optimized;
  if (options.stage == "opt")
    return writeOutput("-", graphText(graph)) ? kSuccess : kInputError;
  if (options.stage == "dot")
    return writeOutput("-", resin::picture::diagramDot(graph)) ? kSuccess : kInputError;

  // The LLVM stages are the optimizing tier's: `tiered` shows jit's.
  const std::string &engine = options.common.engine;
  auto kind = resin::engineKind(engine);
  if (kind != resin::EngineKind::Optimizing && kind != resin::EngineKind::Tiered)
    return flagError("--engine", "stage " + options.stage +
                                     " needs an LLVM JIT engine (tiered, jit, jit-scalar, "
                                     "jit-f32xN), not " +
                                     resin::quote(engine));
  auto text = resin::compiledStageText(engine, graph, engineOpts, options.stage);
  if (!text)
    return reportErrors(text.errors());
  return writeOutput("-", *text) ? kSuccess : kInputError;
}

} // namespace

Subcommand addDumpIrCommand(CLI::App &resinc) {
  auto options = std::make_shared<DumpOptions>();
  CLI::App *app = resinc.add_subcommand(
      "dump-ir", "Print one compilation stage: parsed, opt, dot, llvm, llvm-opt or asm");
  app->add_option("FILE", options->file, "input: .graph, .field, .json, or - for stdin")
      ->required();
  app->add_option("--stage", options->stage,
                  "parsed (graph as read), opt (after the passes), dot (the optimized graph's "
                  "diagram as Graphviz DOT), llvm (LLVM IR as lowered), "
                  "llvm-opt (after LLVM's passes), asm (machine code)")
      ->check(CLI::IsMember({"parsed", "opt", "dot", "llvm", "llvm-opt", "asm"}))
      ->capture_default_str();
  addCommonFlags(app, options->common);
  return {app, [options] { return dumpCommand(*options); }};
}

} // namespace resinc
