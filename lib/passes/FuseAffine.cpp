// fuse-affine: a chain of gain / offset / affine / pass nodes with constant
// parameters becomes one node:
//
//   affine(affine(x, g1, o1), g2, o2)  ->  affine(x, g1*g2, o1*g2 + o2)
//
// where gain(x, g) is affine(x, g, none), offset(x, o) is affine(x, 1 (none), o)
// and pass(x) is neither. The new parameters are computed in double from the
// float values the engines use, then rounded to float once; the fused node
// is a gain when no stage had an offset, an offset when no stage had a gain,
// and an affine otherwise. The outer node is rewritten in place (keeping its
// name); the inner one must have no other live reader (dead nodes earlier
// rewrites left do not count) and is left for dce.
//
// With context.allowValueChanges false (PassContext's bit-for-bit promise)
// only fusions through a pass are made: they compute exactly the other
// stage's operation on the same input, its parameters untouched.
//
// Value-changing (the -O presets run it at -O2 and above): x*g1*g2 and ((x*g1+o1)*g2)+o2 round
// after every stage, the fused node rounds twice with rounded parameters, so
// results differ in the last bits, and intermediate overflow, underflow and
// signed zeros differ (an offset that cancels, +0.5 then -0.5, leaves a
// +0 offset that turns a -0 input into +0). A fusion whose parameters
// would overflow float, or whose product of two non-zero gains would flush to
// zero or a subnormal, is not made: those would change more than rounding.
// Nor is a fusion whose result a reader amplifies (readByAmplifier: a vdelay
// time, a select condition, floor, comparisons...), where a one-ulp change
// could move the output by far more than a rounding.
#include "resin/passes/GraphEdit.h"
#include "resin/passes/Pass.h"

#include <cfloat>
#include <cmath>

namespace resin {

namespace {

/// One stage as x*gain + offset, with which parts are present.
struct AffineStage {
  double gain = 1, offset = 0;
  bool hasGain = false, hasOffset = false;
};

class AffineFuser {
public:
  AffineFuser(Graph &graph, const PassContext &context)
      : g_(graph), context_(context), readers_(liveReadersOf(graph)),
        sensitive_(readByAmplifier(graph)) {}

  size_t run() {
    size_t fused = 0;
    for (NodeId id = 0; id < g_.size(); ++id)
      while (fuseInput(id))
        ++fused;
    return fused;
  }

private:
  /// The node as a stage, if it is one with constant parameters.
  std::optional<AffineStage> stageOf(const Node &node) const {
    AffineStage s;
    auto param = [&](size_t slot) -> std::optional<double> {
      std::optional<double> v = constantPort(g_, node, slot);
      if (v)
        v = double(asFloat(*v));
      return v;
    };
    switch (node.op) {
    case Op::Pass:
      return s;
    case Op::Gain:
      if (auto g = param(1)) {
        s.gain = *g, s.hasGain = true;
        return s;
      }
      return std::nullopt;
    case Op::Offset:
      if (auto o = param(1)) {
        s.offset = *o, s.hasOffset = true;
        return s;
      }
      return std::nullopt;
    case Op::Affine: {
      auto g = param(1), o = param(2);
      if (!g || !o)
        return std::nullopt;
      s.gain = *g, s.offset = *o, s.hasGain = s.hasOffset = true;
      return s;
    }
    default:
      return std::nullopt;
    }
  }

  /// Fuses `id` with the stage wired into its input; whether it did.
  bool fuseInput(NodeId id) {
    Node &outer = g_[id];
    std::optional<AffineStage> b = stageOf(outer);
    if (!b || readers_[id].empty() || !outer.wired(0))
      return false; // not a stage, dead (or already absorbed), or reading a constant
    NodeId innerId = outer.inputs[0];
    if (innerId == id || readers_[innerId].size() != 1)
      return false;
    std::optional<AffineStage> a = stageOf(g_[innerId]);
    if (!a)
      return false;
    bool aIsPass = !a->hasGain && !a->hasOffset, bIsPass = !b->hasGain && !b->hasOffset;
    if (!context_.allowValueChanges && !aIsPass && !bIsPass)
      return false; // only dropping a pass is exact
    if (sensitive_[id] && !aIsPass && !bIsPass)
      return false; // a rounding change would be amplified (e.g. a vdelay time)
    // A part a stage lacks is not computed as x*1 or x+0: the other stage's
    // parameter passes through untouched (an offset of -0 stays -0).
    AffineStage f;
    f.hasGain = a->hasGain || b->hasGain;
    f.hasOffset = a->hasOffset || b->hasOffset;
    f.gain = !a->hasGain   ? b->gain
             : !b->hasGain ? a->gain
                           : double(float(a->gain * b->gain)); // exact in double, one rounding
    double scaled = b->hasGain ? a->offset * b->gain : a->offset;
    f.offset = !a->hasOffset   ? b->offset
               : !b->hasOffset ? double(float(scaled))
                               : double(float(scaled + b->offset));
    if (!std::isfinite(f.gain) || !std::isfinite(f.offset))
      return false;
    if (a->hasGain && b->hasGain && a->gain != 0 && b->gain != 0 &&
        std::fabs(f.gain) < double(FLT_MIN))
      return false;

    const Node &inner = g_[innerId];
    NodeId source = inner.inputs[0];
    double sourceValue = inner.values[0];
    Op op = f.hasGain && f.hasOffset ? Op::Affine
            : f.hasGain              ? Op::Gain
            : f.hasOffset            ? Op::Offset
                                     : Op::Pass;
    recordFusion(g_, id, innerId);
    rewriteAs(outer, op);
    outer.inputs[0] = source;
    outer.values[0] = sourceValue;
    if (op == Op::Affine) {
      setPortValue(outer, 1, f.gain);
      setPortValue(outer, 2, f.offset);
    } else if (op == Op::Gain) {
      setPortValue(outer, 1, f.gain);
    } else if (op == Op::Offset) {
      setPortValue(outer, 1, f.offset);
    }
    // The inner node is dead now: its source is read by the outer node instead.
    readers_[innerId].clear();
    if (source != kNoNode)
      for (NodeId &r : readers_[source])
        if (r == innerId) {
          r = id;
          break;
        }
    return true;
  }

  Graph &g_;
  const PassContext &context_;
  std::vector<std::vector<NodeId>> readers_;
  std::vector<bool> sensitive_;
};

} // namespace

size_t fuseAffine(Graph &graph, const PassContext &context) {
  return AffineFuser(graph, context).run();
}

} // namespace resin
