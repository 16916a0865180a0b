// The reference interpreter: for each sample n, every node in schedule order
// computes its value from its ports' values at n (docs/reference/graph-format.md's table, through
// semantics/PureOps.h and StatefulOps.h); delays on a feedback loop receive
// their input after the sample is complete.
#include "resin/interp/Interpreter.h"

#include "engine/EngineParts.h"
#include "resin/engine/ParamBank.h"
#include "resin/semantics/ImageOps.h"
#include "resin/semantics/PureOps.h"
#include "resin/semantics/StatefulOps.h"
#include "resin/support/FloatEnv.h"

namespace resin {

namespace {

using namespace semantics;

class InterpCore {
public:
  InterpCore(const Graph &graph, const EngineOptions &options)
      : schedule_(buildSchedule(graph)), math_(options.math) {}

  const Schedule &schedule() const { return schedule_; }

  /// Computes every node's value at sample `n` into `values` (indexed by
  /// node id); `input(c)` gives input channel c's sample.
  /// `constants` and `params` are the engine's current ones (ParamBank).
  template <class InputFn>
  void step(int64_t n, InputFn input, std::vector<float> &values, std::vector<NodeState> &state,
            const std::vector<OpConstants> &constants, std::span<const float> params) const {
    const auto &order = schedule_.order;
    for (size_t i = 0; i < order.size(); ++i) {
      const ScheduledNode &sn = order[i];
      float ports[kMaxPorts] = {};
      for (size_t p = 0; p < sn.numPorts; ++p)
        ports[p] = sn.portSource[p] == kNoNode ? sn.portValue[p] : values[sn.portSource[p]];
      values[sn.id] = evalNode(sn, constants[i], params, ports, n, input, state[i]);
    }
    for (size_t i = 0; i < order.size(); ++i)
      if (order[i].deferredInput)
        state[i].line.push(values[order[i].portSource[0]]);
  }

private:
  template <class InputFn>
  float evalNode(const ScheduledNode &sn, const OpConstants &k, std::span<const float> params,
                 const float *ports, int64_t n, InputFn &input, NodeState &s) const {
    switch (sn.op) {
    case Op::Input:
      return input(k.channel);
    case Op::Output:
      return ports[0];
    case Op::Const:
      return k.value;
    case Op::Param:
      return params[k.paramIndex];
    case Op::Image: // read through k.image by the ops below, never as a number
      return 0.0f;
    case Op::Sample:
      return sampleBilinear(imageShape(k), ports[1], ports[2]);
    case Op::SampleNearest:
      return sampleNearest(imageShape(k), ports[1], ports[2]);
    case Op::Width:
    case Op::Height:
      return k.value;
    case Op::Time:
      return evalTime(double(n), k);
    case Op::Osc:
      return evalOsc(double(n - k.phaseOrigin), ports[0], k, math_);
    case Op::Noise:
      return evalNoise(uint32_t(uint64_t(n)), ports[0], k);
    case Op::Delay: {
      if (k.delaySamples == 0)
        return ports[0];
      float y = s.line.tap(k.delaySamples);
      if (!sn.deferredInput)
        s.line.push(ports[0]);
      return y;
    }
    case Op::Vdelay: {
      float d = vdelayClampedTime(k, ports[1]);
      int64_t i = int64_t(vfloor(d));
      float y = vdelayInterpolate(d, s.line.tap(i), s.line.tap(i + 1));
      if (!sn.deferredInput)
        s.line.push(ports[0]);
      return y;
    }
    case Op::Onepole:
      return onepoleStep(k, s.onepole, ports[0]);
    case Op::Biquad:
      return biquadStep(k, s.biquad, ports[0]);
    case Op::Allpass1:
      return allpassStep(k, s.allpass, ports[0]);
    case Op::Envelope:
      return envelopeStep(k, s.level, ports[0]);
    default:
      return evalPure(sn.op, ports, k, math_);
    }
  }

  Schedule schedule_;
  MathMode math_;
};

class InterpProcessor final : public AudioProcessor {
public:
  InterpProcessor(const Graph &graph, const EngineOptions &options)
      : core_(graph, options), flush_(options.flushDenormals),
        values_(core_.schedule().numNodes, 0.0f), params_(graph, core_.schedule()),
        constants_(core_.schedule().order.size()) {
    init();
  }
  std::string_view engine() const override { return "interp"; }
  size_t numInputs() const override { return core_.schedule().inputs.size(); }
  size_t numOutputs() const override { return core_.schedule().outputs.size(); }
  void init() override {
    state_ = initialState(core_.schedule());
    params_.reset(constants_);
    n_ = 0;
  }
  bool setParam(uint32_t index, float value) override {
    return params_.set(index, value, n_, constants_);
  }
  float param(uint32_t index) const override { return params_.value(index); }
  void process(const float *const *in, float *const *out, int64_t len) override {
    ScopedFlushDenormals env(flush_);
    const std::vector<NodeId> &outputs = core_.schedule().outputs;
    for (int64_t i = 0; i < len; ++i) {
      core_.step(
          n_, [&](uint32_t c) { return in[c][i]; }, values_, state_, constants_, params_.values());
      for (size_t c = 0; c < outputs.size(); ++c)
        out[c][i] = values_[outputs[c]];
      ++n_;
    }
  }

private:
  InterpCore core_;
  bool flush_;
  std::vector<float> values_;
  ParamBank params_;
  std::vector<OpConstants> constants_;
  std::vector<NodeState> state_;
  int64_t n_ = 0;
};

class InterpField final : public PointListField {
public:
  InterpField(const Graph &field, const EngineOptions &options)
      : PointListField(field.outputsByChannel().size()), core_(field, options),
        params_(field, core_.schedule()), constants_(core_.schedule().order.size()) {
    params_.reset(constants_);
  }
  std::string_view engine() const override { return "interp"; }
  bool setParam(uint32_t index, float value) override {
    return params_.set(index, value, 0, constants_);
  }
  float param(uint32_t index) const override { return params_.value(index); }

private:
  void evalPoints(const float *xs, float y, float z, float t, float *const *out,
                  int64_t len) const override {
    ScopedFlushDenormals env(false); // fields are evaluated without flushing
    std::vector<float> values(core_.schedule().numNodes, 0.0f);
    std::vector<NodeState> noState(core_.schedule().order.size());
    const std::vector<NodeId> &results = core_.schedule().outputs;
    for (int64_t i = 0; i < len; ++i) {
      float point[4] = {xs[i], y, z, t};
      core_.step(
          0, [&](uint32_t c) { return point[c]; }, values, noState, constants_, params_.values());
      for (size_t c = 0; c < results.size(); ++c)
        out[c][i] = values[results[c]];
    }
  }

  InterpCore core_;
  ParamBank params_;
  std::vector<OpConstants> constants_;
};

} // namespace

std::unique_ptr<AudioProcessor> makeInterpProcessor(const Graph &graph,
                                                    const EngineOptions &options) {
  return std::make_unique<InterpProcessor>(graph, options);
}

std::unique_ptr<FieldEvaluator> makeInterpField(const Graph &field, const EngineOptions &options) {
  return std::make_unique<InterpField>(field, options);
}

} // namespace resin
