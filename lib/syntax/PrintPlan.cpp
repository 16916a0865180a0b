// Statement planning and naming shared by all printers.
#include "PrintPlan.h"

namespace resin {

/// Inline expressions deeper than this are split into statements.
static constexpr int kMaxInlineDepth = 64;

PrintPlan::PrintPlan(const Graph &g) : g_(g) {
  taken_ = {"let", "var", "param", "input", "output", "sample_rate", "name", "x", "y", "z", "t"};
  for (const ParamDecl &p : g.params)
    taken_.insert(p.name);
  for (const Node &n : g.nodes)
    if (!n.name.empty())
      taken_.insert(n.name);

  std::vector<uint32_t> uses = g.useCounts();
  statement_.assign(g.size(), false);
  for (NodeId id = 0; id < g.size(); ++id) {
    const Node &n = g[id];
    if (n.op == Op::Param)
      continue; // the readers make one per declared param
    if (isVariable(id)) {
      // A field input nobody reads (from an unused `let i = y;`) can only be
      // written as a let aliasing it; without one the IR would lose the node.
      statement_[id] = uses[id] == 0;
      continue;
    }
    statement_[id] = n.op == Op::Input || n.op == Op::Output || !n.name.empty() || uses[id] != 1;
  }
  if (g.isField())
    for (NodeId id : g.outputsByChannel())
      statement_[id] = false;

  // Walk inline subtrees from every root; split deep ones, and make a root of
  // anything no root reaches (a loop of single-use anonymous nodes).
  std::vector<bool> reached(g.size(), false);
  auto walk = [&](NodeId root) {
    std::vector<std::pair<NodeId, int>> stack{{root, 0}};
    reached[root] = true;
    while (!stack.empty()) {
      auto [id, depth] = stack.back();
      stack.pop_back();
      for (NodeId from : g[id].inputs) {
        if (from == kNoNode || statement_[from] || isVariable(from) || reached[from])
          continue;
        reached[from] = true;
        if (depth + 1 >= kMaxInlineDepth) {
          statement_[from] = true;
          stack.push_back({from, 0});
        } else {
          stack.push_back({from, depth + 1});
        }
      }
    }
  };
  for (NodeId id = 0; id < g.size(); ++id)
    if (statement_[id] || g[id].op == Op::Output)
      walk(id);
  for (NodeId id = 0; id < g.size(); ++id)
    if (!reached[id] && !isVariable(id)) {
      statement_[id] = true;
      walk(id);
    }
  for (NodeId id = 0; id < g.size(); ++id)
    if (statement_[id])
      ensureName(id, g.isField() ? "v" : std::string(g[id].info().name));
}

void PrintPlan::ensureName(NodeId id, const std::string &base) {
  // A field input is named after its variable, which no let may take.
  if ((!g_[id].name.empty() && !isVariable(id)) || invented_.count(id))
    return;
  std::string candidate;
  do {
    candidate = base + "_" + std::to_string(++counter_[base]);
  } while (taken_.count(candidate));
  taken_.insert(candidate);
  invented_.emplace(id, candidate);
}

const std::string &PrintPlan::name(NodeId id) {
  if (!g_[id].name.empty() && !isVariable(id))
    return g_[id].name;
  ensureName(id, std::string(g_[id].info().name));
  return invented_.at(id);
}

std::vector<NodeId> PrintPlan::dependencyOrder() const {
  std::vector<NodeId> order;
  std::vector<uint8_t> state(g_.size(), 0); // 0 new, 1 open, 2 done
  for (NodeId root = 0; root < g_.size(); ++root) {
    if (state[root])
      continue;
    std::vector<std::pair<NodeId, size_t>> stack{{root, 0}};
    state[root] = 1;
    while (!stack.empty()) {
      auto &[id, next] = stack.back();
      if (next < g_[id].inputs.size()) {
        NodeId from = g_[id].inputs[next++];
        if (from != kNoNode && state[from] == 0) {
          state[from] = 1;
          stack.push_back({from, 0});
        }
        continue;
      }
      state[id] = 2;
      if (statement_[id])
        order.push_back(id);
      stack.pop_back();
    }
  }
  return order;
}

} // namespace resin
