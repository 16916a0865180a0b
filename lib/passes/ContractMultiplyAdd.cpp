// contract: a multiply whose only reader is an add becomes one fma.
//
//   add(mul(a, b), c)  or  add(c, mul(a, b))  ->  fma(a, b, c)
//   offset(mul(a, b), o)                      ->  fma(a, b, o)
//   add/offset reading gain(x, g)             ->  fma(x, g, ...)
//   affine(x, g, o)                           ->  fma(x, g, o)
//
// The add (or offset) node becomes the fma, taking over the multiply's two
// ports (wired or constant) and keeping its other operand as c; the multiply,
// read by nothing any more, is left for `dce`. A multiply read by anything
// else (or read twice by the same add) stays, since it would still be
// computed and the fma would only add work. When both operands of an add
// are such multiplies, the first one (port a) is contracted.
//
// Value-changing (-O3 only; nothing when allowValueChanges is false): the
// product is no longer rounded to float before the add. fma(a, b, c) is
// a*b + c rounded once (vfma in every engine), where mul-then-add and affine
// round a*b to float first and then round the sum. So results may differ in
// the last bits (by up to about half an ulp of the product, which matters
// most under cancellation), and the product's own rounding effects go with
// it: a product that overflowed to inf may give a finite sum, a product that
// underflowed (or was flushed to zero under FTZ) may leave a nonzero or
// differently signed tiny result, and an exactly zero sum may change the
// sign of its zero. NaN stays NaN, and an exact product gives the same
// result both ways.
//
// Where a last-bit change would not stay a last-bit change of the outputs,
// the sum is left alone: a value read as a vdelay's `time` (the output moves
// by the signal's slope times the time's change, e.g. 3e-5 samples near 882),
// or read by an op that jumps (floor, ceil, fract, mod, sign, step, the
// comparisons, select's condition: a one-ulp change near an edge, or of a
// large argument to fract or mod, changes the result by far more than the
// argument's rounding). So -O3's results stay within rounding of -O2's.
#include "resin/passes/GraphEdit.h"
#include "resin/passes/Pass.h"

#include <vector>

namespace resin {

namespace {

bool isProduct(Op op) {
  return op == Op::Mul || op == Op::Gain;
}

/// Copies slot `from` of `source` (wire or value) into slot `to` of `node`.
void copySlot(Node &node, size_t to, const Node &source, size_t from) {
  node.inputs[to] = source.inputs[from];
  node.values[to] = source.values[from];
  node.valueLocs[to] = source.valueLocs[from];
}

} // namespace

size_t contractMultiplyAdd(Graph &graph, const PassContext &context) {
  if (!context.allowValueChanges)
    return 0;
  std::vector<uint32_t> uses = graph.useCounts();
  std::vector<bool> sensitive = readByAmplifier(graph);
  size_t contracted = 0;
  for (NodeId id = 0; id < graph.size(); ++id) {
    Node &node = graph[id];
    if (sensitive[id])
      continue;
    if (node.op == Op::Affine) {
      // affine(in, gain, offset) has fma's slots in the same order (the
      // same node, so no new origin).
      node.op = Op::Fma;
      ++contracted;
      continue;
    }
    if (node.op != Op::Add && node.op != Op::Offset)
      continue;
    // add: either port may be the product; offset: only its signal `in`.
    size_t ports = node.op == Op::Add ? 2 : 1;
    for (size_t p = 0; p < ports; ++p) {
      if (!node.wired(p))
        continue;
      NodeId productId = node.inputs[p];
      if (productId == id || !isProduct(graph[productId].op) || uses[productId] != 1)
        continue;
      Node product = graph[productId];
      Node sum = node;
      size_t other = 1 - p;
      recordFusion(graph, id, productId);
      rewriteAs(node, Op::Fma);
      copySlot(node, 0, product, 0);
      copySlot(node, 1, product, 1);
      copySlot(node, 2, sum, other);
      // The product's inputs are read by the fma now and no longer by the
      // product, which nothing reads: counts of everything else stay.
      uses[productId] = 0;
      ++contracted;
      break;
    }
  }
  return contracted;
}

} // namespace resin
