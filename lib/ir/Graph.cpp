// Graph construction helpers and structural comparison.
#include "resin/ir/Graph.h"

#include "resin/support/Format.h"

#include <algorithm>
#include <cstring>
#include <unordered_map>

namespace resin {

double Node::value(std::string_view slotName) const {
  return values[*info().findSlot(slotName)];
}

const ParamExpr *Node::boundExpr(size_t slot) const {
  for (const BoundSlot &b : bound)
    if (b.slot == slot)
      return &b.expr;
  return nullptr;
}

std::optional<uint32_t> Graph::findParam(std::string_view paramName) const {
  for (size_t i = 0; i < params.size(); ++i)
    if (params[i].name == paramName)
      return uint32_t(i);
  return std::nullopt;
}

bool Graph::readsParams() const {
  for (const Node &n : nodes)
    if (n.op == Op::Param || !n.bound.empty())
      return true;
  return false;
}

bool Graph::setParamDefault(uint32_t index, float value) {
  if (index >= params.size() || !params[index].accepts(value))
    return false;
  params[index].defaultValue = value;
  std::vector<float> defaults = paramDefaults();
  for (Node &n : nodes)
    for (const Node::BoundSlot &b : n.bound)
      n.values[b.slot] = evaluate(b.expr, defaults);
  return true;
}

std::vector<float> Graph::paramDefaults() const {
  std::vector<float> values;
  for (const ParamDecl &p : params)
    values.push_back(p.defaultValue);
  return values;
}

NodeId Graph::addNode(Op op, std::string nodeName, SourceLoc loc) {
  const OpInfo &info = opInfo(op);
  Node node;
  node.op = op;
  node.name = std::move(nodeName);
  node.loc = loc;
  node.inputs.assign(info.slots.size(), kNoNode);
  node.values.reserve(info.slots.size());
  for (const SlotInfo &slot : info.slots)
    node.values.push_back(slot.defaultValue);
  node.valueLocs.assign(info.slots.size(), SourceLoc{});
  nodes.push_back(std::move(node));
  return NodeId(nodes.size() - 1);
}

static std::vector<NodeId> byChannel(const Graph &g, Op op) {
  std::vector<NodeId> ids;
  for (NodeId id = 0; id < g.size(); ++id)
    if (g[id].op == op)
      ids.push_back(id);
  std::stable_sort(ids.begin(), ids.end(), [&](NodeId a, NodeId b) {
    return g[a].value("channel") < g[b].value("channel");
  });
  return ids;
}

std::vector<NodeId> Graph::inputsByChannel() const {
  return byChannel(*this, Op::Input);
}
std::vector<NodeId> Graph::outputsByChannel() const {
  return byChannel(*this, Op::Output);
}

std::vector<uint32_t> Graph::useCounts() const {
  std::vector<uint32_t> uses(nodes.size(), 0);
  for (const Node &node : nodes)
    for (NodeId from : node.inputs)
      if (from != kNoNode)
        ++uses[from];
  return uses;
}

namespace {

bool sameValue(double a, double b) {
  return sameBits(a, b) || (std::isnan(a) && std::isnan(b));
}

class IRMatcher {
public:
  IRMatcher(const Graph &a, const Graph &b, std::string *why) : a_(a), b_(b), why_(why) {
    aToB_.assign(a.size(), kNoNode);
    bToA_.assign(b.size(), kNoNode);
  }

  bool run() {
    if (a_.kind != b_.kind)
      return fail("kinds differ");
    if (a_.kind == GraphKind::Audio && !sameValue(a_.sampleRate, b_.sampleRate))
      return fail("sample rates differ");
    if (!sameParams())
      return false;
    if (a_.size() != b_.size())
      return fail("node counts differ: " + std::to_string(a_.size()) + " vs " +
                  std::to_string(b_.size()));
    if (!seedList(a_.outputsByChannel(), b_.outputsByChannel(), "outputs") ||
        !seedList(a_.inputsByChannel(), b_.inputsByChannel(), "inputs"))
      return false;
    if (!seedList(paramNodes(a_), paramNodes(b_), "param nodes"))
      return false;
    std::unordered_map<std::string_view, NodeId> bByName;
    for (NodeId id = 0; id < b_.size(); ++id)
      if (!b_[id].name.empty())
        bByName.emplace(b_[id].name, id);
    for (NodeId id = 0; id < a_.size(); ++id) {
      auto it = a_[id].name.empty() ? bByName.end() : bByName.find(a_[id].name);
      if (it != bByName.end() && !pair(id, it->second))
        return false;
    }
    if (!drain())
      return false;
    for (NodeId id = 0; id < a_.size(); ++id)
      if (aToB_[id] == kNoNode)
        return fail("node " + describe(a_, id) + " has no counterpart");
    return true;
  }

private:
  /// The first node reading each param, by param index (there may be none).
  static std::vector<NodeId> paramNodes(const Graph &g) {
    std::vector<NodeId> first(g.params.size(), kNoNode), ids;
    for (NodeId id = 0; id < g.size(); ++id)
      if (g[id].op == Op::Param && g[id].values[0] < double(first.size()) &&
          first[size_t(g[id].values[0])] == kNoNode)
        first[size_t(g[id].values[0])] = id;
    for (NodeId id : first)
      if (id != kNoNode)
        ids.push_back(id);
    return ids;
  }

