// Graph edits shared by the passes.
#include "resin/passes/GraphEdit.h"

namespace resin {

namespace {

/// Whether reading a value through `slot` of an `op` node can turn a
/// one-ulp change of the value into much more than a rounding of the result.
bool amplifies(Op op, size_t slot) {
  if (opInfo(op).isComparison())
    return true;
  switch (op) {
  case Op::Vdelay:
    return slot == 1; // time
  case Op::Select:
    return slot == 0; // condition
  case Op::Floor:
  case Op::Ceil:
  case Op::Fract:
  case Op::Mod:
  case Op::Sign:
  case Op::Step:
  case Op::Finite: // FLT_MAX one ulp up is inf, which finite maps to 0
    return true;
  default:
    return false;
  }
}

} // namespace

std::vector<bool> readByAmplifier(const Graph &graph) {
  std::vector<bool> sensitive(graph.size(), false);
  for (const Node &reader : graph.nodes)
    for (size_t slot = 0; slot < reader.inputs.size(); ++slot)
      if (reader.wired(slot) && amplifies(reader.op, slot))
        sensitive[reader.inputs[slot]] = true;
  return sensitive;
}

std::optional<double> constantPort(const Graph &graph, const Node &node, size_t slot) {
  if (!node.wired(slot))
    return node.values[slot];
  const Node &from = graph[node.inputs[slot]];
  if (from.op == Op::Const)
    return from.values[0];
  return std::nullopt;
}

std::vector<std::vector<NodeId>> readersOf(const Graph &graph) {
  std::vector<std::vector<NodeId>> readers(graph.size());
  for (NodeId id = 0; id < graph.size(); ++id)
    for (NodeId from : graph[id].inputs)
      if (from != kNoNode)
        readers[from].push_back(id);
  return readers;
}

void replaceAllUses(Graph &graph, NodeId from, NodeId to) {
  for (Node &node : graph.nodes)
    for (NodeId &input : node.inputs)
      if (input == from)
        input = to;
}

void rewriteAs(Node &node, Op op) {
  const OpInfo &info = opInfo(op);
  node.op = op;
  node.inputs.assign(info.slots.size(), kNoNode);
  node.values.clear();
  for (const SlotInfo &slot : info.slots)
    node.values.push_back(slot.defaultValue);
  node.valueLocs.assign(info.slots.size(), SourceLoc{});
}

std::string originLabel(const Graph &graph, NodeId id) {
  const Node &node = graph[id];
  if (!node.name.empty())
    return node.name;
  std::string op(node.info().name);
  if (node.loc.known())
    return op + "@" + std::to_string(node.loc.line) + ":" + std::to_string(node.loc.col);
  return op + "#" + std::to_string(id);
}

void recordFusion(Graph &graph, NodeId into, NodeId from) {
  std::vector<std::string> &origins = graph[into].origins;
  origins.push_back(originLabel(graph, from));
  const std::vector<std::string> &earlier = graph[from].origins;
  origins.insert(origins.end(), earlier.begin(), earlier.end());
}

void setPortValue(Node &node, size_t slot, double value) {
  node.inputs[slot] = kNoNode;
  node.values[slot] = value;
}

std::vector<bool> liveNodes(const Graph &graph) {
  std::vector<bool> live(graph.size(), false);
  std::vector<NodeId> work;
  for (NodeId id = 0; id < graph.size(); ++id)
    if (graph[id].op == Op::Output || graph[id].op == Op::Input) {
      live[id] = true;
      work.push_back(id);
    }
  while (!work.empty()) {
    NodeId id = work.back();
    work.pop_back();
    for (NodeId from : graph[id].inputs)
      if (from != kNoNode && !live[from]) {
        live[from] = true;
        work.push_back(from);
      }
  }
  return live;
}

std::vector<std::vector<NodeId>> liveReadersOf(const Graph &graph) {
  std::vector<bool> live = liveNodes(graph);
  std::vector<std::vector<NodeId>> readers(graph.size());
  for (NodeId id = 0; id < graph.size(); ++id)
    if (live[id])
      for (NodeId from : graph[id].inputs)
        if (from != kNoNode)
          readers[from].push_back(id);
  return readers;
}

Graph keepNodes(const Graph &graph, const std::vector<bool> &keep) {
  Graph out;
  out.kind = graph.kind;
  out.name = graph.name;
  out.sampleRate = graph.sampleRate;
  out.params = graph.params;
  out.sampleRateLoc = graph.sampleRateLoc;
  out.images = graph.images; // by name: a removed image's entry is harmless
  std::vector<NodeId> newId(graph.size(), kNoNode);
  for (NodeId id = 0; id < graph.size(); ++id)
    if (keep[id]) {
      newId[id] = NodeId(out.nodes.size());
      out.nodes.push_back(graph[id]);
    }
  for (Node &node : out.nodes)
    for (NodeId &input : node.inputs)
      if (input != kNoNode)
        input = newId[input];
  return out;
}

} // namespace resin
