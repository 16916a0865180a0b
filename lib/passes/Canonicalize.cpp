// canonicalize: arithmetic with a constant operand becomes the affine family,
// so later passes (fuse-affine, elim-identity, contract) see one form.
//
//   mul(a, c), mul(c, a), gain(c, a)  ->  gain(a, c)
//   add(a, c), add(c, a), offset(c, a) ->  offset(a, c)
//   sub(a, c)                         ->  offset(a, -c)
//   sub(c, a)                         ->  affine(a, -1, c)
//   neg(a)                            ->  gain(a, -1)
//   offset(gain(x, g), o)             ->  affine(x, g, o)   (the gain's only live reader)
//
// A constant is an unwired port or a wired `const` node (constantPort); it
// becomes the new node's port value, so the text form (`x * 2`, a const
// node) and the JSON form (a port value) canonicalize to the same IR. Ops
// whose operands are all constant are left to fold-const.
//
// Why it is exact (every output bit for bit, NaN equals NaN; checked over
// special values and random bits, with and without FTZ/DAZ): a*b == b*a and
// a+b == b+a; a-c == a+(-c) by IEEE's definition of subtraction, and -c is
// exact in double and in float; c-a == c+(-a) == (a*-1)+c, a*-1 being
// exactly -a (zeros included: c=+0,a=+0 gives +0 both ways, c=-0,a=-0 gives
// +0 both ways); affine computes (in*gain)+offset with the same two
// roundings as the gain and offset nodes it replaces. neg(a) == a*-1 in
// IEEE arithmetic (a NaN may keep its sign, which NaN-equals-NaN ignores).
// One caveat, outside IEEE: audio engines run with FTZ/DAZ, where a*-1 of a
// subnormal `a` (only an input sample or a subnormal constant can be one) is
// -0 whereas neg(a) flips the sign bit and keeps it subnormal. Fields never
// flush, so there the pass is exact without exception.
#include "resin/passes/GraphEdit.h"
#include "resin/passes/Pass.h"

namespace resin {

namespace {

/// A port's slot contents (the wire or the unwired value), to move a
/// non-constant operand from one node to another unchanged.
struct PortSource {
  NodeId input;
  double value;
};

PortSource sourceOf(const Node &node, size_t slot) {
  return {node.inputs[slot], node.values[slot]};
}

void setPort(Node &node, size_t slot, PortSource source) {
  node.inputs[slot] = source.input;
  node.values[slot] = source.value;
}

class Canonicalizer {
public:
  explicit Canonicalizer(Graph &graph) : g_(graph) {}

  size_t run() {
    size_t changes = 0;
    for (NodeId id = 0; id < g_.size(); ++id)
      changes += rewriteArithmetic(id) ? 1 : 0;
    std::vector<std::vector<NodeId>> readers = liveReadersOf(g_);
    for (NodeId id = 0; id < g_.size(); ++id)
      changes += mergeGainIntoOffset(id, readers) ? 1 : 0;
    return changes;
  }

private:
  /// The first group of rewrites above; whether the node changed.
  bool rewriteArithmetic(NodeId id) {
    Node &node = g_[id];
    switch (node.op) {
    case Op::Mul:
    case Op::Gain:
      return commuteConstant(node, Op::Gain, node.op == Op::Mul);
    case Op::Add:
    case Op::Offset:
      return commuteConstant(node, Op::Offset, node.op == Op::Add);
    case Op::Sub: {
      std::optional<double> a = constantPort(g_, node, 0), b = constantPort(g_, node, 1);
      if (a && b)
        return false;
      if (b) { // a - c == a + (-c)
        PortSource in = sourceOf(node, 0);
        rewriteAs(node, Op::Offset);
        setPort(node, 0, in);
        setPortValue(node, 1, -*b);
        return true;
      }
      if (a) { // c - a == (a * -1) + c
        PortSource in = sourceOf(node, 1);
        rewriteAs(node, Op::Affine);
        setPort(node, 0, in);
        setPortValue(node, 1, -1);
        setPortValue(node, 2, *a);
        return true;
      }
      return false;
    }
    case Op::Neg: {
      if (constantPort(g_, node, 0))
        return false;
      PortSource in = sourceOf(node, 0);
      rewriteAs(node, Op::Gain);
      setPort(node, 0, in);
      setPortValue(node, 1, -1);
      return true;
    }
    default:
      return false;
    }
  }

  /// A commutative two-port op with exactly one constant operand becomes
  /// `to(other, constant)`. `always`: rewrite even when the constant is
  /// already in the second slot as an unwired value (mul -> gain); otherwise
  /// (gain, offset) only a constant first slot or a const node in the second
  /// slot is a change.
  bool commuteConstant(Node &node, Op to, bool always) {
    std::optional<double> a = constantPort(g_, node, 0), b = constantPort(g_, node, 1);
    if (a.has_value() == b.has_value())
      return false;
    size_t other = b ? 0 : 1;
    double c = b ? *b : *a;
    if (!always && other == 0 && !node.wired(1))
      return false; // already gain(x, c) / offset(x, c)
    PortSource in = sourceOf(node, other);
    rewriteAs(node, to);
    setPort(node, 0, in);
    setPortValue(node, 1, c);
    return true;
  }

  /// offset(gain(x, g), o) -> affine(x, g, o) on the offset node, when the
  /// offset is the gain's only reader and g, o are constant.
  bool mergeGainIntoOffset(NodeId id, const std::vector<std::vector<NodeId>> &readers) {
    Node &offset = g_[id];
    if (offset.op != Op::Offset || !offset.wired(0))
      return false;
    std::optional<double> o = constantPort(g_, offset, 1);
    NodeId gainId = offset.inputs[0];
    const Node &gain = g_[gainId];
    if (!o || gain.op != Op::Gain || readers[gainId].size() != 1)
      return false;
    std::optional<double> g = constantPort(g_, gain, 1);
    if (!g)
      return false;
    PortSource in = sourceOf(gain, 0);
    recordFusion(g_, id, gainId);
    rewriteAs(offset, Op::Affine);
    setPort(offset, 0, in);
    setPortValue(offset, 1, *g);
    setPortValue(offset, 2, *o);
    return true;
  }

  Graph &g_;
};

} // namespace

size_t canonicalize(Graph &graph, const PassContext &) {
  return Canonicalizer(graph).run();
}

} // namespace resin
