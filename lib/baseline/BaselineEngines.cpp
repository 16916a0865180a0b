// The baseline engines: lower with asmjit (or take the code from the compile
// cache when asked), map it into one process-wide asmjit::JitRuntime
// (BaselineCode.h), call it through the engine interface. MXCSR is set
// around each call as for every other engine (FTZ/DAZ for audio, cleared for
// fields).
#include "resin/baseline/BaselineEngines.h"

#include "AsmLowering.h"
#include "BaselineCache.h"
#include "BaselineCode.h"

#include "resin/cache/CompileCache.h"
#include "resin/engine/KernelControls.h"
#include "resin/support/FloatEnv.h"

#include <asmjit/x86.h>
#include <limits>

namespace resin::baseline {

namespace {

struct EngineWidth {
  std::string_view name;
  unsigned width; // 0: the default width
};
constexpr EngineWidth kEngines[] = {{"jit-baseline-scalar", 1},
                                    {"jit-baseline-f32x4", 4},
                                    {"jit-baseline-f32x8", 8},
                                    {"jit-baseline-f32x16", 16},
                                    {"jit-baseline", 0}};
/// `jit-baseline`'s width: 16 lanes, two AVX2 registers a value, keep two
/// independent chains in flight; measured faster than 8 on every workload of
/// docs/performance.md (the 50-stage chain 2.96x native against 2.06x).
constexpr unsigned kDefaultWidth = 16;

bool hostCanRun() {
  const asmjit::CpuFeatures::X86 &x86 = asmjit::CpuInfo::host().features().x86();
  return x86.hasAVX2() && x86.hasFMA();
}

/// Compiles through the cache when the options enable it, else emits.
Result<BaselineCode> compileKernel(std::string_view engine, unsigned width, const Graph &graph,
                                   const EngineOptions &options, const KernelShape &expected,
                                   CompileReport &report, const Lowering &lower) {
  if (cache::cacheDirectory(options.cache).empty())
    return emitCode(graph, report, lower);
  return compileWithCache(engine, width, graph, options, expected, report, lower);
}

} // namespace

std::optional<unsigned> baselineWidth(std::string_view engine) {
  for (const EngineWidth &e : kEngines)
    if (e.name == engine)
      return e.width == 0 ? kDefaultWidth : e.width;
  return std::nullopt;
}

namespace {

Result<unsigned> checkEngine(std::string_view engine, const Graph &graph) {
  auto width = baselineWidth(engine);
  if (!width)
    return Diagnostic{graph.name, {}, "unknown baseline engine " + quote(engine)};
  if (!hostCanRun())
    return Diagnostic{graph.name, {}, "the baseline JIT needs AVX2 and FMA, which this host lacks"};
  return *width;
}

using ProcessFn = void (*)(void *, const float *const *, float *const *, int64_t);
using EvalFn = float (*)(float, float, float, float);
using RowFn = void (*)(float, float, float, float, float, float *, int64_t);

class BaselineProcessor final : public AudioProcessor {
public:
  BaselineProcessor(std::string engine, std::unique_ptr<MappedCode> code, ProcessFn process,
                    const Graph &graph, const CompileReport &report, bool flush)
      : engine_(std::move(engine)), code_(std::move(code)), process_(process),
        inputs_(graph.inputsByChannel().size()), outputs_(graph.outputsByChannel().size()),
        flush_(flush), state_((report.stateSize + 7) / 8, 0), report_(report) {
    if (!graph.params.empty()) {
      schedule_ = std::make_unique<Schedule>(buildSchedule(graph));
      controls_ = std::make_unique<KernelControls>(graph, *schedule_);
      controls_->reset(kernelState());
    }
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
  std::unique_ptr<MappedCode> code_;
  ProcessFn process_;
  size_t inputs_, outputs_;
  bool flush_;
  std::vector<uint64_t> state_; // 8-byte aligned, as the layout assumes
  CompileReport report_;
  std::unique_ptr<Schedule> schedule_;       // with params only
  std::unique_ptr<KernelControls> controls_; // with params only
};

class BaselineField final : public FieldEvaluator {
public:
  BaselineField(std::string engine, std::unique_ptr<MappedCode> code, EvalFn eval, RowFn row,
                const CompileReport &report)
      : engine_(std::move(engine)), code_(std::move(code)), eval_(eval), row_(row),
        report_(report) {}
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
  std::unique_ptr<MappedCode> code_;
  EvalFn eval_;
  RowFn row_;
  CompileReport report_;
};

} // namespace

bool isBaselineEngine(std::string_view engine) {
  return baselineWidth(engine).has_value();
}

std::vector<std::string_view> baselineEngineNames() {
  std::vector<std::string_view> names;
  for (const EngineWidth &e : kEngines)
    names.push_back(e.name);
  return names;
}

std::vector<std::string_view> hostBaselineEngines() {
  if (!hostCanRun())
    return {};
  return baselineEngineNames();
}

Result<std::unique_ptr<AudioProcessor>> makeBaselineProcessor(std::string_view engine,
                                                              const Graph &graph,
                                                              const EngineOptions &options,
                                                              CompileReport *report) {
  auto width = checkEngine(engine, graph);
  if (!width)
    return width.errors();
  CompileReport local;
  CompileReport &r = report ? *report : local;
  AsmKernelOptions kernelOptions{*width, options.math};
  Lowering lower = [&](asmjit::x86::Assembler &a) {
    AsmAudioKernel kernel = lowerAudioAsm(graph, kernelOptions, a);
    r.width = kernel.width;
    r.stateSize = kernel.stateSize;
    return std::vector<asmjit::Label>{kernel.process};
  };
  KernelShape expected;
  if (!cache::cacheDirectory(options.cache).empty()) {
    AsmAudioKernel shape = audioKernelShape(buildSchedule(graph), kernelOptions);
    expected = {1, shape.width, shape.stateSize};
  }
  auto code = compileKernel(engine, *width, graph, options, expected, r, lower);
  if (!code)
    return code.errors();
  return std::unique_ptr<AudioProcessor>(std::make_unique<BaselineProcessor>(
      std::string(engine), std::move(code->mapped), reinterpret_cast<ProcessFn>(code->entries[0]),
      graph, r, options.flushDenormals));
}

Result<std::unique_ptr<FieldEvaluator>> makeBaselineField(std::string_view engine,
                                                          const Graph &field,
                                                          const EngineOptions &options,
                                                          CompileReport *report) {
  auto width = checkEngine(engine, field);
  if (!width)
    return width.errors();
  CompileReport local;
  CompileReport &r = report ? *report : local;
  Lowering lower = [&](asmjit::x86::Assembler &a) {
    AsmFieldKernel kernel = lowerFieldAsm(field, AsmKernelOptions{*width, options.math}, a);
    return std::vector<asmjit::Label>{kernel.eval, kernel.row};
  };
  auto code = compileKernel(engine, *width, field, options, KernelShape{2, *width, 0}, r, lower);
  if (!code)
    return code.errors();
  r.width = *width;
  return std::unique_ptr<FieldEvaluator>(std::make_unique<BaselineField>(
      std::string(engine), std::move(code->mapped), reinterpret_cast<EvalFn>(code->entries[0]),
      reinterpret_cast<RowFn>(code->entries[1]), r));
}

} // namespace resin::baseline