  bool sameParams() {
    if (a_.params.size() != b_.params.size())
      return fail("param counts differ: " + std::to_string(a_.params.size()) + " vs " +
                  std::to_string(b_.params.size()));
    for (size_t i = 0; i < a_.params.size(); ++i) {
      const ParamDecl &p = a_.params[i], &q = b_.params[i];
      if (p.name != q.name || !sameBits(p.defaultValue, q.defaultValue) ||
          p.hasRange != q.hasRange || (p.hasRange && (p.min != q.min || p.max != q.max)) ||
          p.smoothSeconds != q.smoothSeconds)
        return fail("param '" + p.name + "' differs from '" + q.name + "'");
    }
    return true;
  }

  bool seedList(const std::vector<NodeId> &as, const std::vector<NodeId> &bs, const char *what) {
    if (as.size() != bs.size())
      return fail(std::string(what) + " differ in number");
    for (size_t i = 0; i < as.size(); ++i)
      if (!pair(as[i], bs[i]))
        return false;
    return true;
  }

  bool pair(NodeId x, NodeId y) {
    if (aToB_[x] == y && bToA_[y] == x)
      return true;
    if (aToB_[x] != kNoNode || bToA_[y] != kNoNode)
      return fail("node " + describe(a_, x) + " matches two different nodes");
    const Node &p = a_[x], &q = b_[y];
    if (p.op != q.op)
      return fail("node " + describe(a_, x) + " is " + std::string(p.info().name) + " vs " +
                  std::string(q.info().name));
    if (!p.name.empty() && !q.name.empty() && p.name != q.name)
      return fail("node names differ: '" + p.name + "' vs '" + q.name + "'");
    for (size_t s = 0; s < p.values.size(); ++s) {
      if ((p.inputs[s] == kNoNode) != (q.inputs[s] == kNoNode))
        return fail("node " + describe(a_, x) + " slot '" + std::string(p.info().slots[s].name) +
                    "' is wired in one graph only");
      if (p.inputs[s] == kNoNode && !sameValue(p.values[s], q.values[s]))
        return fail("node " + describe(a_, x) + " slot '" + std::string(p.info().slots[s].name) +
                    "' differs: " + std::to_string(p.values[s]) + " vs " +
                    std::to_string(q.values[s]));
    }
    if (p.bound != q.bound)
      return fail("node " + describe(a_, x) + " has different param expressions");
    aToB_[x] = y;
    bToA_[y] = x;
    work_.push_back(x);
    return true;
  }

  bool drain() {
    while (!work_.empty()) {
      NodeId x = work_.back();
      work_.pop_back();
      const Node &p = a_[x], &q = b_[aToB_[x]];
      for (size_t s = 0; s < p.inputs.size(); ++s)
        if (p.inputs[s] != kNoNode && !pair(p.inputs[s], q.inputs[s]))
          return false;
    }
    return true;
  }

  static std::string describe(const Graph &g, NodeId id) {
    const Node &n = g[id];
    return n.name.empty() ? "#" + std::to_string(id) + " (" + std::string(n.info().name) + ")"
                          : "'" + n.name + "'";
  }

  bool fail(std::string message) {
    if (why_)
      *why_ = std::move(message);
    return false;
  }

  const Graph &a_, &b_;
  std::string *why_;
  std::vector<NodeId> aToB_, bToA_, work_;
};

} // namespace

bool sameIR(const Graph &a, const Graph &b, std::string *why) {
  return IRMatcher(a, b, why).run();
}

} // namespace resin
