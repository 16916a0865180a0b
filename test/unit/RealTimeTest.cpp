// Real-time safety of compiled kernels (docs/reliability.md, "Real-time
// safety"), the parts a unit test can see; realtime-check (test/cli) runs
// process() under an allocation and lock hook.
//
// - For every audio graph in graphs/*.graph (at -O2, and with the --sanitize
//   guards) and every JIT engine the host runs: the process function calls
//   nothing but LLVM intrinsics, as lowered and after LLVM's passes, and its
//   machine code has no call instruction at all (an intrinsic that the
//   target lowers to a library call would show up there), but for calls to
//   the module's own math functions: big graphs make them
//   (KernelOptions::mathInlineBudget), and so does every stateful kernel's
//   one-lane tail (KernelOptions::tailCallsMath); in the all-calls shape
//   (RESIN_JIT_SHAPE=calls) those are the only calls, and their code calls
//   nothing.
// - The state size is known before init: kernel_state_size() is called
//   first, equals what the lowering reported, and a state of exactly that
//   many bytes, placed against a guard page, runs init and process with the
//   same output, bit for bit, as the engine behind AudioProcessor.
#include "TestUtil.h"

#include "resin/codegen/KernelLowering.h"
#include "resin/engine/Engine.h"
#include "resin/jit/JitEngines.h"
#include "resin/passes/PassManager.h"
#include "resin/passes/Sanitize.h"
#include "resin/registry/EngineRegistry.h"
#include "resin/support/FloatEnv.h"

#include <llvm/IR/Function.h>
#include <llvm/IR/InstIterator.h>
#include <llvm/IR/Instructions.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <sstream>

