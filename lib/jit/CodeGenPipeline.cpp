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
  // LLVM reads the option once, while TargetPassConfig adds the IR passes:
  // set for this build only, and put back as it was on every way out.
  auto *disableLsr = static_cast<llvm::cl::opt<bool> *>(findOption("disable-lsr"));
  struct Restore {
    llvm::cl::opt<bool> *option;
    bool was;
    ~Restore() {
      if (option)
        *option = was;
    }
  } restore{disableLsr, disableLsr && disableLsr->getValue()};
  if (disableLsr)
    *disableLsr = true;
  return addPasses();
}

ReusedPipelineCompiler::ReusedPipelineCompiler(llvm::TargetMachine &machine)
    : IRCompiler(llvm::orc::irManglingOptionsFromTargetOptions(machine.Options)),
      machine_(machine) {}

llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>>
ReusedPipelineCompiler::operator()(llvm::Module &module) {
  if (!passes_) {
    // Kept only when complete: a failed build may have added some passes.
    auto passes = std::make_unique<llvm::legacy::PassManager>();
    bool failed = buildJitPipeline([&] {
      llvm::MCContext *context = nullptr;
      return machine_.addPassesToEmitMC(*passes, context, stream_);
    });
    if (failed)
      return llvm::make_error<llvm::StringError>("the target cannot emit machine code",
                                                 llvm::inconvertibleErrorCode());
    passes_ = std::move(passes);
  }
  // The object writer writes at absolute positions of the stream (the ELF
  // header's section table offset and count are patched at fixed offsets
  // from byte 0), so each run's object must start at 0.
  object_.clear();
  passes_->run(module);
  return llvm::MemoryBuffer::getMemBufferCopy(llvm::StringRef(object_.data(), object_.size()),
                                              module.getModuleIdentifier());
}

} // namespace resin::jit
