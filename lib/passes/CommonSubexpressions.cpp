// cse: identical pure nodes with identical inputs are computed once.
//
// Two nodes are identical when they have the same op, the same node wired
// into each port (after earlier merges), the same value, bit for bit, in
// each unwired port, and the same params bit for bit (values of wired ports
// are ignored: engines never read them). Pure ops (PureOps.h) compute a
// function of their port values and the sample index n alone, so identical
// nodes produce identical samples and every reader of the later one can read
// the first instead (the duplicate is left dead for `dce`). That holds for
// the context ops `const`, `time`, `osc` and `noise` too (deterministic in n
// and their params). `input` and `output` nodes are never merged (channels
// stay as they are) and stateful ops never are (each has its own state; two
// identical filters are left alone). The pass is exact: no value changes.
//
// Order: nodes are numbered canonically producers first, in a topological
// order of the graph with the wires into stateful nodes left out. Every cycle
// of a valid graph runs through a delay or vdelay (stateful), so that graph
// has no cycle; a stateful node is its own canonical node, so pure nodes
// inside feedback loops are still compared by structure. One pass over that
// order with a hash map of keys reaches the fixpoint (a merge can only make
// readers identical, and readers come later), in O(n log n). A node left
// unordered (a cycle of pure nodes, which the verifier rejects) is not
// touched.
#include "resin/passes/GraphEdit.h"
#include "resin/passes/Pass.h"

#include <bit>
#include <cstdint>
#include <functional>
#include <queue>
#include <unordered_map>
#include <vector>

namespace resin {

namespace {

bool mergeable(Op op) {
  // Free variables (`var`) and images differ by name alone, which the key
  // does not hold.
  return op != Op::Input && op != Op::Output && op != Op::Var && op != Op::Image &&
         !opInfo(op).isStateful();
}

/// A node's identity: op, then per slot a tag and a wired node or value bits.
using Key = std::vector<uint64_t>;

struct KeyHash {
  size_t operator()(const Key &key) const {
    uint64_t h = 0x9e3779b97f4a7c15ull;
    for (uint64_t word : key) {
      h ^= word + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
      h *= 0xff51afd7ed558ccdull;
    }
    return size_t(h ^ (h >> 33));
  }
};

Key keyOf(const Node &node, const std::vector<NodeId> &canonical) {
  const OpInfo &info = node.info();
  Key key;
  key.reserve(1 + 2 * node.inputs.size());
  key.push_back(uint64_t(node.op));
  // Const params bound to params are not in the values: such a node is
  // never merged (its address makes its key unique).
  if (!node.bound.empty())
    key.push_back(uint64_t(reinterpret_cast<uintptr_t>(&node)));
  for (size_t slot = 0; slot < node.inputs.size(); ++slot) {
    if (slot < info.numPorts && node.wired(slot)) {
      key.push_back(1);
      key.push_back(canonical[node.inputs[slot]]);
    } else {
      key.push_back(0);
      key.push_back(std::bit_cast<uint64_t>(node.values[slot]));
    }
  }
  return key;
}

/// Node ids producers first (wires into stateful nodes ignored), lowest id
/// first among the ready ones; nodes on a cycle of pure nodes are left out.
std::vector<NodeId> producersFirst(const Graph &graph) {
  std::vector<uint32_t> pending(graph.size(), 0);
  std::vector<std::vector<NodeId>> readers(graph.size());
  for (NodeId id = 0; id < graph.size(); ++id) {
    if (graph[id].info().isStateful())
      continue;
    for (NodeId from : graph[id].inputs)
      if (from != kNoNode) {
        ++pending[id];
        readers[from].push_back(id);
      }
  }
  std::priority_queue<NodeId, std::vector<NodeId>, std::greater<NodeId>> ready;
  for (NodeId id = 0; id < graph.size(); ++id)
    if (pending[id] == 0)
      ready.push(id);
  std::vector<NodeId> order;
  order.reserve(graph.size());
  while (!ready.empty()) {
    NodeId id = ready.top();
    ready.pop();
    order.push_back(id);
    for (NodeId reader : readers[id])
      if (--pending[reader] == 0)
        ready.push(reader);
  }
  return order;
}

} // namespace

size_t eliminateCommonSubexpressions(Graph &graph, const PassContext &) {
  std::vector<NodeId> canonical(graph.size());
  for (NodeId id = 0; id < graph.size(); ++id)
    canonical[id] = id;
  std::unordered_map<Key, NodeId, KeyHash> seen;
  seen.reserve(graph.size());
  // Merging a node nothing reads changes nothing, so only read ones count
  // (a dead duplicate waits for dce and does not keep a fixpoint going).
  std::vector<uint32_t> uses = graph.useCounts();
  size_t merged = 0;
  for (NodeId id : producersFirst(graph)) {
    if (!mergeable(graph[id].op))
      continue;
    auto [it, inserted] = seen.try_emplace(keyOf(graph[id], canonical), id);
    if (!inserted) {
      canonical[id] = it->second;
      if (uses[id] > 0) {
        recordFusion(graph, it->second, id);
        ++merged;
      }
    }
  }
  if (merged == 0)
    return 0;
  // replaceAllUses for every merged node at once: each wire reads the
  // canonical node of its source (canonical nodes map to themselves).
  for (Node &node : graph.nodes)
    for (NodeId &input : node.inputs)
      if (input != kNoNode)
        input = canonical[input];
  return merged;
}

} // namespace resin
