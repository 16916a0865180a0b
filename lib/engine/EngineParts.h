// Pieces the C++ engines (interp, native) share: the state of a stateful
// node, its reset, and a FieldEvaluator base that turns eval() and row()
// into one call over a list of x values.
#pragma once

#include "resin/engine/DelayLine.h"
#include "resin/engine/Engine.h"
#include "resin/engine/Schedule.h"
#include "resin/semantics/StatefulOps.h"

#include <vector>

namespace resin {

/// The state of one scheduled node (only the fields of its op are used).
struct NodeState {
  semantics::OnepoleState<float> onepole{0, 0};
  semantics::BiquadState<float> biquad{0, 0};
  semantics::AllpassState<float> allpass{0, 0};
  float level = 0;
  DelayLine line;
};

/// Fresh state for every node of `schedule`, in schedule order: zeroed
/// filters, delay lines of `samples` and vdelay lines of `max + 1` (the
/// interpolation reads one sample past max).
inline std::vector<NodeState> initialState(const Schedule &schedule) {
  std::vector<NodeState> state(schedule.order.size());
  for (size_t i = 0; i < schedule.order.size(); ++i) {
    const ScheduledNode &sn = schedule.order[i];
    if (sn.op == Op::Delay)
      state[i].line.reset(sn.constants.delaySamples);
    else if (sn.op == Op::Vdelay)
      state[i].line.reset(sn.constants.delaySamples + 1);
  }
  return state;
}

/// A field engine that evaluates a list of points sharing y, z and t, every
/// channel of a colour field at once.
class PointListField : public FieldEvaluator {
public:
  explicit PointListField(size_t channels) : channels_(channels) {}
  size_t numChannels() const final { return channels_; }
  float eval(float x, float y, float z, float t) const final {
    float out[4];
    evalChannels(x, y, z, t, out);
    return out[0];
  }
  void evalChannels(float x, float y, float z, float t, float *out) const final {
    float *channels[4] = {&out[0], &out[1], &out[2], &out[3]};
    evalPoints(&x, y, z, t, channels, 1);
  }
  void row(float x0, float dx, float y, float z, float t, float *out, int64_t len) const final {
    std::vector<float> others(channels_ > 1 ? size_t(len > 0 ? len : 0) * (channels_ - 1) : 0);
    float *channels[4] = {out, nullptr, nullptr, nullptr};
    for (size_t c = 1; c < channels_; ++c)
      channels[c] = &others[(c - 1) * size_t(len)];
    rowChannels(x0, dx, y, z, t, channels, len);
  }
  void rowChannels(float x0, float dx, float y, float z, float t, float *const *out,
                   int64_t len) const final {
    std::vector<float> xs(size_t(len > 0 ? len : 0));
    for (int64_t i = 0; i < len; ++i)
      xs[size_t(i)] = x0 + float(i) * dx;
    evalPoints(xs.data(), y, z, t, out, len);
  }

protected:
  /// out[c][i] = channel c of f(xs[i], y, z, t); runs without flushing
  /// subnormals.
  virtual void evalPoints(const float *xs, float y, float z, float t, float *const *out,
                          int64_t len) const = 0;

private:
  size_t channels_;
};

} // namespace resin
