// The JIT's code generation pipeline and LLVM's process-wide switches
// (CodeGenPipeline.h).
#include "CodeGenPipeline.h"

#include <llvm/ExecutionEngine/Orc/CompileUtils.h>
#include <llvm/IR/Module.h>
#include <llvm/Support/CommandLine.h>
#include <llvm/Support/MemoryBuffer.h>

namespace resin::jit {

namespace {

std::mutex optionsLock;

llvm::cl::Option *findOption(llvm::StringRef name) {
  llvm::StringMap<llvm::cl::Option *> &options = llvm::cl::getRegisteredOptions();
  auto found = options.find(name);
  return found == options.end() ? nullptr : found->second;
}

} // namespace

void selectWithSelectionDag() {
  std::lock_guard<std::mutex> lock(optionsLock);
  llvm::cl::Option *fastIsel = findOption("fast-isel");
  if (fastIsel && fastIsel->getNumOccurrences() == 0)
    fastIsel->addOccurrence(0, "fast-isel", "false");
}

std::unique_lock<std::mutex> lockCodeGenOptions() {
  return std::unique_lock<std::mutex>(optionsLock);
}

bool buildJitPipeline(const std::function<bool()> &addPasses) {
  std::lock_guard<std::mutex> lock(optionsLock);
  // Read once, while TargetPassConfig adds the IR passes: set only for this
  // build, then back to LLVM's default.
  llvm::cl::Option *disableLsr = findOption("disable-lsr");
  if (disableLsr)
    disableLsr->addOccurrence(0, "disable-lsr", "true");
  bool failed = addPasses();
  if (disableLsr)
    disableLsr->addOccurrence(0, "disable-lsr", "false");
  return failed;
}

ReusedPipelineCompiler::ReusedPipelineCompiler(llvm::TargetMachine &machine)
    : IRCompiler(llvm::orc::irManglingOptionsFromTargetOptions(machine.Options)),
      machine_(machine) {}

llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>>
ReusedPipelineCompiler::operator()(llvm::Module &module) {
  if (!built_) {
    bool failed = buildJitPipeline([this] {
      llvm::MCContext *context = nullptr;
      return machine_.addPassesToEmitMC(passes_, context, stream_);
    });
    if (failed)
      return llvm::make_error<llvm::StringError>("the target cannot emit machine code",
                                                 llvm::inconvertibleErrorCode());
    built_ = true;
  }
  // The stream appends to object_; each run's object starts empty (the
  // object writer measures offsets from where it starts).
  object_.clear();
  passes_.run(module);
  return llvm::MemoryBuffer::getMemBufferCopy(llvm::StringRef(object_.data(), object_.size()),
                                              module.getModuleIdentifier());
}

} // namespace resin::jit
