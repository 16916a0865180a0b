// The diagram of a graph as a cgraph graph: one box per node (id, op,
// params, what it was fused from), filled by category, one edge per wire
// labelled with the port it enters; a wire into a delay on a feedback loop
// is dashed and red and does not rank its ends, so loops read as loops.
#include "DiagramGraph.h"

#include "resin/ir/Components.h"
#include "resin/support/Format.h"

#include <string>
#include <vector>

namespace resin::picture {

namespace {

// Fill colours by category; inputs and outputs are the graph's boundary.
constexpr const char *kPureFill = "#dbe9f6";
constexpr const char *kStatefulFill = "#fbd9b5";
constexpr const char *kBoundaryFill = "#e6e6e6";
constexpr const char *kFeedbackColour = "#c0392b";

/// cgraph takes char* for names and values it only reads (and copies).
char *text(const std::string &s) {
  return const_cast<char *>(s.c_str());
}

void set(void *object, const char *name, const std::string &value) {
  agsafeset(object, const_cast<char *>(name), text(value), const_cast<char *>(""));
}

/// A slot's value as written in the text form (choices by their word).
std::string slotValue(const SlotInfo &slot, double value) {
  if (slot.kind == SlotKind::Choice)
    return std::string(slot.choiceName(value));
  return formatNumber(value);
}

/// "#3 lp: biquad" then one line per unwired port or param that differs from
/// its default, then "from: ..." when passes fused other nodes into it.
/// Lines are separated by DOT's "\n" escape.
std::string nodeLabel(const Graph &graph, NodeId id) {
  const Node &node = graph[id];
  const OpInfo &info = node.info();
  std::string label = "#" + std::to_string(id) + " ";
  if (graph.isField() && node.op == Op::Input && node.values[0] < 4)
    return label + std::string(kFieldVariables[size_t(node.values[0])]);
  if (!node.name.empty())
    label += node.name + ": ";
  label += std::string(info.name);
  for (size_t slot = 0; slot < info.slots.size(); ++slot) {
    const SlotInfo &s = info.slots[slot];
    if (node.wired(slot))
      continue;
    double value = node.values[slot];
    if (s.hasDefault() && sameBits(value, s.defaultValue))
      continue;
    label += "\\n" + std::string(s.name) + "=" + slotValue(s, value);
  }
  if (!node.origins.empty()) {
    std::string from;
    for (const std::string &origin : node.origins)
      from += (from.empty() ? "" : ", ") + origin;
    label += "\\nfrom: " + from;
  }
  return label;
}

const char *fillOf(const Node &node) {
  if (node.op == Op::Input || node.op == Op::Output)
    return kBoundaryFill;
  return node.info().isStateful() ? kStatefulFill : kPureFill;
}

/// Strongly connected components of the data edges (producer -> reader).
std::vector<uint32_t> componentsOf(const Graph &graph) {
  std::vector<std::vector<uint32_t>> succ(graph.size());
  for (NodeId id = 0; id < graph.size(); ++id)
    for (NodeId from : graph[id].inputs)
      if (from != kNoNode)
        succ[from].push_back(id);
  return stronglyConnectedComponents(succ);
}

} // namespace

AgraphPtr buildDiagram(const Graph &graph, Agdisc_t *disc) {
  std::string name = graph.name.empty() ? (graph.isField() ? "field" : "graph") : graph.name;
  AgraphPtr g(agopen(text(name), Agdirected, disc));
  Agraph_t *root = g.get();
  // Defaults declared once, so every node and edge does not repeat them.
  agattr(root, AGRAPH, const_cast<char *>("rankdir"), const_cast<char *>("LR"));
  agattr(root, AGRAPH, const_cast<char *>("fontname"), const_cast<char *>("DejaVu Sans"));
  agattr(root, AGNODE, const_cast<char *>("shape"), const_cast<char *>("box"));
  agattr(root, AGNODE, const_cast<char *>("style"), const_cast<char *>("rounded,filled"));
  agattr(root, AGNODE, const_cast<char *>("fontname"), const_cast<char *>("DejaVu Sans"));
  agattr(root, AGNODE, const_cast<char *>("fontsize"), const_cast<char *>("11"));
  agattr(root, AGEDGE, const_cast<char *>("fontname"), const_cast<char *>("DejaVu Sans"));
  agattr(root, AGEDGE, const_cast<char *>("fontsize"), const_cast<char *>("9"));

  std::vector<Agnode_t *> nodes(graph.size());
  for (NodeId id = 0; id < graph.size(); ++id) {
    nodes[id] = agnode(root, text("n" + std::to_string(id)), 1);
    set(nodes[id], "label", nodeLabel(graph, id));
    set(nodes[id], "fillcolor", fillOf(graph[id]));
  }
  std::vector<uint32_t> component = componentsOf(graph);
  for (NodeId id = 0; id < graph.size(); ++id) {
    const Node &node = graph[id];
    for (size_t slot = 0; slot < node.inputs.size(); ++slot) {
      NodeId from = node.inputs[slot];
      if (from == kNoNode)
        continue;
      Agedge_t *edge = agedge(root, nodes[from], nodes[id], nullptr, 1);
      set(edge, "label", std::string(node.info().slots[slot].name));
      // Every cycle runs through a delay (or vdelay) input: that wire is
      // the loop's way back.
      bool delayInput = (node.op == Op::Delay || node.op == Op::Vdelay) && slot == 0;
      if (delayInput && component[from] == component[id]) {
        set(edge, "style", "dashed");
        set(edge, "color", kFeedbackColour);
        set(edge, "fontcolor", kFeedbackColour);
        set(edge, "constraint", "false");
      }
    }
  }
  return g;
}

} // namespace resin::picture
