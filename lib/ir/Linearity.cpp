// Linearity and time invariance from the ops. A node "carries the signal"
// when an input reaches it; the question is what each op does to a signal
// it carries. The switch names every op (no default), so a new op does not
// compile until someone decides which kind it is.
#include "resin/ir/Linearity.h"

#include <vector>

namespace resin {

namespace {

enum class Kind { Linear, Nonlinear, TimeVarying };

class Judge {
public:
  explicit Judge(const Graph &graph) : g_(graph), carries_(graph.size(), false) {}

  Linearity run(NodeId output) {
    markSignal();
    std::vector<bool> seen(g_.size(), false);
    std::vector<NodeId> work = {output};
    seen[output] = true;
    Linearity result;
    while (!work.empty()) {
      NodeId id = work.back();
      work.pop_back();
      judge(id, result);
      for (NodeId from : g_[id].inputs)
        if (from != kNoNode && !seen[from]) {
          seen[from] = true;
          work.push_back(from);
        }
    }
    return result;
  }

private:
  /// carries_[id]: an input node reaches id (through any wire, loops included).
  void markSignal() {
    std::vector<std::vector<NodeId>> readers(g_.size());
    for (NodeId id = 0; id < g_.size(); ++id)
      for (NodeId from : g_[id].inputs)
        if (from != kNoNode)
          readers[from].push_back(id);
    std::vector<NodeId> work;
    for (NodeId id = 0; id < g_.size(); ++id)
      if (g_[id].op == Op::Input)
        carries_[id] = true, work.push_back(id);
    while (!work.empty()) {
      NodeId id = work.back();
      work.pop_back();
      for (NodeId r : readers[id])
        if (!carries_[r])
          carries_[r] = true, work.push_back(r);
    }
  }

  bool signal(const Node &node, size_t slot) const {
    return node.wired(slot) && carries_[node.inputs[slot]];
  }
  /// A port that adds nothing: unwired at 0, or wired to the constant 0.
  bool zero(const Node &node, size_t slot) const {
    if (!node.wired(slot))
      return node.values[slot] == 0;
    const Node &from = g_[node.inputs[slot]];
    return from.op == Op::Const && from.values[0] == 0;
  }
  /// A sum of ports: linear when every port is a signal or zero.
  Kind sum(const Node &node, std::initializer_list<size_t> ports) const {
    for (size_t p : ports)
      if (!signal(node, p) && !zero(node, p))
        return Kind::Nonlinear;
    return Kind::Linear;
  }
  /// A product of ports: linear when at most one is a signal.
  Kind product(const Node &node, std::initializer_list<size_t> ports) const {
    int signals = 0;
    for (size_t p : ports)
      signals += signal(node, p);
    return signals <= 1 ? Kind::Linear : Kind::Nonlinear;
  }
  bool anySignal(const Node &node) const {
    for (size_t slot = 0; slot < node.info().numPorts; ++slot)
      if (signal(node, slot))
        return true;
    return false;
  }

  /// What the op does to the signals it carries (sources: whether they vary).
  Kind kindOf(const Node &node) const {
    switch (node.op) {
    case Op::Time:
    case Op::Osc:
    case Op::Noise:
      return Kind::TimeVarying;
    case Op::Input:
    case Op::Output:
    case Op::Const:
    case Op::Var:
    case Op::Param:
    case Op::Pass:
    case Op::Neg:
    case Op::Delay:
    case Op::Onepole:
    case Op::Biquad:
    case Op::Allpass1:
      return Kind::Linear;
    case Op::Gain:
      return product(node, {0, 1});
    case Op::Offset:
      return sum(node, {0, 1});
    case Op::Affine:
      return product(node, {0, 1}) == Kind::Linear && zero(node, 2) ? Kind::Linear
                                                                    : Kind::Nonlinear;
    case Op::Fma:
      return product(node, {0, 1}) == Kind::Linear && sum(node, {2}) == Kind::Linear
                 ? Kind::Linear
                 : Kind::Nonlinear;
    case Op::Add:
    case Op::Sub:
      return sum(node, {0, 1});
    case Op::Mul:
      return product(node, {0, 1});
    case Op::Div:
      return signal(node, 1) ? Kind::Nonlinear : Kind::Linear;
    case Op::Mix: // a + mix*(b-a): linear in a and b while mix is constant
      return signal(node, 2) ? Kind::Nonlinear : Kind::Linear;
    case Op::Vdelay: // linear interpolation of the signal; a moving time varies
      if (signal(node, 1))
        return Kind::Nonlinear;
      return node.wired(1) && g_[node.inputs[1]].op != Op::Const ? Kind::TimeVarying : Kind::Linear;
    case Op::Mod:
    case Op::Pow:
    case Op::Min:
    case Op::Max:
    case Op::Gt:
    case Op::Lt:
    case Op::Ge:
    case Op::Le:
    case Op::Eq:
    case Op::Ne:
    case Op::Select:
    case Op::Abs:
    case Op::Floor:
    case Op::Ceil:
    case Op::Fract:
    case Op::Sign:
    case Op::Sqrt:
    case Op::Sin:
    case Op::Cos:
    case Op::Tan:
    case Op::Exp:
    case Op::Ln:
    case Op::Tanh:
    case Op::Finite:
    case Op::Clip:
    case Op::Softclip:
    case Op::Clamp:
    case Op::Smoothstep:
    case Op::Step:
    case Op::Length2:
    case Op::Length3:
    case Op::Distance2:
    case Op::Distance3:
    case Op::SdfCircle:
    case Op::SdfBox2:
    case Op::SdfSphere:
    case Op::SdfBox3:
    case Op::SdfSmoothUnion:
    case Op::SdfSmoothIntersection:
    case Op::SdfSmoothSubtraction:
    case Op::Perlin2:
    case Op::Perlin3:
    case Op::Simplex2:
    case Op::Simplex3:
    case Op::Image: // the image ops are fields' only: no audio graph holds them
    case Op::Sample:
    case Op::SampleNearest:
    case Op::Width:
    case Op::Height:
    case Op::Fbm2:
    case Op::Fbm3:
    case Op::Envelope: // a peak follower: time-invariant, but |in| is not linear
      return anySignal(node) ? Kind::Nonlinear : Kind::Linear;
    }
    return Kind::Nonlinear;
  }

  void judge(NodeId id, Linearity &result) const {
    const Node &node = g_[id];
    Kind kind = kindOf(node);
    // What a node does to values that do not carry the signal (an LFO's
    // depth and offset) is no nonlinearity of the system; that they move
    // with time still matters.
    if (kind == Kind::Nonlinear && !carries_[id])
      kind = Kind::Linear;
    std::string who = node.name.empty() ? std::string(node.info().name) : node.name;
    if (node.loc.known())
      who += "@" + std::to_string(node.loc.line) + ":" + std::to_string(node.loc.col);
    if (kind == Kind::Nonlinear && result.linear) {
      result.linear = false;
      result.nonlinearBecause =
          who + " (" + std::string(node.info().name) + ") is not linear in the signal it reads";
    }
    if (kind == Kind::TimeVarying && result.timeInvariant) {
      result.timeInvariant = false;
      result.timeVaryingBecause =
          who + " (" + std::string(node.info().name) + ") changes with time";
    }
  }

  const Graph &g_;
  std::vector<bool> carries_;
};

} // namespace

Linearity judgeLinearity(const Graph &graph, NodeId output) {
  return Judge(graph).run(output);
}

} // namespace resin
