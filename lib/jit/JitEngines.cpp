// JIT engines: lower the graph to a module, compile it in the session, and
// call the kernel through the AudioProcessor / FieldEvaluator interface.
// MXCSR (FTZ/DAZ for audio, cleared for fields) is set around each call, as
// for the C++ engines, so every engine runs in the same environment.
#include "resin/jit/JitEngines.h"

#include "resin/codegen/KernelLowering.h"
#include "resin/engine/KernelControls.h"
#include "resin/jit/CompileCache.h"
#include "resin/support/FloatEnv.h"

#include <limits>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <mutex>

namespace resin::jit {

namespace {

struct EngineWidth {
  std::string_view name;
  unsigned width; // 0: the widest the host runs
};
constexpr EngineWidth kEngines[] = {
    {"jit-scalar", 1}, {"jit-f32x4", 4}, {"jit-f32x8", 8}, {"jit-f32x16", 16}, {"jit", 0}};

using ProcessFn = void (*)(void *, const float *const *, float *const *, int64_t);
using EvalFn = float (*)(float, float, float, float);
using RowFn = void (*)(float, float, float, float, float, float *, int64_t);

/// The environment's hooks into KernelOptions, unset in normal use:
/// RESIN_TEST_MUTATE=OP:WIDTH (e.g. add:8) breaks one op in one width by one
/// ulp, so tests can check that verify catches a broken engine;
/// RESIN_JIT_SHAPE=inline|calls overrides the cost model of KernelOptions
/// (math uses inlined or called, stateful lanes straight-line or looped):
/// `inline` is every use inline and every lane step straight-line, `calls`
/// the opposite. For measuring the model and for the parity tests, which
/// cover both shapes on every graph.
void applyTestHooks(codegen::KernelOptions &kernel) {
  if (const char *shape = std::getenv("RESIN_JIT_SHAPE")) {
    bool calls = std::string_view(shape) == "calls";
    if (calls || std::string_view(shape) == "inline") {
      kernel.mathInlineBudget = calls ? 0 : ~0u;
      kernel.unrolledLaneSteps = calls ? 0 : ~0u;
      kernel.recurrenceBoundSteps = calls ? 0 : ~0u;
      kernel.tailCallsMath = calls;
    }
  }
  const char *spec = std::getenv("RESIN_TEST_MUTATE");
  if (!spec)
    return;
  std::string_view text(spec);
  size_t colon = text.find(':');
  if (colon == std::string_view::npos)
    return;
  auto op = findOp(text.substr(0, colon));
  if (!op)
    return;
  kernel.mutateOp = *op;
  kernel.mutateWidth = unsigned(std::atoi(std::string(text.substr(colon + 1)).c_str()));
}

/// Lowers and compiles the kernel of `graph`, generating `symbols`.
Result<std::unique_ptr<CompiledModule>> compileKernel(std::string_view engine, const Graph &graph,
                                                      const EngineOptions &options,
                                                      const std::vector<std::string> &symbols,
                                                      CompileReport &report) {
  // One compile at a time: the session's code generation pipeline is built
  // once and reused, and the tiered engines compile on worker threads.
  static std::mutex oneAtATime;
  std::lock_guard<std::mutex> lock(oneAtATime);
  // The cache is opt-in, and a mutated (test) kernel must never be cached.
  if (!cache::cacheDirectory(options.cache).empty() && !std::getenv("RESIN_TEST_MUTATE"))
    return compileWithCache(engine, graph, options, symbols, report);
  auto context = std::make_unique<llvm::LLVMContext>();
  auto module = lowerForEngine(engine, graph, options, *context, report);
  if (!module)
    return module.errors();
  auto session = JitSession::forTarget(options.targetCpu);
  if (!session)
    return session.errors();
  return (*session)->compile(std::move(*module), std::move(context), symbols, report.times);
}

class JitProcessor final : public AudioProcessor {
public:
  JitProcessor(std::string engine, std::unique_ptr<CompiledModule> code, const Graph &graph,
               const CompileReport &report, bool flush)
      : engine_(std::move(engine)), code_(std::move(code)), inputs_(graph.inputsByChannel().size()),
        outputs_(graph.outputsByChannel().size()), flush_(flush),
        state_((report.stateSize + 7) / 8, 0), report_(report) {
    process_ = reinterpret_cast<ProcessFn>(code_->lookup("kernel_process"));
    if (!graph.params.empty()) {
      schedule_ = std::make_unique<Schedule>(buildSchedule(graph));
      controls_ = std::make_unique<KernelControls>(graph, *schedule_);
    }
    init();
  }
  std::string_view engine() const override { return engine_; }
  bool setParam(uint32_t index, float value) override {
    return controls_ && controls_->set(index, value, kernelState());
  }
  float param(uint32_t index) const override {
    return controls_ && index < controls_->params().size()
               ? controls_->params().value(index)
               : std::numeric_limits<float>::quiet_NaN();
  }
  size_t numInputs() const override { return inputs_; }
  size_t numOutputs() const override { return outputs_; }
  /// What the kernel's kernel_init does (docs/reference/cli.md's ABI; AOT objects keep
  /// it), without compiling it: every state starts at
  /// zero. Code generation has a fixed cost per function; leaving this one
  /// out took 0.85 ms (12%) off a fresh `resinc compile --no-cache` of the
  /// affine chain. Then the params' defaults go into the control area.
  void init() override {
    std::fill(state_.begin(), state_.end(), 0);
    if (controls_)
      controls_->reset(kernelState());
  }
  void process(const float *const *in, float *const *out, int64_t len) override {
    ScopedFlushDenormals env(flush_);
    process_(state_.data(), in, out, len);
  }
  std::span<std::byte> kernelState() override { return std::as_writable_bytes(std::span(state_)); }
  void adoptKernelState() override {
    if (controls_)
      controls_->adopt(kernelState());
  }
  const CompileReport *compileReport() const override { return &report_; }

private:
  std::string engine_;
  std::unique_ptr<CompiledModule> code_;
  size_t inputs_, outputs_;
  bool flush_;
  std::vector<uint64_t> state_; // 8-byte aligned, as the layout assumes
  CompileReport report_;
  ProcessFn process_ = nullptr;
  std::unique_ptr<Schedule> schedule_;       // with params only
  std::unique_ptr<KernelControls> controls_; // with params only
};

class JitField final : public FieldEvaluator {
public:
  JitField(std::string engine, std::unique_ptr<CompiledModule> code, const CompileReport &report)
      : engine_(std::move(engine)), code_(std::move(code)), report_(report) {
    eval_ = reinterpret_cast<EvalFn>(code_->lookup("kernel_eval"));
    row_ = reinterpret_cast<RowFn>(code_->lookup("kernel_row"));
  }
  std::string_view engine() const override { return engine_; }
  // The registry gives this engine no graph that reads a param yet.
  bool setParam(uint32_t, float) override { return false; }
  float param(uint32_t) const override { return std::numeric_limits<float>::quiet_NaN(); }
  float eval(float x, float y, float z, float t) const override {
    ScopedFlushDenormals env(false);
    return eval_(x, y, z, t);
  }
  void row(float x0, float dx, float y, float z, float t, float *out, int64_t len) const override {
    ScopedFlushDenormals env(false);
    row_(x0, dx, y, z, t, out, len);
  }
  const CompileReport *compileReport() const override { return &report_; }

private:
  std::string engine_;
  std::unique_ptr<CompiledModule> code_;
  CompileReport report_;
  EvalFn eval_ = nullptr;
  RowFn row_ = nullptr;
};

} // namespace

Result<std::unique_ptr<llvm::Module>> lowerForEngine(std::string_view engine, const Graph &graph,
                                                     const EngineOptions &options,
                                                     llvm::LLVMContext &context,
                                                     CompileReport &report) {
  std::string why;
  auto width = jitWidth(engine, options.targetCpu, &why);
  if (!width)
    return Diagnostic{graph.name, {}, why};
  auto session = JitSession::forTarget(options.targetCpu);
  auto start = std::chrono::steady_clock::now();
  auto module = std::make_unique<llvm::Module>("resin." + graph.name, context);
  codegen::KernelOptions kernel;
  kernel.width = *width;
  kernel.math = options.math;
  kernel.flushDenormals = options.flushDenormals;
  kernel.byteShuffles = (*session)->hasAvx512Vbmi();
  applyTestHooks(kernel);
  codegen::KernelInfo info = graph.isField() ? codegen::lowerFieldKernel(graph, kernel, *module)
                                             : codegen::lowerAudioKernel(graph, kernel, *module);
  (*session)->prepare(*module);
  report.width = info.width;
  report.stateSize = info.stateSize;
  report.times.ir =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return module;
}

bool isJitEngine(std::string_view engine) {
  for (const EngineWidth &e : kEngines)
    if (e.name == engine)
      return true;
  return false;
}

std::optional<unsigned> jitWidth(std::string_view engine, const std::string &targetCpu,
                                 std::string *whyNot) {
  auto session = JitSession::forTarget(targetCpu);
  if (!session) {
    if (whyNot)
      *whyNot = "the JIT is unavailable: " + session.errors()[0].message;
    return std::nullopt;
  }
  unsigned widest = (*session)->hasAvx512() ? 16 : (*session)->hasAvx2() ? 8 : 4;
  for (const EngineWidth &e : kEngines) {
    if (e.name != engine)
      continue;
    if (e.width == 0)
      return widest;
    if (e.width > widest) {
      if (whyNot)
        *whyNot = "this host (" + (*session)->cpuName() + ") cannot run " +
                  std::to_string(e.width) + " lanes; the widest is " + std::to_string(widest);
      return std::nullopt;
    }
    return e.width;
  }
  if (whyNot)
    *whyNot = "unknown JIT engine " + quote(engine);
  return std::nullopt;
}

std::vector<std::string_view> jitEngineNames() {
  std::vector<std::string_view> names;
  for (const EngineWidth &e : kEngines)
    names.push_back(e.name);
  return names;
}

std::vector<std::string_view> hostJitEngines(const std::string &targetCpu) {
  std::vector<std::string_view> names;
  for (const EngineWidth &e : kEngines)
    if (jitWidth(e.name, targetCpu))
      names.push_back(e.name);
  return names;
}

Result<std::unique_ptr<AudioProcessor>> makeJitProcessor(std::string_view engine,
                                                         const Graph &graph,
                                                         const EngineOptions &options,
                                                         CompileReport *report) {
  CompileReport local;
  CompileReport &r = report ? *report : local;
  auto code = compileKernel(engine, graph, options, {"kernel_process"}, r);
  if (!code)
    return code.errors();
  return std::unique_ptr<AudioProcessor>(std::make_unique<JitProcessor>(
      std::string(engine), std::move(*code), graph, r, options.flushDenormals));
}

Result<std::unique_ptr<FieldEvaluator>> makeJitField(std::string_view engine, const Graph &field,
                                                     const EngineOptions &options,
                                                     CompileReport *report) {
  CompileReport local;
  CompileReport &r = report ? *report : local;
  auto code = compileKernel(engine, field, options, {"kernel_eval", "kernel_row"}, r);
  if (!code)
    return code.errors();
  return std::unique_ptr<FieldEvaluator>(
      std::make_unique<JitField>(std::string(engine), std::move(*code), r));
}

} // namespace resin::jit
