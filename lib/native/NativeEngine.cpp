// The native block engine: the schedule of `interp`, but each node runs over
// a span of up to kSpan samples (or points) before the next node starts.
// Pure ops run one specialized loop per op (evalPure with a constant op);
// stateful ops run their recurrence sample by sample inside the span. A
// delay on a feedback loop limits the span to its length, so its output for
// the whole span is already in its line. Same formulas, same order of
// operations per sample, hence bit-identical to `interp`.
#include "resin/native/NativeEngine.h"

#include "engine/EngineParts.h"
#include "resin/engine/ParamBank.h"
#include "resin/semantics/ImageOps.h"
#include "resin/semantics/PureOps.h"
#include "resin/semantics/StatefulOps.h"
#include "resin/support/FloatEnv.h"

#include <algorithm>
#include <cstring>
#include <unordered_map>

namespace resin {

namespace {

using namespace semantics;

/// Samples per span: the node buffers of a span stay in cache.
constexpr int64_t kSpan = 128;

using PureKernel = void (*)(const float *const *ports, float *out, int64_t len,
                            const OpConstants &k, MathMode m);

template <Op O>
void pureKernel(const float *const *ports, float *out, int64_t len, const OpConstants &k,
                MathMode m) {
  for (int64_t i = 0; i < len; ++i) {
    float a[kMaxPorts];
    for (size_t p = 0; p < kMaxPorts; ++p)
      a[p] = ports[p][i];
    out[i] = evalPure(O, a, k, m);
  }
}

constexpr PureKernel kPureKernels[] = {
#define OP(Id, ...) &pureKernel<Op::Id>,
#include "resin/ir/Ops.def"
};

/// What is fixed once the graph is known: the schedule and the buffers of
/// constants that unwired ports read (one per distinct value).
class NativeProgram {
public:
  NativeProgram(const Graph &graph, const EngineOptions &options)
      : schedule_(buildSchedule(graph)), math_(options.math) {
    std::unordered_map<uint32_t, size_t> offsetOfValue;
    auto constantBuffer = [&](float v) {
      uint32_t bits = math::bitsOf(v);
      auto [it, added] = offsetOfValue.emplace(bits, constants_.size());
      if (added)
        constants_.resize(constants_.size() + kSpan, v);
      return it->second;
    };
    size_t zero = constantBuffer(0.0f);
    portOffsets_.resize(schedule_.order.size());
    for (size_t i = 0; i < schedule_.order.size(); ++i) {
      const ScheduledNode &sn = schedule_.order[i];
      for (size_t p = 0; p < kMaxPorts; ++p)
        portOffsets_[i][p] = p >= sn.numPorts              ? zero
                             : sn.portSource[p] == kNoNode ? constantBuffer(sn.portValue[p])
                                                           : kNodeBuffer;
    }
  }

  const Schedule &schedule() const { return schedule_; }
  int64_t spanLimit() const { return std::min(kSpan, schedule_.maxSpan); }

  /// Runs every node over samples [n0, n0+len) (len <= spanLimit()).
  /// `buffers` holds kSpan floats per node; `input(c)` points at channel c's
  /// samples for this span.
  /// `constants` and `params` are the engine's current ones (ParamBank).
  template <class InputFn>
  void runSpan(int64_t n0, int64_t len, InputFn input, std::vector<float> &buffers,
               std::vector<NodeState> &state, const std::vector<OpConstants> &constants,
               std::span<const float> params) const {
    const auto &order = schedule_.order;
    for (size_t i = 0; i < order.size(); ++i) {
      const ScheduledNode &sn = order[i];
      const float *ports[kMaxPorts];
      for (size_t p = 0; p < kMaxPorts; ++p)
        ports[p] = portOffsets_[i][p] == kNodeBuffer ? &buffers[size_t(sn.portSource[p]) * kSpan]
                                                     : &constants_[portOffsets_[i][p]];
      float *out = &buffers[size_t(sn.id) * kSpan];
      runNode(sn, constants[i], params, ports, out, n0, len, input, state[i]);
    }
    for (size_t i = 0; i < order.size(); ++i)
      if (order[i].deferredInput) {
        const float *in = &buffers[size_t(order[i].portSource[0]) * kSpan];
        for (int64_t j = 0; j < len; ++j)
          state[i].line.push(in[j]);
      }
  }

private:
  static constexpr size_t kNodeBuffer = SIZE_MAX;

