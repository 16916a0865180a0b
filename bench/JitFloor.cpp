// resin_jit_floor: what an LLVM JIT compile costs before a kernel adds
// anything. It compiles an empty function (`void f() {}`) three times through
// resinc's own JitSession, timed as `resinc compile` times total_ms (the IR
// build plus the session's llvm_opt and codegen phases, up to a callable
// pointer; the session is created first, outside the timer), and
// prints the three times as one JSON line. Run in fresh processes
// (bench/jit-floor), the first time is the floor of a fresh `resinc compile`:
// LLVM's first use in the process. docs/performance.md, "The floor: an
// empty function".
//
// Not a Google Benchmark binary on purpose: the quantity is a process's first
// compile, which a benchmark's repetitions in one process cannot measure.
#include "resin/jit/JitSession.h"

#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>

namespace {

/// total_ms of an empty function's compile, summed from its phases as
/// `resinc compile` sums them (the context is made before the IR phase, as
/// there), or a negative number when the JIT fails.
double compileEmptyFunction(resin::jit::JitSession &session, int round) {
  auto context = std::make_unique<llvm::LLVMContext>();
  auto start = std::chrono::steady_clock::now();
  auto module = std::make_unique<llvm::Module>("resin.floor", *context);
  std::string name = "resin_floor_" + std::to_string(round);
  auto *type = llvm::FunctionType::get(llvm::Type::getVoidTy(*context), false);
  auto *fn = llvm::Function::Create(type, llvm::Function::ExternalLinkage, name, *module);
  llvm::IRBuilder<> builder(llvm::BasicBlock::Create(*context, "entry", fn));
  builder.CreateRetVoid();
  double irMs =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  resin::PhaseTimes times;
  auto compiled = session.compile(std::move(module), std::move(context), {name}, times);
  if (!compiled || !(*compiled)->lookup(name)) {
    std::fprintf(stderr, "resin_jit_floor: %s\n",
                 compiled ? "no address for the function" : compiled.errors()[0].str().c_str());
    return -1;
  }
  return irMs + times.llvmOpt + times.codegen;
}

} // namespace

int main() {
  auto session = resin::jit::JitSession::host();
  if (!session) {
    std::fprintf(stderr, "resin_jit_floor: %s\n", session.errors()[0].str().c_str());
    return 1;
  }
  double ms[3];
  for (int round = 0; round < 3; ++round)
    if ((ms[round] = compileEmptyFunction(**session, round)) < 0)
      return 1;
  std::printf("{\"first_ms\": %.4f, \"second_ms\": %.4f, \"third_ms\": %.4f}\n", ms[0], ms[1],
              ms[2]);
  return 0;
}
