// The finite guards of --sanitize (passes/Sanitize.h). Guards are appended,
// so existing node ids stay valid; engines schedule by wires, not by order.
#include "resin/passes/Sanitize.h"

#include <optional>
#include <unordered_map>

namespace resin {

size_t insertFiniteGuards(Graph &graph) {
  std::unordered_map<NodeId, NodeId> guardOf;
  const NodeId existing = NodeId(graph.size());
  for (NodeId id = 0; id < existing; ++id) {
    const OpInfo &info = graph[id].info();
    std::optional<size_t> in = info.findSlot("in");
    if (!info.isStateful() || !in)
      continue;
    NodeId source = graph[id].inputs[*in];
    if (source == kNoNode || graph[source].op == Op::Const || graph[source].op == Op::Finite)
      continue;
    auto [it, fresh] = guardOf.try_emplace(source, kNoNode);
    if (fresh) {
      // addNode may move the nodes: no references are held across it.
      SourceLoc at = graph[source].loc;
      it->second = graph.addNode(Op::Finite, {}, at);
      graph[it->second].inputs[0] = source;
    }
    graph[id].inputs[*in] = it->second;
  }
  return guardOf.size();
}

} // namespace resin
