// Param values and the constants that follow them.
#include "resin/engine/ParamBank.h"

#include "resin/support/Format.h"

namespace resin {

ParamBank::ParamBank(const Graph &graph, const Schedule &schedule)
    : graph_(graph), schedule_(schedule), values_(graph.paramDefaults()),
      dependents_(graph.params.size()) {
  for (uint32_t i = 0; i < schedule.order.size(); ++i) {
    const Node &node = graph[schedule.order[i].id];
    anyRead_ = anyRead_ || node.op == Op::Param || !node.bound.empty();
    for (const Node::BoundSlot &b : node.bound)
      for (uint32_t p : paramsRead(b.expr))
        if (dependents_[p].empty() || dependents_[p].back() != i)
          dependents_[p].push_back(i);
  }
}

bool ParamBank::accepts(uint32_t index, float value) const {
  return index < graph_.params.size() && graph_.params[index].accepts(value);
}

void ParamBank::reset(std::span<OpConstants> constants) {
  values_ = graph_.paramDefaults();
  for (size_t i = 0; i < schedule_.order.size(); ++i)
    constants[i] = schedule_.order[i].constants;
}

bool ParamBank::set(uint32_t index, float value, int64_t n, std::span<OpConstants> constants) {
  if (!accepts(index, value))
    return false;
  if (sameBits(values_[index], value))
    return true;
  values_[index] = value;
  for (uint32_t i : dependents_[index])
    updateConstants(graph_, graph_[schedule_.order[i].id], values_, n, constants[i]);
  return true;
}

} // namespace resin