namespace resin::test {

namespace {

struct Subject {
  std::string name;
  Graph graph;
};

/// Every audio graph in graphs/ at -O2, plus each with --sanitize's guards.
std::vector<Subject> audioSubjects() {
  std::vector<std::filesystem::path> files;
  for (const auto &entry : std::filesystem::directory_iterator(RESIN_GRAPHS_DIR))
    if (entry.path().extension() == ".graph") // the .json twins are the same graphs
      files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  std::vector<Subject> subjects;
  for (const auto &file : files) {
    auto graph = loadFile(file.string());
    REQUIRE_MESSAGE(graph, file.string());
    if (graph->isField())
      continue;
    REQUIRE(runPipeline(*graph, pipelineForLevel(2)));
    Graph sanitized = *graph;
    bool guarded = insertFiniteGuards(sanitized) > 0; // none without stateful ops
    subjects.push_back({file.filename().string(), std::move(*graph)});
    if (guarded)
      subjects.push_back({file.filename().string() + " --sanitize", std::move(sanitized)});
  }
  REQUIRE(subjects.size() >= 10); // 7 graphs, 5 of them with stateful ops
  return subjects;
}

/// Every JIT width the host runs ("jit" is one of them under another name).
std::vector<std::string_view> hostJitEngines() {
  std::vector<std::string_view> engines = jit::hostJitEngines();
  std::erase(engines, std::string_view("jit"));
  return engines;
}

/// Calls in `f` that are not to an LLVM intrinsic nor to an internal
/// function of the module that itself calls only intrinsics (a big graph's
/// math functions, KernelOptions::mathInlineBudget), as text.
std::vector<std::string> nonIntrinsicCalls(const llvm::Function &f) {
  std::vector<std::string> found;
  for (const llvm::Instruction &inst : llvm::instructions(f)) {
    const auto *call = llvm::dyn_cast<llvm::CallBase>(&inst);
    if (!call)
      continue;
    const llvm::Function *callee = call->getCalledFunction();
    bool ownLeaf = callee && callee->hasInternalLinkage() && !callee->isDeclaration() &&
                   callee != &f && nonIntrinsicCalls(*callee).empty();
    if (!callee || (!callee->isIntrinsic() && !ownLeaf) || llvm::isa<llvm::InvokeInst>(call))
      found.push_back(callee ? callee->getName().str() : std::string("(indirect call)"));
  }
  return found;
}

/// The assembly lines of one function: from its label to its end marker.
std::vector<std::string> functionAssembly(const std::string &assembly, const std::string &name) {
  std::istringstream in(assembly);
  std::vector<std::string> lines;
  bool inside = false;
  for (std::string line; std::getline(in, line);) {
    if (!inside && line == name + ":")
      inside = true;
    else if (inside && line.starts_with(".Lfunc_end"))
      break;
    else if (inside)
      lines.push_back(line);
  }
  return lines;
}

/// Whether an assembly line is a call or a jump out of the function (a tail
/// call: jmp to a symbol that is not a local label). A call to one of the
/// module's math functions (resin.NAME.MODE.wW) is not, when that
/// function's own code in `assembly` calls nothing.
bool callsOut(const std::string &line, const std::string &assembly) {
  std::istringstream words(line);
  std::string mnemonic, target;
  words >> mnemonic >> target;
  if (mnemonic.starts_with("call")) {
    if (!target.starts_with("resin."))
      return true;
    std::vector<std::string> body = functionAssembly(assembly, target);
    return body.empty() || std::any_of(body.begin(), body.end(),
                                       [&](const std::string &l) { return callsOut(l, assembly); });
  }
  return mnemonic == "jmp" && !target.empty() && !target.starts_with(".L");
}

/// Three pages, the last PROT_NONE; `bytes` placed to end at the guard.
class GuardedState {
public:
  explicit GuardedState(size_t bytes) {
    page_ = size_t(sysconf(_SC_PAGESIZE));
    size_t usable = ((bytes + 8 + page_ - 1) / page_) * page_;
    total_ = usable + page_;
    void *base = mmap(nullptr, total_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    REQUIRE(base != MAP_FAILED);
    base_ = static_cast<char *>(base);
    REQUIRE(mprotect(base_ + usable, page_, PROT_NONE) == 0);
    // 8-byte aligned, as the layout assumes, and as close to the guard as that allows.
    state_ = base_ + ((usable - bytes) & ~size_t(7));
    std::memset(base_, 0xA5, usable); // init must not rely on zeroed memory
  }
  GuardedState(const GuardedState &) = delete;
  GuardedState &operator=(const GuardedState &) = delete;
  ~GuardedState() { munmap(base_, total_); }
  void *state() { return state_; }

private:
  size_t page_ = 0, total_ = 0;
  char *base_ = nullptr;
  char *state_ = nullptr;
};

/// Input: a sine with a NaN and infinity burst.
std::vector<std::vector<float>> testInput(size_t channels, int64_t len) {
  std::vector<std::vector<float>> in(channels, std::vector<float>(size_t(len)));
  for (size_t c = 0; c < channels; ++c)
    for (int64_t n = 0; n < len; ++n)
      in[c][size_t(n)] = n >= 100 && n < 104 ? (n % 2 ? NAN : INFINITY)
                                             : 0.5f * std::sin(0.02f * float(n) * float(c + 1));
  return in;
}

bool sameBits(float a, float b) {
  return (std::isnan(a) && std::isnan(b)) || std::memcmp(&a, &b, 4) == 0;
}

} // namespace

namespace {

/// The check of the test cases below, in the JIT's current code shape;
/// returns how many calls to the module's own math functions it allowed.
int checkProcessCallsNothing() {
  int ownCalls = 0;
  auto session = jit::JitSession::host();
  REQUIRE(session);
  for (const Subject &subject : audioSubjects()) {
    for (std::string_view engine : hostJitEngines()) {
      INFO(subject.name << " with " << engine);
      llvm::LLVMContext context;
      CompileReport report;
      auto module = jit::lowerForEngine(engine, subject.graph, {}, context, report);
      REQUIRE(module);
      llvm::Function *process = (*module)->getFunction("kernel_process");
      REQUIRE(process != nullptr);
      CHECK(nonIntrinsicCalls(*process) == std::vector<std::string>{});
      (*session)->optimize(**module);
      CHECK(nonIntrinsicCalls(*process) == std::vector<std::string>{});
      auto assembly = (*session)->assembly(**module);
      REQUIRE(assembly);
      std::vector<std::string> lines = functionAssembly(*assembly, "kernel_process");
      REQUIRE(lines.size() > 5);
      std::vector<std::string> calls;
      for (const std::string &line : lines) {
        if (callsOut(line, *assembly))
          calls.push_back(line);
        else if (line.find("call") != std::string::npos && line.find("resin.") != std::string::npos)
          ++ownCalls;
      }
      CHECK(calls == std::vector<std::string>{});
    }
  }
  return ownCalls;
}

} // namespace

TEST_CASE("real-time: the process function of every graph and JIT width calls nothing but "
          "intrinsics, and its machine code has no call") {
  checkProcessCallsNothing();
}

TEST_CASE("real-time: with math as calls and lanes as loops, the process function calls only "
          "its module's own math functions, which call nothing") {
  ::setenv("RESIN_JIT_SHAPE", "calls", 1);
  int ownCalls = checkProcessCallsNothing();
  ::unsetenv("RESIN_JIT_SHAPE");
  CHECK(ownCalls > 0); // the graphs' sin and tanh did become calls
}

TEST_CASE("real-time: kernel_state_size is callable before init and a state of exactly that "
          "size runs init and process") {
  using StateSizeFn = size_t (*)();
  using InitFn = void (*)(void *);
  using ProcessFn = void (*)(void *, const float *const *, float *const *, int64_t);
  auto session = jit::JitSession::host();
  REQUIRE(session);
  constexpr int64_t kLen = 1000;
  for (const Subject &subject : audioSubjects()) {
    for (std::string_view engine : hostJitEngines()) {
      INFO(subject.name << " with " << engine);
      auto context = std::make_unique<llvm::LLVMContext>();
      CompileReport report;
      auto module = jit::lowerForEngine(engine, subject.graph, {}, *context, report);
      REQUIRE(module);
      PhaseTimes times;
      auto code =
          (*session)->compile(std::move(*module), std::move(context),
                              {"kernel_state_size", "kernel_init", "kernel_process"}, times);
      REQUIRE(code);
      auto stateSize = reinterpret_cast<StateSizeFn>((*code)->lookup("kernel_state_size"));
      auto init = reinterpret_cast<InitFn>((*code)->lookup("kernel_init"));
      auto process = reinterpret_cast<ProcessFn>((*code)->lookup("kernel_process"));
      REQUIRE(bool(stateSize));
      REQUIRE(bool(init));
      REQUIRE(bool(process));
      // First call into the module: no init has run, no state exists yet.
      const size_t bytes = stateSize();
      CHECK(bytes == report.stateSize);
      CHECK(bytes >= 8); // n is always there
      CHECK(stateSize() == bytes);

      auto reference = makeAudioProcessor(engine, subject.graph);
      REQUIRE(reference);
      const size_t numIn = (*reference)->numInputs(), numOut = (*reference)->numOutputs();
      auto in = testInput(numIn, kLen);
      std::vector<std::vector<float>> want(numOut, std::vector<float>(kLen));
      std::vector<std::vector<float>> got(numOut, std::vector<float>(kLen));
      std::vector<const float *> inPointers;
      std::vector<float *> wantPointers, gotPointers;
      for (auto &c : in)
        inPointers.push_back(c.data());
      for (size_t c = 0; c < numOut; ++c) {
        wantPointers.push_back(want[c].data());
        gotPointers.push_back(got[c].data());
      }
      (*reference)->init();
      (*reference)->process(inPointers.data(), wantPointers.data(), kLen);

      GuardedState state(bytes);
      init(state.state());
      {
        // The engine sets FTZ/DAZ around process(); do the same here.
        ScopedFlushDenormals ftz(true);
        // A negative len (the ABI's int64_t) is an empty call: no output
        // written, the state (n included) untouched.
        const std::vector<uint8_t> before(static_cast<uint8_t *>(state.state()),
                                          static_cast<uint8_t *>(state.state()) + bytes);
        for (auto &c : got)
          std::fill(c.begin(), c.end(), 12345.0f);
        for (int64_t negative : {int64_t(-1), int64_t(-17), INT64_MIN}) {
          process(state.state(), inPointers.data(), gotPointers.data(), negative);
          CHECK(std::memcmp(before.data(), state.state(), bytes) == 0);
          for (auto &c : got)
            CHECK(std::count(c.begin(), c.end(), 12345.0f) == kLen);
        }
        process(state.state(), inPointers.data(), gotPointers.data(), kLen);
      }
      size_t mismatches = 0;
      for (size_t c = 0; c < numOut; ++c)
        for (int64_t i = 0; i < kLen; ++i)
          mismatches += !sameBits(got[c][size_t(i)], want[c][size_t(i)]);
      CHECK(mismatches == 0);
    }
  }
}

} // namespace resin::test

namespace resin::test {

TEST_CASE("real-time: a field's row with a negative len writes nothing") {
  using RowFn = void (*)(float, float, float, float, float, float *, int64_t);
  auto session = jit::JitSession::host();
  REQUIRE(session);
  auto field = loadFile(std::string(RESIN_GRAPHS_DIR) + "/perlin.field");
  REQUIRE(field);
  for (std::string_view engine : hostJitEngines()) {
    INFO(engine);
    auto context = std::make_unique<llvm::LLVMContext>();
    CompileReport report;
    auto module = jit::lowerForEngine(engine, *field, {}, *context, report);
    REQUIRE(module);
    PhaseTimes times;
    auto code = (*session)->compile(std::move(*module), std::move(context), {"kernel_row"}, times);
    REQUIRE(code);
    auto row = reinterpret_cast<RowFn>((*code)->lookup("kernel_row"));
    REQUIRE(bool(row));
    // Guard values on both sides of where a negative length's arithmetic
    // would land: none may change.
    std::vector<float> buffer(256, 12345.0f);
    for (int64_t negative : {int64_t(-1), int64_t(-33), INT64_MIN})
      row(0.25f, 0.01f, 0.5f, 0.f, 0.f, buffer.data() + 128, negative);
    CHECK(std::count(buffer.begin(), buffer.end(), 12345.0f) == 256);
    row(0.25f, 0.01f, 0.5f, 0.f, 0.f, buffer.data() + 128, 3); // and it still works
    CHECK(std::count(buffer.begin(), buffer.end(), 12345.0f) == 253);
  }
}

} // namespace resin::test
