// compileAheadOfTime: the JIT's lowering (codegen::lower*Kernel with the
// width jitWidth gives for the session's target CPU) and LLVM pipeline
// (JitSession::optimize), then LLVM IR text, or machine code through a
// TargetMachine for the same CPU and features (emitMachineCode).
// The symbol names, the float-environment wrapper and the code generation
// (LLVM's -O3 with its default passes, loop strength reduction included,
// against the JIT's -O1 without it) differ from what the JIT runs.
#include "resin/aot/AheadOfTime.h"
#include "resin/aot/CHeader.h"

#include "MachineCode.h"
#include "resin/codegen/KernelLowering.h"
#include "resin/jit/JitEngines.h"
#include "resin/jit/JitSession.h"

#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/Support/raw_ostream.h>

#include <chrono>

namespace resin::aot {

namespace {

double millisecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

} // namespace

Result<std::string> compileAheadOfTime(const Graph &graph, const AotOptions &options,
                                       AotReport &report) {
  if (!isKernelName(options.name))
    return Diagnostic{"--name", {}, quote(options.name) + " is not a C identifier"};
  // The kernel ABI has one result per point and no images (yet).
  if (graph.isField()) {
    for (const Node &node : graph.nodes)
      if (node.op == Op::Image)
        return Diagnostic{graph.name, node.loc,
                          "a field that reads images (image '" + node.name +
                              "') cannot be compiled ahead of time yet"};
    if (std::vector<NodeId> outputs = graph.outputsByChannel(); outputs.size() > 1)
      return Diagnostic{graph.name, graph[outputs[0]].loc,
                        "a colour field (output r, g, b) cannot be compiled ahead of time yet"};
  }
  // The kernel ABI has no way to set a param yet (its state would start
  // with every param at 0), and field kernels have no state to hold them.
  if (graph.readsParams())
    return Diagnostic{graph.name,
                      {},
                      "ahead-of-time kernels do not run graphs that read params yet; run the "
                      "graph with resinc run, render or eval instead"};
  if (options.emit == EmitKind::Header)
    return kernelHeader(graph, options);
  std::string why;
  auto width = jit::jitWidth(options.engine, options.engineOptions.targetCpu, &why);
  if (!width)
    return Diagnostic{graph.name, {}, why};
  auto session = jit::JitSession::forTarget(options.engineOptions.targetCpu);
  if (!session)
    return session.errors();

  auto start = std::chrono::steady_clock::now();
  llvm::LLVMContext context;
  llvm::Module module("resin." + options.name, context);
  codegen::KernelOptions kernel;
  kernel.name = options.name;
  kernel.width = *width;
  kernel.math = options.engineOptions.math;
  kernel.flushDenormals = options.engineOptions.flushDenormals;
  kernel.setsFloatEnv = true;
  kernel.byteShuffles = (*session)->hasAvx512Vbmi();
  codegen::KernelInfo info = graph.isField() ? codegen::lowerFieldKernel(graph, kernel, module)
                                             : codegen::lowerAudioKernel(graph, kernel, module);
  (*session)->prepare(module);
  report.width = info.width;
  report.stateSize = info.stateSize;
  report.times.ir = millisecondsSince(start);

  start = std::chrono::steady_clock::now();
  (*session)->optimize(module);
  report.times.llvmOpt = millisecondsSince(start);

  start = std::chrono::steady_clock::now();
  std::string text;
  if (options.emit == EmitKind::LlvmIr) {
    llvm::raw_string_ostream stream(text);
    module.print(stream, nullptr);
    stream.flush();
  } else {
    auto code = emitMachineCode(module, (*session)->cpuName(), (*session)->featureString(),
                                options.emit == EmitKind::Object ? CodeFileType::Object
                                                                 : CodeFileType::Assembly);
    if (!code)
      return code.errors();
    text = std::move(*code);
  }
  report.times.codegen = millisecondsSince(start);
  return text;
}

} // namespace resin::aot
