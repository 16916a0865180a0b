// resinc dump-ir: print one stage of the compilation (docs/reference/cli.md): the parsed
// graph, the optimized graph, its diagram as DOT text, LLVM IR before and
// after LLVM's passes, or the machine code.
#include "CommonFlags.h"

#include "resin/jit/JitEngines.h"
#include "resin/picture/Diagram.h"
#include "resin/syntax/Text.h"
#include "resin/tiered/TieredEngines.h"

#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/Support/raw_ostream.h>

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

std::string moduleText(const llvm::Module &module) {
  std::string text;
  llvm::raw_string_ostream stream(text);
  module.print(stream, nullptr);
  return stream.str();
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
  std::string engine = options.common.engine;
  if (engine == resin::tiered::kTieredEngine)
    engine = std::string(resin::tiered::kOptimizingTier);
  if (!resin::jit::isJitEngine(engine))
    return flagError("--engine", "stage " + options.stage +
                                     " needs an LLVM JIT engine (tiered, jit, jit-scalar, "
                                     "jit-f32xN), not " +
                                     resin::quote(engine));
  llvm::LLVMContext context;
  resin::jit::CompileReport report;
  auto module = resin::jit::lowerForEngine(engine, graph, engineOpts, context, report);
  if (!module)
    return reportErrors(module.errors());
  auto session = resin::jit::JitSession::instance();
  if (options.stage == "llvm")
    return writeOutput("-", moduleText(**module)) ? kSuccess : kInputError;
  (*session)->optimize(**module);
  if (options.stage == "llvm-opt")
    return writeOutput("-", moduleText(**module)) ? kSuccess : kInputError;
  auto assembly = (*session)->assembly(**module);
  if (!assembly)
    return reportErrors(assembly.errors());
  return writeOutput("-", *assembly) ? kSuccess : kInputError;
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
