// Interval arithmetic over the graph, producers before consumers (strongly
// connected components in topological order; a component with a cycle is
// unknown, since its values depend on their own past).
#include "resin/passes/RangeAnalysis.h"

#include "resin/ir/Components.h"
#include "resin/passes/GraphEdit.h"
#include "resin/support/Format.h"

#include <algorithm>
#include <cmath>

namespace resin {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kFloatMax = double(std::numeric_limits<float>::max());

/// Moves a bound outward by `steps` float steps, so float rounding (and up
/// to a few ULP of approximation error) cannot escape it.
double outward(double v, int steps, double direction) {
  if (std::isnan(v))
    return direction * kInf;
  float f = float(v);
  // The double may round to a float on the wrong side; one extra step covers it.
  for (int i = 0; i <= steps; ++i)
    f = std::nextafter(f, float(direction * kInf));
  return double(f);
}

ValueRange widened(double lo, double hi, bool nan, int steps = 1) {
  if (std::isnan(lo) || std::isnan(hi))
    return ValueRange::unknown();
  return {outward(lo, steps, -1), outward(hi, steps, +1), nan};
}

ValueRange hull(const ValueRange &a, const ValueRange &b) {
  return {std::min(a.lo, b.lo), std::max(a.hi, b.hi), a.mayBeNaN || b.mayBeNaN};
}

ValueRange add(const ValueRange &a, const ValueRange &b) {
  bool infMinusInf = (a.hi == kInf && b.lo == -kInf) || (a.lo == -kInf && b.hi == kInf);
  return widened(a.lo + b.lo, a.hi + b.hi, a.mayBeNaN || b.mayBeNaN || infMinusInf);
}

ValueRange negate(const ValueRange &a) {
  return {-a.hi, -a.lo, a.mayBeNaN};
}

ValueRange multiply(const ValueRange &a, const ValueRange &b) {
  bool zeroTimesInf = (a.mayBeZero() && !b.finite()) || (b.mayBeZero() && !a.finite());
  double corners[] = {a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi};
  for (double c : corners)
    if (std::isnan(c))
      return ValueRange::unknown();
  return widened(*std::min_element(corners, corners + 4), *std::max_element(corners, corners + 4),
                 a.mayBeNaN || b.mayBeNaN || zeroTimesInf);
}

/// A monotonic non-decreasing function of a finite-or-not range (exp, floor...).
template <class Fn> ValueRange monotonic(const ValueRange &a, Fn fn, int steps) {
  return widened(fn(a.lo), fn(a.hi), a.mayBeNaN, steps);
}

ValueRange unitRange(bool nan) {
  return {-1, 1, nan};
}

class RangeAnalyzer {
public:
  explicit RangeAnalyzer(const Graph &graph) : g_(graph), ranges_(graph.size()) {}

  std::vector<ValueRange> run() {
    std::vector<std::vector<NodeId>> consumers(g_.size());
    for (NodeId id = 0; id < g_.size(); ++id)
      for (NodeId from : g_[id].inputs)
        if (from != kNoNode)
          consumers[from].push_back(id);
    std::vector<uint32_t> component = stronglyConnectedComponents(consumers);
    uint32_t count = 0;
    for (uint32_t c : component)
      count = std::max(count, c + 1);
    std::vector<std::vector<NodeId>> members(count);
    for (NodeId id = 0; id < g_.size(); ++id)
      members[component[id]].push_back(id);
    // Tarjan completes downstream components first: walk them in reverse.
    for (uint32_t c = count; c-- > 0;) {
      const std::vector<NodeId> &nodes = members[c];
      bool cyclic = nodes.size() > 1 ||
                    std::find(consumers[nodes[0]].begin(), consumers[nodes[0]].end(), nodes[0]) !=
                        consumers[nodes[0]].end();
      for (NodeId id : nodes)
        ranges_[id] = cyclic ? ValueRange::unknown() : rangeOf(g_[id]);
    }
    return ranges_;
  }

private:
  ValueRange port(const Node &node, size_t slot) const {
    if (node.wired(slot))
      return ranges_[node.inputs[slot]];
    return ValueRange::exactly(float(node.values[slot]));
  }

