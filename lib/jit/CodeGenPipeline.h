// The JIT's code generation pipeline and the process-wide LLVM switches it
// depends on. LLVM's code generation options are command-line options
// (cl::opt) shared by the whole process; this unit is the one place resin
// sets them, and the pipelines built here are the only ones that see the
// JIT's settings.
#pragma once

#include <llvm/ExecutionEngine/Orc/IRCompileLayer.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>

#include <functional>
#include <mutex>

namespace resin::jit {

/// SelectionDAG selects all code, also at -O0 (LLVM's -fast-isel=false, set
/// once for the process): FastISel selects `a < b ? a : b` as a compare and
/// a blend, which under DAZ passes a subnormal `a` through where minss (what
/// GCC emits for interp) returns 0.
void selectWithSelectionDag();

/// Held while any code generation pipeline is built, so that no pipeline
/// is built while buildJitPipeline has the JIT's switches set.
[[nodiscard]] std::unique_lock<std::mutex> lockCodeGenOptions();

/// Runs `addPasses` (which adds the target's code generation passes to a
/// pass manager and returns true on failure, as LLVM's addPassesToEmit* do)
/// with the JIT's switches: loop strength reduction off. LSR and the scalar
/// evolution it asks for were about 18% of the affine chain's compile
/// instructions, and turning it off left the benchmarked kernels' times
/// within the noise (docs/architecture.md, "The JIT"). The ahead-of-time
/// pipeline keeps LLVM's defaults; the compile cache uses the JIT's.
bool buildJitPipeline(const std::function<bool()> &addPasses);

/// The JIT's compiler for IRCompileLayer: the code generation pipeline
/// (about 150 passes) is built at the first module and run on every module
/// after it, as llc's -compile-twice does. Building it is about 2.2M
/// instructions, a fifth of a warm compile of the affine chain; a process
/// that compiles once (`resinc compile`) pays it once either way. Not
/// thread-safe: the session compiles (each module whole, at the lookup of
/// its symbols) under its lock.
class ReusedPipelineCompiler final : public llvm::orc::IRCompileLayer::IRCompiler {
public:
  explicit ReusedPipelineCompiler(llvm::TargetMachine &machine);
  llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> operator()(llvm::Module &module) override;

private:
  llvm::TargetMachine &machine_;
  // The stream before the pass manager, whose object writer refers to it.
  llvm::SmallVector<char, 0> object_;
  llvm::raw_svector_ostream stream_{object_};
  std::unique_ptr<llvm::legacy::PassManager> passes_;
};

} // namespace resin::jit
