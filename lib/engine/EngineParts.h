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

/// A field engine that evaluates a list of points sharing y, z and t.
class PointListField : public FieldEvaluator {
public:
  float eval(float x, float y, float z, float t) const final {
    float out;
    evalPoints(&x, y, z, t, &out, 1);
    return out;
  }
  void row(float x0, float dx, float y, float z, float t, float *out, int64_t len) const final {
    std::vector<float> xs(size_t(len > 0 ? len : 0));
    for (int64_t i = 0; i < len; ++i)
      xs[size_t(i)] = x0 + float(i) * dx;
    evalPoints(xs.data(), y, z, t, out, len);
  }

protected:
  /// out[i] = f(xs[i], y, z, t); runs without flushing subnormals.
  virtual void evalPoints(const float *xs, float y, float z, float t, float *out,
                          int64_t len) const = 0;
};

} // namespace resin
