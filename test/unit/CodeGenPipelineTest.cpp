// The JIT's code generation pipeline (lib/jit/CodeGenPipeline.h): its
// switches are set only while the JIT's pipeline is built, and the one
// pipeline it builds compiles module after module, each into its own
// object, the same bytes as a newly built pipeline's; what goes wrong in
// code generation or linking reaches the caller's diagnostic.
#include "jit/CodeGenPipeline.h"
#include "resin/jit/JitSession.h"

#include <doctest/doctest.h>

#include <llvm/ADT/SmallString.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/Module.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Object/ObjectFile.h>
#include <llvm/Support/CommandLine.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/TargetParser/Host.h>

#include <memory>
#include <set>
#include <string>

namespace resin::test {

namespace {

bool lsrDisabled() {
  auto &options = llvm::cl::getRegisteredOptions();
  auto found = options.find("disable-lsr");
  REQUIRE(found != options.end());
  return static_cast<llvm::cl::opt<bool> *>(found->second)->getValue();
}

std::unique_ptr<llvm::TargetMachine> hostMachine() {
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  std::string triple = llvm::sys::getProcessTriple(), error;
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(triple, error);
  REQUIRE(target);
  std::unique_ptr<llvm::TargetMachine> machine(
      target->createTargetMachine(triple, "x86-64", "", llvm::TargetOptions(), llvm::Reloc::PIC_,
                                  std::nullopt, llvm::CodeGenOptLevel::Less));
  REQUIRE(machine);
  return machine;
}

/// A module defining `name`, returning `value`.
std::unique_ptr<llvm::Module> constantFunction(llvm::LLVMContext &context,
                                               llvm::TargetMachine &machine,
                                               const std::string &name, int value) {
  auto module = std::make_unique<llvm::Module>("m_" + name, context);
  module->setDataLayout(machine.createDataLayout());
  module->setTargetTriple(machine.getTargetTriple().str());
  llvm::IRBuilder<> b(context);
  auto *fn = llvm::Function::Create(llvm::FunctionType::get(b.getInt32Ty(), false),
                                    llvm::Function::ExternalLinkage, name, *module);
  b.SetInsertPoint(llvm::BasicBlock::Create(context, "entry", fn));
  b.CreateRet(b.getInt32(value));
  return module;
}

/// What `compile` makes of a module, built in `context`, defining `name`
/// returning `value`: the object's bytes.
std::string objectOf(jit::ReusedPipelineCompiler &compile, llvm::LLVMContext &context,
                     llvm::TargetMachine &machine, const std::string &name, int value) {
  auto module = constantFunction(context, machine, name, value);
  auto object = compile(*module);
  REQUIRE(static_cast<bool>(object));
  return (*object)->getBuffer().str();
}

/// The names of the functions an object defines.
std::set<std::string> definedFunctions(const std::string &object) {
  auto file = llvm::object::ObjectFile::createObjectFile(llvm::MemoryBufferRef(object, "object"));
  REQUIRE(static_cast<bool>(file));
  std::set<std::string> names;
  for (const llvm::object::SymbolRef &symbol : (*file)->symbols()) {
    auto type = symbol.getType();
    auto name = symbol.getName();
    REQUIRE(static_cast<bool>(type));
    REQUIRE(static_cast<bool>(name));
    if (*type == llvm::object::SymbolRef::ST_Function)
      names.insert(name->str());
  }
  return names;
}

} // namespace

TEST_CASE("codegen pipeline: loop strength reduction is off only while the JIT's pipeline is "
          "built") {
  CHECK_FALSE(lsrDisabled());
  bool during = false;
  bool failed = jit::buildJitPipeline([&] {
    during = lsrDisabled();
    return false;
  });
  CHECK_FALSE(failed);
  CHECK(during);
  CHECK_FALSE(lsrDisabled());
  CHECK(jit::buildJitPipeline([] { return true; })); // a failure is passed on
  CHECK_FALSE(lsrDisabled());
}

TEST_CASE("codegen pipeline: one pipeline compiles module after module, each into its own "
          "object") {
  auto machine = hostMachine();
  jit::ReusedPipelineCompiler compile(*machine);
  llvm::LLVMContext context;
  std::string first = objectOf(compile, context, *machine, "first", 1);
  std::string second = objectOf(compile, context, *machine, "second", 2);
  std::string same = objectOf(compile, context, *machine, "first", 3); // a name defined before
  CHECK(definedFunctions(first) == std::set<std::string>{"first"});
  CHECK(definedFunctions(second) == std::set<std::string>{"second"});
  CHECK(definedFunctions(same) == std::set<std::string>{"first"});
  // The third object is the first one's with another constant: the same
  // size, different bytes (each run starts from an empty buffer).
  CHECK(same.size() == first.size());
  CHECK(same != first);
}

TEST_CASE("codegen pipeline: a reused pipeline gives a newly built one's object, byte for byte, "
          "after its module's context is gone and another pipeline ran") {
  auto machine = hostMachine();
  jit::ReusedPipelineCompiler reused(*machine);
  {
    llvm::LLVMContext first;
    objectOf(reused, first, *machine, "kernel", 1);
  } // the JIT, too, destroys each module's context after its compile
  {
    // Another pipeline on the same TargetMachine in between, as
    // JitSession::assembly builds one.
    llvm::LLVMContext other;
    auto module = constantFunction(other, *machine, "listed", 4);
    llvm::SmallString<1024> text;
    llvm::raw_svector_ostream stream(text);
    llvm::legacy::PassManager passes;
    REQUIRE_FALSE(jit::buildJitPipeline([&] {
      return machine->addPassesToEmitFile(passes, stream, nullptr,
                                          llvm::CodeGenFileType::AssemblyFile);
    }));
    passes.run(*module);
    CHECK(text.str().contains("listed:"));
  }
  llvm::LLVMContext second, third;
  jit::ReusedPipelineCompiler fresh(*machine);
  CHECK(objectOf(reused, second, *machine, "kernel", 2) ==
        objectOf(fresh, third, *machine, "kernel", 2));
}

TEST_CASE("codegen pipeline: a link error reaches the diagnostic, not only the missing symbol") {
  // The first lookup of a module generates and links its code: an
  // unresolved call must be reported as LLVM words it.
  auto session = jit::JitSession::host();
  REQUIRE(session);
  auto context = std::make_unique<llvm::LLVMContext>();
  auto module = std::make_unique<llvm::Module>("calls_nowhere", *context);
  llvm::IRBuilder<> b(*context);
  auto *type = llvm::FunctionType::get(b.getVoidTy(), false);
  auto *missing = llvm::Function::Create(type, llvm::Function::ExternalLinkage,
                                         "resin_test_no_such_function", *module);
  auto *fn =
      llvm::Function::Create(type, llvm::Function::ExternalLinkage, "calls_nowhere", *module);
  b.SetInsertPoint(llvm::BasicBlock::Create(*context, "entry", fn));
  b.CreateCall(missing);
  b.CreateRetVoid();
  PhaseTimes times;
  auto compiled =
      (*session)->compile(std::move(module), std::move(context), {"calls_nowhere"}, times);
  REQUIRE_FALSE(compiled);
  std::string message = compiled.errors().front().message;
  CAPTURE(message);
  CHECK(message.find("lacks calls_nowhere: ") != std::string::npos);
  CHECK(message.find("resin_test_no_such_function") != std::string::npos);
}

} // namespace resin::test
