// The baseline engines: lower with asmjit, map the code into one process-wide
// asmjit::JitRuntime, call it through the engine interface. MXCSR is set
// around each call as for every other engine (FTZ/DAZ for audio, cleared for
// fields).
#include "resin/baseline/BaselineEngines.h"

#include "AsmLowering.h"

#include "resin/support/FloatEnv.h"

#include <asmjit/x86.h>
#include <limits>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>

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

asmjit::JitRuntime &runtime() {
  static asmjit::JitRuntime instance; // its allocator is thread safe
  return instance;
}

/// Keeps the first error asmjit reports while emitting or finalizing.
class FirstError final : public asmjit::ErrorHandler {
public:
  void handleError(asmjit::Error, const char *message, asmjit::BaseEmitter *) override {
    if (message_.empty())
      message_ = message;
  }
  const std::string &message() const { return message_; }

private:
  std::string message_;
};

/// Machine code mapped in the runtime, released with the engine.
class MappedCode {
public:
  explicit MappedCode(void *base) : base_(base) {}
  MappedCode(const MappedCode &) = delete;
  MappedCode &operator=(const MappedCode &) = delete;
  ~MappedCode() { runtime().release(base_); }
  const char *at(uint64_t offset) const { return static_cast<const char *>(base_) + offset; }

private:
  void *base_;
};

double millisecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

/// Lowers with `lower` (which returns its labels), finalizes and maps the
/// code; `entries` gets each label's address.
template <class Lower>
Result<std::unique_ptr<MappedCode>> compile(const Graph &graph, CompileReport &report, Lower lower,
                                            std::vector<const void *> &entries) {
  auto start = std::chrono::steady_clock::now();
  FirstError errors;
  asmjit::CodeHolder code;
  code.init(runtime().environment());
  code.setErrorHandler(&errors);
  // RESIN_BASELINE_LOG=1 prints the code asmjit emits to stderr (debugging).
  asmjit::FileLogger logger(stderr);
  if (std::getenv("RESIN_BASELINE_LOG"))
    code.setLogger(&logger);
  asmjit::x86::Assembler assembler(&code);
  std::vector<asmjit::Label> labels = lower(assembler);
  report.times.ir = millisecondsSince(start);
  void *base = nullptr;
  std::string why = errors.message();
  if (why.empty()) {
    // Mapping the code can fail on its own (no memory for an executable
    // page under ulimit -v): asmjit says so only in its return value.
    asmjit::Error added = runtime().add(&base, &code);
    if (added == asmjit::kErrorOutOfMemory)
      why = "out of memory";
    else if (added != asmjit::kErrorOk)
      why = asmjit::DebugUtils::errorAsString(added);
    else if (base == nullptr)
      why = "no code was mapped";
  }
  if (!why.empty())
    return Diagnostic{graph.name, {}, "the baseline JIT failed: " + why};
  auto mapped = std::make_unique<MappedCode>(base);
  for (const asmjit::Label &label : labels)
    entries.push_back(mapped->at(code.labelOffsetFromBase(label)));
  report.codeSize = code.codeSize();
  report.times.codegen = millisecondsSince(start) - report.times.ir;
  return mapped;
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
                    size_t inputs, size_t outputs, const CompileReport &report, bool flush)
      : engine_(std::move(engine)), code_(std::move(code)), process_(process), inputs_(inputs),
        outputs_(outputs), flush_(flush), state_((report.stateSize + 7) / 8, 0), report_(report) {}
  std::string_view engine() const override { return engine_; }
  // The registry gives this engine no graph that reads a param yet.
  bool setParam(uint32_t, float) override { return false; }
  float param(uint32_t) const override { return std::numeric_limits<float>::quiet_NaN(); }
  size_t numInputs() const override { return inputs_; }
  size_t numOutputs() const override { return outputs_; }
  void init() override { std::fill(state_.begin(), state_.end(), 0); }
  void process(const float *const *in, float *const *out, int64_t len) override {
    ScopedFlushDenormals env(flush_);
    process_(state_.data(), in, out, len);
  }
  std::span<std::byte> kernelState() override { return std::as_writable_bytes(std::span(state_)); }
  const CompileReport *compileReport() const override { return &report_; }

private:
  std::string engine_;
  std::unique_ptr<MappedCode> code_;
  ProcessFn process_;
  size_t inputs_, outputs_;
  bool flush_;
  std::vector<uint64_t> state_; // 8-byte aligned, as the layout assumes
  CompileReport report_;
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
  AsmAudioKernel kernel;
  std::vector<const void *> entries;
  auto code = compile(
      graph, r,
      [&](asmjit::x86::Assembler &a) {
        kernel = lowerAudioAsm(graph, AsmKernelOptions{*width, options.math}, a);
        return std::vector<asmjit::Label>{kernel.process};
      },
      entries);
  if (!code)
    return code.errors();
  r.width = kernel.width;
  r.stateSize = kernel.stateSize;
  return std::unique_ptr<AudioProcessor>(std::make_unique<BaselineProcessor>(
      std::string(engine), std::move(*code), reinterpret_cast<ProcessFn>(entries[0]),
      graph.inputsByChannel().size(), graph.outputsByChannel().size(), r, options.flushDenormals));
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
  std::vector<const void *> entries;
  auto code = compile(
      field, r,
      [&](asmjit::x86::Assembler &a) {
        AsmFieldKernel kernel = lowerFieldAsm(field, AsmKernelOptions{*width, options.math}, a);
        return std::vector<asmjit::Label>{kernel.eval, kernel.row};
      },
      entries);
  if (!code)
    return code.errors();
  r.width = *width;
  return std::unique_ptr<FieldEvaluator>(std::make_unique<BaselineField>(
      std::string(engine), std::move(*code), reinterpret_cast<EvalFn>(entries[0]),
      reinterpret_cast<RowFn>(entries[1]), r));
}

} // namespace resin::baseline
