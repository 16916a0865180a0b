// Evaluation order: cut the input edges of delays that sit on a feedback loop
// (their source is in the same strongly connected component), then sort the
// rest topologically. The verifier guarantees every cycle passes through such
// a delay, so what remains is acyclic.
#include "resin/engine/Schedule.h"

#include "resin/ir/Components.h"

#include <algorithm>
#include <queue>

namespace resin {

namespace {

bool isDelayInput(const Node &node, size_t slot) {
  if (slot != 0)
    return false;
  if (node.op == Op::Delay)
    return node.value("samples") >= 1;
  return node.op == Op::Vdelay;
}

} // namespace

Schedule buildSchedule(const Graph &graph) {
  size_t n = graph.size();
  std::vector<std::vector<NodeId>> consumers(n);
  for (NodeId id = 0; id < n; ++id)
    for (size_t s = 0; s < graph[id].inputs.size(); ++s)
      if (graph[id].wired(s))
        consumers[graph[id].inputs[s]].push_back(id);
  std::vector<uint32_t> component = stronglyConnectedComponents(consumers);

  Schedule schedule;
  schedule.numNodes = n;
  schedule.numParams = graph.params.size();
  schedule.inputs = graph.inputsByChannel();
  schedule.outputs = graph.outputsByChannel();

  // Kahn's algorithm over the uncut edges, lowest node id first so the
  // order is deterministic.
  std::vector<bool> deferred(n, false);
  std::vector<uint32_t> pending(n, 0);
  std::vector<std::vector<NodeId>> uncutConsumers(n);
  for (NodeId id = 0; id < n; ++id) {
    const Node &node = graph[id];
    for (size_t s = 0; s < node.inputs.size(); ++s) {
      if (!node.wired(s))
        continue;
      NodeId from = node.inputs[s];
      if (isDelayInput(node, s) && component[from] == component[id]) {
        deferred[id] = true;
        continue;
      }
      uncutConsumers[from].push_back(id);
      ++pending[id];
    }
  }
  std::priority_queue<NodeId, std::vector<NodeId>, std::greater<>> ready;
  for (NodeId id = 0; id < n; ++id)
    if (pending[id] == 0)
      ready.push(id);
  while (!ready.empty()) {
    NodeId id = ready.top();
    ready.pop();
    const Node &node = graph[id];
    ScheduledNode sn;
    sn.id = id;
    sn.op = node.op;
    sn.numPorts = uint8_t(node.info().numPorts);
    for (size_t p = 0; p < sn.numPorts; ++p) {
      sn.portSource[p] = node.inputs[p];
      sn.portValue[p] = float(node.values[p]);
    }
    sn.constants = resolveConstants(graph, node);
    sn.deferredInput = deferred[id];
    sn.boundToParams = !node.bound.empty();
    if (sn.deferredInput)
      schedule.maxSpan =
          std::min(schedule.maxSpan, node.op == Op::Delay ? sn.constants.delaySamples : 1);
    schedule.order.push_back(sn);
    for (NodeId w : uncutConsumers[id])
      if (--pending[w] == 0)
        ready.push(w);
  }
  return schedule;
}

} // namespace resin