  template <class InputFn>
  void runNode(const ScheduledNode &sn, const OpConstants &k, std::span<const float> params,
               const float *const *ports, float *out, int64_t n0, int64_t len, InputFn &input,
               NodeState &s) const {
    const float *in = ports[0];
    switch (sn.op) {
    case Op::Input:
      std::memcpy(out, input(k.channel), size_t(len) * sizeof(float));
      return;
    case Op::Output:
      std::memcpy(out, in, size_t(len) * sizeof(float));
      return;
    case Op::Const:
      std::fill(out, out + len, k.value);
      return;
    case Op::Param:
      std::fill(out, out + len, params[k.paramIndex]);
      return;
    case Op::Image: // read through k.image by the ops below, never as a number
      std::fill(out, out + len, 0.0f);
      return;
    case Op::Sample: {
      ImageShape image = imageShape(k);
      for (int64_t i = 0; i < len; ++i)
        out[i] = sampleBilinear(image, ports[1][i], ports[2][i]);
      return;
    }
    case Op::SampleNearest: {
      ImageShape image = imageShape(k);
      for (int64_t i = 0; i < len; ++i)
        out[i] = sampleNearest(image, ports[1][i], ports[2][i]);
      return;
    }
    case Op::Width:
    case Op::Height:
      std::fill(out, out + len, k.value);
      return;
    case Op::Time:
      for (int64_t i = 0; i < len; ++i)
        out[i] = evalTime(double(n0 + i), k);
      return;
    case Op::Osc:
      for (int64_t i = 0; i < len; ++i)
        out[i] = evalOsc(double(n0 + i - k.phaseOrigin), in[i], k, math_);
      return;
    case Op::Noise:
      for (int64_t i = 0; i < len; ++i)
        out[i] = evalNoise(uint32_t(uint64_t(n0 + i)), in[i], k);
      return;
    case Op::Delay:
      if (k.delaySamples == 0) {
        std::memcpy(out, in, size_t(len) * sizeof(float));
      } else if (sn.deferredInput) { // len <= samples: the whole span is in the line
        for (int64_t i = 0; i < len; ++i)
          out[i] = s.line.tap(k.delaySamples - i);
      } else {
        for (int64_t i = 0; i < len; ++i) {
          out[i] = s.line.tap(k.delaySamples);
          s.line.push(in[i]);
        }
      }
      return;
    case Op::Vdelay: // a feedback vdelay limits the span to one sample
      for (int64_t i = 0; i < len; ++i) {
        float d = vdelayClampedTime(k, ports[1][i]);
        int64_t j = int64_t(vfloor(d));
        out[i] = vdelayInterpolate(d, s.line.tap(j), s.line.tap(j + 1));
        if (!sn.deferredInput)
          s.line.push(in[i]);
      }
      return;
    case Op::Onepole:
      for (int64_t i = 0; i < len; ++i)
        out[i] = onepoleStep(k, s.onepole, in[i]);
      return;
    case Op::Biquad:
      for (int64_t i = 0; i < len; ++i)
        out[i] = biquadStep(k, s.biquad, in[i]);
      return;
    case Op::Allpass1:
      for (int64_t i = 0; i < len; ++i)
        out[i] = allpassStep(k, s.allpass, in[i]);
      return;
    case Op::Envelope:
      for (int64_t i = 0; i < len; ++i)
        out[i] = envelopeStep(k, s.level, in[i]);
      return;
    default:
      kPureKernels[size_t(sn.op)](ports, out, len, k, math_);
      return;
    }
  }

