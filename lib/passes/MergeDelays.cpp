// merge-delay: delay(a) -> delay(b) becomes one delay(a+b) when nothing else
// reads the middle delay.
//
// The outer delay (b samples) takes over the inner one's input and delays
// it by a+b; the inner delay, now read by nothing, is detached (its input
// set to the constant 0 and its length to 0) and left for `dce`. Only pairs
// with a >= 1 and b >= 1 merge (delay(0) is elim-identity's), and only when
// a+b <= kMaxDelaySamples, the op's limit. Chains merge in one pass.
//
// Exact: a delay line starts at zero and copies floats without arithmetic,
// so inner[m] = x[m-a] for m >= a, else 0, and outer[n] = inner[n-b] for
// n >= b, else 0; together outer[n] = x[n-a-b] for n >= a+b and 0 before,
// which is delay(x, a+b) bit for bit.
//
// Feedback: the inner delay's only reader is the outer one, so every cycle
// through the inner delay also runs through the outer one; after the merge
// such a cycle runs through the outer delay with a+b >= 1 samples, and any
// cycle through the outer delay still does (its length only grows). The
// detached inner delay has no reader, so it is on no cycle. Memory: the pair
// needed a + b samples of delay line and the merged delay needs a+b (the
// detached inner one needs none), so the total never grows, not even before
// dce runs.
#include "resin/passes/GraphEdit.h"
#include "resin/passes/Pass.h"

#include <cstdint>
#include <vector>

namespace resin {

namespace {

constexpr size_t kIn = 0, kSamples = 1;

int64_t lengthOf(const Node &node) {
  return int64_t(node.values[kSamples]);
}

} // namespace

size_t mergeDelays(Graph &graph, const PassContext &) {
  std::vector<uint32_t> uses = graph.useCounts();
  size_t merged = 0;
  for (NodeId outer = 0; outer < graph.size(); ++outer) {
    if (graph[outer].op != Op::Delay)
      continue;
    // Each merge moves the outer delay's input one delay further back, so
    // a chain of delays collapses into the outermost one here.
    while (graph[outer].wired(kIn)) {
      NodeId inner = graph[outer].inputs[kIn];
      Node &in = graph[inner];
      Node &out = graph[outer];
      if (inner == outer || in.op != Op::Delay || uses[inner] != 1)
        break;
      int64_t a = lengthOf(in), b = lengthOf(out);
      if (a < 1 || b < 1 || a + b > kMaxDelaySamples)
        break;
      // The inner input's reader count is unchanged: the outer delay reads
      // it instead of the inner one.
      recordFusion(graph, outer, inner);
      out.inputs[kIn] = in.inputs[kIn];
      out.values[kIn] = in.values[kIn];
      out.values[kSamples] = double(a + b);
      setPortValue(in, kIn, 0.0);
      in.values[kSamples] = 0;
      uses[inner] = 0;
      ++merged;
    }
  }
  return merged;
}

} // namespace resin
