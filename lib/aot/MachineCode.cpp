// Machine code for ahead-of-time output (MachineCode.h): position-independent
// code (an object that a PIE executable or a shared library can take) at
// LLVM's aggressive code generation level, whatever the JIT trades for
// latency, since such an object is built once and linked into a program.
// Target machines are made once per CPU and feature string and reused under
// a lock.
#include "MachineCode.h"

#include "jit/CodeGenPipeline.h"

#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/Module.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>
#include <llvm/Target/TargetOptions.h>
#include <llvm/TargetParser/Host.h>

#include <map>
#include <mutex>

namespace resin::aot {

namespace {

std::mutex machinesLock;

/// The target machine for (cpu, features), made on first use. Call with
/// machinesLock held.
Result<llvm::TargetMachine *> machineFor(const std::string &cpu, const std::string &features) {
  static std::map<std::pair<std::string, std::string>, std::unique_ptr<llvm::TargetMachine>>
      machines;
  auto &slot = machines[{cpu, features}];
  if (slot)
    return slot.get();
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  std::string triple = llvm::sys::getProcessTriple(), error;
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return Diagnostic{"codegen", {}, error};
  slot.reset(target->createTargetMachine(triple, cpu, features, llvm::TargetOptions(),
                                         llvm::Reloc::PIC_, std::nullopt,
                                         llvm::CodeGenOptLevel::Aggressive));
  if (!slot)
    return Diagnostic{"codegen", {}, "cannot make a target machine for " + quote(cpu)};
  return slot.get();
}

} // namespace

Result<std::string> emitMachineCode(llvm::Module &module, const std::string &cpu,
                                    const std::string &features, CodeFileType type) {
  std::lock_guard<std::mutex> lock(machinesLock);
  auto machine = machineFor(cpu, features);
  if (!machine)
    return machine.errors();
  module.setDataLayout((*machine)->createDataLayout());
  module.setTargetTriple((*machine)->getTargetTriple().str());
  llvm::SmallVector<char, 0> code;
  llvm::raw_svector_ostream stream(code);
  llvm::legacy::PassManager passes;
  auto fileType = type == CodeFileType::Object ? llvm::CodeGenFileType::ObjectFile
                                               : llvm::CodeGenFileType::AssemblyFile;
  bool failed;
  {
    auto options = jit::lockCodeGenOptions(); // LLVM's defaults, not the JIT's switches
    failed = (*machine)->addPassesToEmitFile(passes, stream, nullptr, fileType);
  }
  if (failed)
    return Diagnostic{"codegen", {}, "the target cannot emit this kind of file"};
  passes.run(module);
  return std::string(code.data(), code.size());
}

} // namespace resin::aot