  Schedule schedule_;
  MathMode math_;
  std::vector<float> constants_;
  std::vector<std::array<size_t, kMaxPorts>> portOffsets_;
};

class NativeProcessor final : public AudioProcessor {
public:
  NativeProcessor(const Graph &graph, const EngineOptions &options)
      : program_(graph, options), flush_(options.flushDenormals),
        buffers_(program_.schedule().numNodes * kSpan, 0.0f), params_(graph, program_.schedule()),
        constants_(program_.schedule().order.size()) {
    init();
  }
  std::string_view engine() const override { return "native"; }
  size_t numInputs() const override { return program_.schedule().inputs.size(); }
  size_t numOutputs() const override { return program_.schedule().outputs.size(); }
  void init() override {
    state_ = initialState(program_.schedule());
    params_.reset(constants_);
    n_ = 0;
  }
  bool setParam(uint32_t index, float value) override {
    return params_.set(index, value, n_, constants_);
  }
  float param(uint32_t index) const override { return params_.value(index); }
  void process(const float *const *in, float *const *out, int64_t len) override {
    ScopedFlushDenormals env(flush_);
    const std::vector<NodeId> &outputs = program_.schedule().outputs;
    for (int64_t start = 0; start < len;) {
      int64_t span = std::min(program_.spanLimit(), len - start);
      program_.runSpan(
          n_, span, [&](uint32_t c) { return in[c] + start; }, buffers_, state_, constants_,
          params_.values());
      for (size_t c = 0; c < outputs.size(); ++c)
        std::memcpy(out[c] + start, &buffers_[size_t(outputs[c]) * kSpan],
                    size_t(span) * sizeof(float));
      start += span;
      n_ += span;
    }
  }

private:
  NativeProgram program_;
  bool flush_;
  std::vector<float> buffers_;
  ParamBank params_;
  std::vector<OpConstants> constants_;
  std::vector<NodeState> state_;
  int64_t n_ = 0;
};

class NativeField final : public PointListField {
public:
  NativeField(const Graph &field, const EngineOptions &options)
      : PointListField(field.outputsByChannel().size()), program_(field, options),
        params_(field, program_.schedule()), constants_(program_.schedule().order.size()) {
    params_.reset(constants_);
  }
  std::string_view engine() const override { return "native"; }
  bool setParam(uint32_t index, float value) override {
    return params_.set(index, value, 0, constants_);
  }
  float param(uint32_t index) const override { return params_.value(index); }

private:
  void evalPoints(const float *xs, float y, float z, float t, float *const *out,
                  int64_t len) const override {
    ScopedFlushDenormals env(false); // fields are evaluated without flushing
    std::vector<float> buffers(program_.schedule().numNodes * kSpan, 0.0f);
    std::vector<float> inputs(4 * kSpan);
    std::fill(&inputs[kSpan], &inputs[2 * kSpan], y);
    std::fill(&inputs[2 * kSpan], &inputs[3 * kSpan], z);
    std::fill(&inputs[3 * kSpan], &inputs[4 * kSpan], t);
    std::vector<NodeState> noState(program_.schedule().order.size());
    const std::vector<NodeId> &results = program_.schedule().outputs;
    for (int64_t start = 0; start < len; start += kSpan) {
      int64_t span = std::min(kSpan, len - start);
      for (int64_t i = 0; i < span; ++i)
        inputs[size_t(i)] = xs[start + i];
      program_.runSpan(
          0, span, [&](uint32_t c) { return &inputs[c * kSpan]; }, buffers, noState, constants_,
          params_.values());
      for (size_t c = 0; c < results.size(); ++c)
        std::memcpy(out[c] + start, &buffers[size_t(results[c]) * kSpan],
                    size_t(span) * sizeof(float));
    }
  }

  NativeProgram program_;
  ParamBank params_;
  std::vector<OpConstants> constants_;
};

} // namespace

std::unique_ptr<AudioProcessor> makeNativeProcessor(const Graph &graph,
                                                    const EngineOptions &options) {
  return std::make_unique<NativeProcessor>(graph, options);
}

std::unique_ptr<FieldEvaluator> makeNativeField(const Graph &field, const EngineOptions &options) {
  return std::make_unique<NativeField>(field, options);
}

} // namespace resin
