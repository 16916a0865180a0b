// The JIT's code generation pipeline (lib/jit/CodeGenPipeline.h): its
// switches are set only while the JIT's pipeline is built, and the one
// pipeline it builds compiles module after module, each into its own
// object, the same bytes as a newly built pipeline's.
#include "jit/CodeGenPipeline.h"

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
  return std::unique_ptr<llvm::TargetMachine>(
      target->createTargetMachine(triple, "x86-64", "", llvm::TargetOptions(), llvm::Reloc::PIC_,
                                  std::nullopt, llvm::CodeGenOptLevel::Less));
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

/// The names of the functions an object defines.
std::set<std::string> definedFunctions(const llvm::MemoryBuffer &object) {
  auto file = llvm::object::ObjectFile::createObjectFile(object.getMemBufferRef());
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
  REQUIRE(machine);
  jit::ReusedPipelineCompiler compile(*machine);
  llvm::LLVMContext context;
  auto first = constantFunction(context, *machine, "first", 1);
  auto second = constantFunction(context, *machine, "second", 2);
  auto same = constantFunction(context, *machine, "first", 3); // a name defined before
  auto a = compile(*first), b = compile(*second), c = compile(*same);
  REQUIRE(static_cast<bool>(a));
  REQUIRE(static_cast<bool>(b));
  REQUIRE(static_cast<bool>(c));
  CHECK(definedFunctions(**a) == std::set<std::string>{"first"});
  CHECK(definedFunctions(**b) == std::set<std::string>{"second"});
  CHECK(definedFunctions(**c) == std::set<std::string>{"first"});
  // The third object is the first one's with another constant: the same
  // size, different bytes (each run starts from an empty buffer).
  CHECK((*c)->getBufferSize() == (*a)->getBufferSize());
  CHECK((*c)->getBuffer() != (*a)->getBuffer());
}

TEST_CASE("codegen pipeline: a reused pipeline gives a newly built one's object, byte for byte, "
          "after its module's context is gone and another pipeline ran") {
  auto machine = hostMachine();
  REQUIRE(machine);
  jit::ReusedPipelineCompiler reused(*machine);
  {
    llvm::LLVMContext first;
    auto module = constantFunction(first, *machine, "kernel", 1);
    REQUIRE(static_cast<bool>(reused(*module)));
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
  auto module = constantFunction(second, *machine, "kernel", 2);
  auto again = reused(*module);
  jit::ReusedPipelineCompiler fresh(*machine);
  auto same = constantFunction(third, *machine, "kernel", 2);
  auto expected = fresh(*same);
  REQUIRE(static_cast<bool>(again));
  REQUIRE(static_cast<bool>(expected));
  CHECK((*again)->getBuffer() == (*expected)->getBuffer());
}

} // namespace resin::test
