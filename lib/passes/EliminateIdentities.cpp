// elim-identity: nodes that return their input unchanged are bypassed:
// every reader reads the input instead (the node is left for dce).
//
// Always (exact in IEEE arithmetic):
//   pass(x), delay(x, 0)                 a copy
//   gain(x, 1), mul(x, 1), mul(1, x)     x*1 == x
//   offset(x, -0), add(x, -0), add(-0, x), affine(x, 1, -0)   x + -0 == x
//   clip / clamp with constant lo, hi when x's range (analyzeRanges) has no
//     NaN and lo <= x <= hi: t = x>lo?x:lo; t<hi?t:hi returns x, or lo when
//     x == lo (or hi when x == hi), which are x's bits unless they are
//     zeros of opposite signs; so a zero (or subnormal) bound needs x
//     strictly beyond it by a normal float, which also holds under DAZ.
//   finite(x) when x's range has no NaN and lies within +-FLT_MAX: the
//     select returns x itself (a subnormal x too, under DAZ or not).
// When x cannot be zero (its range excludes 0) or when value changes are
// allowed (-O2 and above):
//   offset(x, +0), add(x, +0), add(+0, x), affine(x, 1, +0)
//   x + +0 == x except that -0 + +0 is +0: the only change is -0 -> +0.
//
// A constant is a port's unwired value or a wired const node, as the engines
// read it (float(value)); a node whose input is itself an unwired value is
// left to fold-const. Output nodes are never removed (an output reading an
// identity reads its input instead).
//
// One caveat outside IEEE: audio engines run with FTZ/DAZ, where x*1 and
// x + -0 of a subnormal x (only an input sample or a subnormal constant can
// be one there) give a zero, so bypassing them keeps a subnormal the
// original flushed. Fields never flush; pass, delay and clip are exact
// under both settings.
#include "resin/passes/GraphEdit.h"
#include "resin/passes/Pass.h"
#include "resin/passes/RangeAnalysis.h"

#include <cfloat>
#include <cmath>

namespace resin {

namespace {

enum class Constant { One, MinusZero, PlusZero, Other };

Constant classify(std::optional<double> v) {
  if (!v)
    return Constant::Other;
  float f = asFloat(*v);
  if (f == 1.0f)
    return Constant::One;
  if (f == 0.0f)
    return std::signbit(f) ? Constant::MinusZero : Constant::PlusZero;
  return Constant::Other;
}

class IdentityEliminator {
public:
  IdentityEliminator(Graph &graph, const PassContext &context)
      : g_(graph), context_(context), ranges_(analyzeRanges(graph)) {}

  size_t run() {
    size_t removed = 0;
    for (NodeId id = 0; id < g_.size(); ++id) {
      std::optional<size_t> slot = identitySlot(g_[id]);
      if (!slot || !g_[id].wired(*slot))
        continue;
      NodeId source = g_[id].inputs[*slot];
      if (source == id)
        continue;
      replaceAllUses(g_, id, source);
      ++removed;
    }
    return removed;
  }

private:
  /// The slot of the input that `node` returns unchanged, if it does.
  std::optional<size_t> identitySlot(const Node &node) const {
    auto constant = [&](size_t slot) { return classify(constantPort(g_, node, slot)); };
    switch (node.op) {
    case Op::Pass:
      return 0;
    case Op::Delay:
      return node.value("samples") == 0 ? std::optional<size_t>(0) : std::nullopt;
    case Op::Gain:
      return constant(1) == Constant::One ? std::optional<size_t>(0) : std::nullopt;
    case Op::Mul:
      if (constant(1) == Constant::One)
        return 0;
      if (constant(0) == Constant::One)
        return 1;
      return std::nullopt;
    case Op::Offset:
      return addsZero(node, constant(1), 0);
    case Op::Add:
      if (auto slot = addsZero(node, constant(1), 0))
        return slot;
      return addsZero(node, constant(0), 1);
    case Op::Affine:
      if (constant(1) != Constant::One)
        return std::nullopt;
      return addsZero(node, constant(2), 0);
    case Op::Clip:
    case Op::Clamp:
      return cannotClip(node) ? std::optional<size_t>(0) : std::nullopt;
    case Op::Finite:
      return alwaysFinite(portRange(node, 0)) ? std::optional<size_t>(0) : std::nullopt;
    default:
      return std::nullopt;
    }
  }

  /// `slot` when adding the constant `c` to the port `slot` returns it.
  std::optional<size_t> addsZero(const Node &node, Constant c, size_t slot) const {
    if (c == Constant::MinusZero)
      return slot;
    if (c == Constant::PlusZero &&
        (context_.allowValueChanges || !portRange(node, slot).mayBeZero()))
      return slot;
    return std::nullopt;
  }

  ValueRange portRange(const Node &node, size_t slot) const {
    if (node.wired(slot))
      return ranges_[node.inputs[slot]];
    return ValueRange::exactly(asFloat(node.values[slot]));
  }

  /// Whether every value in the range is a finite float (so finite(x) is x).
  static bool alwaysFinite(const ValueRange &r) {
    return !r.mayBeNaN && r.lo >= -double(FLT_MAX) && r.hi <= double(FLT_MAX);
  }

  /// Whether a clip with constant bounds returns its input bit for bit.
  bool cannotClip(const Node &node) const {
    std::optional<double> lo = constantPort(g_, node, 1), hi = constantPort(g_, node, 2);
    if (!lo || !hi)
      return false;
    double l = asFloat(*lo), h = asFloat(*hi);
    ValueRange r = portRange(node, 0);
    if (r.mayBeNaN || std::isnan(r.lo) || std::isnan(r.hi))
      return false;
    // A zero or subnormal bound: x == bound may be a zero of the other sign,
    // and DAZ compares subnormals as zeros; demand a normal float of margin.
    bool loOk = std::fabs(l) < double(FLT_MIN) ? r.lo >= l + double(FLT_MIN) : r.lo >= l;
    bool hiOk = std::fabs(h) < double(FLT_MIN) ? r.hi <= h - double(FLT_MIN) : r.hi <= h;
    return loOk && hiOk;
  }

  Graph &g_;
  const PassContext &context_;
  std::vector<ValueRange> ranges_;
};

} // namespace

size_t eliminateIdentities(Graph &graph, const PassContext &context) {
  return IdentityEliminator(graph, context).run();
}

} // namespace resin