  ValueRange rangeOf(const Node &n) const {
    auto p = [&](size_t slot) { return port(n, slot); };
    if (n.info().isComparison())
      return ValueRange::between(0, 1);
    switch (n.op) {
    case Op::Const:
      return ValueRange::exactly(float(n.values[0]));
    case Op::Output:
    case Op::Pass:
      return p(0);
    case Op::Gain:
    case Op::Mul:
      return multiply(p(0), p(1));
    case Op::Offset:
    case Op::Add:
      return add(p(0), p(1));
    case Op::Sub:
      return add(p(0), negate(p(1)));
    case Op::Affine:
      return add(multiply(p(0), p(1)), p(2));
    case Op::Fma: // one rounding; the two-rounding bound contains it
      return add(multiply(p(0), p(1)), p(2));
    case Op::Neg:
      return negate(p(0));
    case Op::Abs: {
      ValueRange a = p(0);
      if (a.lo >= 0)
        return a;
      if (a.hi <= 0)
        return negate(a);
      return {0, std::max(-a.lo, a.hi), a.mayBeNaN};
    }
    case Op::Min:
    case Op::Max: {
      // f32::min/max: a NaN operand gives the other one; NaN only from two.
      ValueRange a = p(0), b = p(1);
      bool isMin = n.op == Op::Min;
      double lo = isMin ? std::min(a.lo, b.lo) : std::max(a.lo, b.lo);
      double hi = isMin ? std::min(a.hi, b.hi) : std::max(a.hi, b.hi);
      if (a.mayBeNaN)
        lo = std::min(lo, b.lo), hi = std::max(hi, b.hi);
      if (b.mayBeNaN)
        lo = std::min(lo, a.lo), hi = std::max(hi, a.hi);
      return {lo, hi, a.mayBeNaN && b.mayBeNaN};
    }
    case Op::Clamp: {
      // f32::clamp without its assertion: value, min or max, NaN from value.
      ValueRange v = p(0), lo = p(1), hi = p(2);
      return {std::min({v.lo, lo.lo, hi.lo}), std::max({v.hi, lo.hi, hi.hi}), v.mayBeNaN};
    }
    case Op::Clip: {
      // t = in>lo?in:lo; t<hi?t:hi: the result is lo, hi, or in strictly
      // between them; NaN only through lo or hi.
      ValueRange lo = p(1), hi = p(2);
      return {std::min(lo.lo, hi.lo), hi.hi, lo.mayBeNaN || hi.mayBeNaN};
    }
    case Op::Finite: { // finite values pass, NaN and +-inf give +0
      ValueRange a = p(0);
      double lo = std::max(a.lo, -kFloatMax), hi = std::min(a.hi, kFloatMax);
      if (lo > hi) // nothing finite gets through
        lo = kInf, hi = -kInf;
      if (a.mayBeNaN || a.lo < -kFloatMax || a.hi > kFloatMax)
        lo = std::min(lo, 0.0), hi = std::max(hi, 0.0);
      return {lo, hi, false};
    }
    case Op::Sin:
    case Op::Cos:
      return unitRange(p(0).mayBeNaN || !p(0).finite());
    case Op::Tanh:
      return unitRange(p(0).mayBeNaN);
    case Op::Softclip:
      return unitRange(multiply(p(0), p(1)).mayBeNaN);
    case Op::Sign: // NaN gives 0
      return unitRange(false);
    case Op::Step:
      return ValueRange::between(0, 1);
    case Op::Select:
      return hull(p(1), p(2));
    case Op::Floor:
      return monotonic(
          p(0), [](double v) { return std::floor(v); }, 0);
    case Op::Ceil:
      return monotonic(
          p(0), [](double v) { return std::ceil(v); }, 0);
    case Op::Fract: // in - trunc(in): the sign of in, magnitude below 1
      return {p(0).lo < 0 ? -1.0 : 0.0, p(0).hi > 0 ? 1.0 : 0.0, p(0).mayBeNaN || !p(0).finite()};
    case Op::Sqrt: {
      ValueRange a = p(0);
      return widened(std::sqrt(std::max(a.lo, 0.0)), std::sqrt(std::max(a.hi, 0.0)),
                     a.mayBeNaN || a.lo < 0);
    }
    case Op::Exp:
      return monotonic(
          p(0), [](double v) { return std::exp(v); }, 8);
    case Op::Perlin2:
    case Op::Perlin3: { // f32::clamp lets NaN through: a NaN or infinite coordinate
      bool nan = false;
      for (size_t s = 0; s < n.info().numPorts; ++s)
        nan = nan || p(s).mayBeNaN || !p(s).finite();
      return {0, 1, nan};
    }
    case Op::Simplex2:
    case Op::Simplex3:
      return ValueRange::between(0, 1);
    case Op::Fbm2:
    case Op::Fbm3: // a weighted average of values in [0, 1] when the weights are positive;
                   // NaN from 0 octaves, or a perlin octave at an infinite coordinate
      return n.value("gain") > 0 ? ValueRange{0, 1, true} : ValueRange::unknown();
    case Op::Osc:
    case Op::Noise:
      return multiply(unitRange(false), p(0));
    case Op::Delay:
      return hull(p(0), ValueRange::exactly(0));
    case Op::Vdelay: { // a + f*(b-a) between two past inputs (or 0), plus rounding
      ValueRange taps = hull(p(0), ValueRange::exactly(0));
      return widened(taps.lo, taps.hi, taps.mayBeNaN || !taps.finite(), 2);
    }
    default: // input, time, mod, pow, tan, ln, mix, distances, SDFs, filters, envelope
      return ValueRange::unknown();
    }
  }

  const Graph &g_;
  std::vector<ValueRange> ranges_;
};

} // namespace

ValueRange ValueRange::exactly(float v) {
  if (std::isnan(v))
    return {kInf, -kInf, true};
  return {double(v), double(v), false};
}

bool ValueRange::finite() const {
  return std::isfinite(lo) && std::isfinite(hi);
}

std::string ValueRange::str() const {
  if (lo == -kInf && hi == kInf)
    return mayBeNaN ? "any" : "any number (no NaN)";
  std::string text = lo > hi ? "none" : "[" + formatNumber(lo) + ", " + formatNumber(hi) + "]";
  return mayBeNaN ? text + " or NaN" : text;
}

std::vector<ValueRange> analyzeRanges(const Graph &graph) {
  return RangeAnalyzer(graph).run();
}

} // namespace resin
