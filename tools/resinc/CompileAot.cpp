// resinc compile -o: ahead-of-time output through resin::aot (an object,
// assembly, LLVM IR or a C header), named by --name or the file's stem.
#include "Compile.h"

#include "resin/aot/AheadOfTime.h"

namespace resinc {

namespace {

/// The kernel name: --name as given (checked by checkAotFlags), else the
/// input's stem (the graph's name for stdin) made a C identifier.
std::string kernelName(const CompileFlags &options, const resin::Graph &graph) {
  if (!options.name.empty())
    return options.name;
  return resin::aot::kernelNameFromPath(options.file == "-" ? graph.name : options.file);
}

} // namespace

int checkAotFlags(const CompileFlags &options) {
  if (options.output.empty()) {
    if (!options.emit.empty())
      return flagError("--emit", "needs -o OUT (without -o, compile JIT-compiles and reports)");
    if (!options.name.empty())
      return flagError("--name", "needs -o OUT (without -o, compile JIT-compiles and reports)");
    return kSuccess;
  }
  // Ahead-of-time output never uses the JIT's cache: say so rather than
  // accept a flag that would do nothing.
  if (!options.cacheDir.empty())
    return flagError("--cache-dir", "applies to JIT compiles only, not to -o");
  if (options.noCache)
    return flagError("--no-cache", "applies to JIT compiles only, not to -o");
  if (!options.name.empty() && !resin::aot::isKernelName(options.name))
    return flagError("--name", resin::quote(options.name) +
                                   " is not a C identifier ([A-Za-z_][A-Za-z0-9_]*, at most "
                                   "200 characters)");
  return kSuccess;
}

int compileAot(const CompileFlags &options, const resin::Graph &graph, CompileSummary &summary) {
  resin::aot::AotOptions aot;
  aot.name = kernelName(options, graph);
  if (!options.emit.empty())
    aot.emit = *resin::aot::emitKindFromName(options.emit);
  else
    aot.emit = resin::aot::emitKindFromPath(options.output).value_or(resin::aot::EmitKind::Object);
  aot.engine = options.common.engine;
  aot.engineOptions = engineOptions(options.common);
  aot.source = options.file == "-" ? "<stdin>" : options.file;
  resin::aot::AotReport report;
  auto bytes = resin::aot::compileAheadOfTime(graph, aot, report);
  if (!bytes)
    return reportErrors(bytes.errors());
  if (!writeOutput(options.output, *bytes))
    return kInputError;
  summary.width = report.width;
  summary.irMs = report.times.ir;
  summary.llvmOptMs = report.times.llvmOpt;
  summary.codegenMs = report.times.codegen;
  summary.cache = "off";
  return kSuccess;
}

} // namespace resinc
