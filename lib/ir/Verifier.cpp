// Format-independent validation of graphs and fields.
#include "resin/ir/Verifier.h"

#include "resin/ir/Components.h"
#include "resin/support/Limits.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <set>

namespace resin {

std::string nodeLabel(const Node &node) {
  if (!node.name.empty())
    return "node '" + node.name + "'";
  return "'" + std::string(node.info().name) + "' expression";
}

namespace {

std::string formatValue(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

class Verifier {
public:
  Verifier(const Graph &g, const std::string &file) : g_(g), file_(file) {}

  Diagnostics run() {
    if (!withinLimit(Limit::Nodes, int64_t(g_.size()))) {
      error({1, 1}, limitMessage(Limit::Nodes, "graph has " + std::to_string(g_.size()) + " nodes",
                                 int64_t(g_.size())));
      return std::move(errors_);
    }
    if (!g_.isField() &&
        !(std::isfinite(g_.sampleRate) && g_.sampleRate >= 1 && g_.sampleRate <= 768000))
      error(g_.sampleRateLoc,
            "sample_rate " + formatValue(g_.sampleRate) + " is out of range [1, 768000]");
    checkParamDecls();
    for (NodeId id = 0; id < g_.size(); ++id)
      checkNode(id);
    checkChannels();
    checkDelayMemory();
    if (errors_.empty())
      checkCycles();
    return std::move(errors_);
  }

private:
  void error(SourceLoc loc, std::string message) {
    errors_.push_back(Diagnostic{file_, loc.known() ? loc : SourceLoc{1, 1}, std::move(message)});
  }

  void checkNode(NodeId id) {
    const Node &node = g_[id];
    const OpInfo &info = node.info();
    if (!info.allowedIn(g_.isField())) {
      error(node.loc,
            "op '" + std::string(info.name) + "' is not available in " +
                (g_.isField() ? "fields (it needs audio time or state)" : "audio graphs"));
      return;
    }
    if (node.op == Op::Param &&
        !(node.values[0] >= 0 && node.values[0] < double(g_.params.size()))) {
      error(node.loc, "param node refers to param " + formatValue(node.values[0]) + " of " +
                          std::to_string(g_.params.size()) + " declared");
      return;
    }
    for (const Node::BoundSlot &b : node.bound)
      if (!checkBoundSlot(node, b))
        return;
    if (!checkImageWires(node))
      return;
    for (size_t s = 0; s < info.slots.size(); ++s) {
      if (node.wired(s) && g_[node.inputs[s]].op == Op::Output) {
        error(node.loc, "output " + nodeLabel(g_[node.inputs[s]]) +
                            " is read as a signal; read the signal it writes instead");
        return;
      }
      checkSlot(node, s);
    }
  }

  void checkParamDecls() {
    if (g_.params.size() > kMaxParams)
      error(g_.params[kMaxParams].loc, "too many params: " + std::to_string(g_.params.size()) +
                                           " (at most " + std::to_string(kMaxParams) + ")");
    std::set<std::string_view> seen;
    for (const ParamDecl &p : g_.params) {
      std::string what = "param '" + p.name + "'";
      if (!seen.insert(p.name).second)
        error(p.loc, what + " is declared twice");
      if (p.hasRange && !(std::isfinite(p.min) && std::isfinite(p.max) && p.min <= p.max))
        error(p.loc, what + " has the range [" + formatValue(p.min) + ", " + formatValue(p.max) +
                         "]; a range is two finite numbers, the lower first");
      else if (!p.accepts(p.defaultValue))
        error(p.loc,
              what + "'s default " + formatValue(p.defaultValue) + " is outside " + p.rangeText());
      if (g_.isField() && p.smoothSeconds != 0)
        error(p.loc, what + " smooths, but a field has no time to ramp over");
      else if (!(std::isfinite(p.smoothSeconds) && p.smoothSeconds >= 0 && p.smoothSeconds <= 60))
        error(p.loc,
              what + "'s smoothing time " + formatValue(p.smoothSeconds) + " s is outside [0, 60]");
    }
  }

  /// A const param bound to an expression of params: a number param whose
  /// value stays in its range for every value of the params it reads.
  bool checkBoundSlot(const Node &node, const Node::BoundSlot &b) {
    const OpInfo &info = node.info();
    // A const's value is a signal's (write the expression of params as a
    // signal instead), and an oscillator's phase runs on by itself across
    // changes (docs/reference/graph-format.md, "Params").
    bool fixed =
        node.op == Op::Const || node.op == Op::Var ||
        (node.op == Op::Osc && b.slot < info.slots.size() && info.slots[b.slot].name == "phase");
    if (b.slot >= info.slots.size() || info.slots[b.slot].kind != SlotKind::Number || fixed) {
      std::string name = b.slot < info.slots.size() ? std::string(info.slots[b.slot].name) : "?";
      error(b.slot < node.valueLocs.size() && node.valueLocs[b.slot].known()
                ? node.valueLocs[b.slot]
                : node.loc,
            "'" + name + "' of " + nodeLabel(node) +
                " cannot take a param: only number params of an op (a frequency, a time, a q) "
                "and signal ports can; integer and choice params are fixed when compiled");
      return false;
    }
    for (uint32_t p : paramsRead(b.expr))
      if (p >= g_.params.size()) {
        error(node.loc, "a param expression of " + nodeLabel(node) + " refers to param " +
                            std::to_string(p) + " of " + std::to_string(g_.params.size()) +
                            " declared");
        return false;
      }
    const SlotInfo &slot = info.slots[b.slot];
    SourceLoc at = node.valueLocs[b.slot].known() ? node.valueLocs[b.slot] : node.loc;
    Interval span = bounds(b.expr, g_.params);
    std::string ranges;
    for (uint32_t p : paramsRead(b.expr))
      ranges += std::string(ranges.empty() ? "" : ", ") + "'" + g_.params[p].name + "' " +
                g_.params[p].rangeText();
    std::string what = "param '" + std::string(slot.name) + "' of " + nodeLabel(node) + " (" +
                       std::string(info.name) + ") = " + formatParamExpr(b.expr, g_.params) +
                       " spans [" + formatValue(span.lo) + ", " + formatValue(span.hi) + "] over " +
                       ranges + "; ";
    if (!slot.range.contains(span.lo) || !slot.range.contains(span.hi)) {
      error(at, what + "it must stay in " + slot.range.str());
      return false;
    }
    if (slot.mustBeBelowNyquist && !(span.hi < g_.sampleRate / 2)) {
      error(at, what + "it must stay below Nyquist (" + formatValue(g_.sampleRate / 2) +
                    " Hz at sample_rate " + formatValue(g_.sampleRate) + ")");
      return false;
    }
    return true;
  }

  /// An image is not a number: it is wired into port 0 of the ops that read
  /// images, and into nothing else. False after reporting.
  bool checkImageWires(const Node &node) {
    for (size_t s = 0; s < node.info().numPorts; ++s) {
      bool imagePort = readsImage(node.op) && s == 0;
      bool fromImage = node.wired(s) && g_[node.inputs[s]].op == Op::Image;
      if (imagePort && !fromImage) {
        error(node.loc, "the first argument of '" + std::string(node.info().name) +
                            "' must be an image declared with 'image NAME;'");
        return false;
      }
      if (!imagePort && fromImage) {
        const std::string &name = g_[node.inputs[s]].name;
        error(node.loc, "image '" + name + "' is not a number; read it with sample(" + name +
                            ", x, y, channel), sample_nearest, width or height");
        return false;
      }
    }
    return true;
  }

  void checkSlot(const Node &node, size_t s) {
    const SlotInfo &slot = node.info().slots[s];
    SourceLoc at = node.valueLocs[s].known() ? node.valueLocs[s] : node.loc;
    std::string what =
        (slot.isPort() ? "port '" : "param '") + std::string(slot.name) + "' of " + nodeLabel(node);
    double v = node.values[s];
    if (node.wired(s))
      return;
    if (std::isnan(v)) {
      if (slotRequired(node.op, s, node.values))
        error(node.loc, slot.isPort() ? what + " is not connected"
                                      : "missing " + what +
                                            (slot.kind == SlotKind::Choice
                                                 ? " (one of " + std::string(slot.choices) + ")"
                                                 : ""));
      return;
    }
    if (node.valueLocs[s].known())
      if (auto reason = slotForbidden(node.op, s, node.values)) {
        error(at, *reason + " (" + nodeLabel(node) + ")");
        return;
      }
    if (!std::isfinite(v)) {
      error(at, what + " must be a finite number, not " + formatValue(v));
      return;
    }
    if (std::isinf(
            float(v))) { // rounds to +-inf: 3.4028235e38 (f32::MAX as serde writes it) is fine
      error(at, what + " is " + formatValue(v) + ", out of range for a float");
      return;
    }
    switch (slot.kind) {
    case SlotKind::Port:
      return;
    case SlotKind::Choice:
      if (v < 0 || v >= double(slot.choiceList().size()) || v != std::floor(v))
        error(at, what + " must be one of " + std::string(slot.choices));
      return;
    case SlotKind::Integer:
      if (v != std::floor(v)) {
        error(at, what + " must be an integer, not " + formatValue(v));
        return;
      }
      break;
    case SlotKind::Number:
      break;
    }
    if (!slot.range.contains(v)) {
      error(at, what + " is " + formatValue(v) + ", outside " + slot.range.str());
      return;
    }
    if (slot.mustBeBelowNyquist && !(v < g_.sampleRate / 2))
      error(at, what + " is " + formatValue(v) + ", at or above Nyquist (" +
                    formatValue(g_.sampleRate / 2) + " Hz at sample_rate " +
                    formatValue(g_.sampleRate) + ")");
  }

  void checkChannelSet(Op op, const char *what) {
    std::vector<NodeId> ids = op == Op::Input ? g_.inputsByChannel() : g_.outputsByChannel();
    for (size_t i = 0; i < ids.size(); ++i) {
      const Node &node = g_[ids[i]];
      double channel = node.value("channel");
      if (i > 0 && channel == g_[ids[i - 1]].value("channel")) {
        error(node.loc, std::string(what) + " channel " + formatValue(channel) + " is used twice");
        return;
      }
      if (!g_.isField() && channel != double(i)) {
        error(node.loc, std::string(what) + " channels must be 0.." +
                            std::to_string(ids.size() - 1) + "; channel " + std::to_string(i) +
                            " is missing");
        return;
      }
    }
  }

  void checkChannels() {
    checkChannelSet(Op::Input, "input");
    checkChannelSet(Op::Output, "output");
    std::vector<NodeId> outputs = g_.outputsByChannel();
    if (outputs.empty())
      error({1, 1}, g_.isField() ? "field has no result expression"
                                 : "graph has no output (add an 'output' statement or node)");
    if (g_.isField()) {
      for (NodeId id : g_.inputsByChannel())
        if (g_[id].value("channel") > 3)
          error(g_[id].loc, "field inputs are channels 0..3 (x, y, z, t)");
      // One value, or a colour: `output r, g, b` or `output r, g, b, a`
      // (channels 0..N-1, which the readers number in order).
      if (outputs.size() == 2 || outputs.size() > 4)
        error(g_[outputs[1]].loc, "a field has one result or a colour of 3 or 4 channels "
                                  "(output r, g, b[, a]), not " +
                                      std::to_string(outputs.size()));
      for (size_t i = 0; i < outputs.size(); ++i)
        if (g_[outputs[i]].value("channel") != double(i)) {
          error(g_[outputs[i]].loc,
                "a field's results are channels 0.." + std::to_string(outputs.size() - 1));
          break;
        }
    }
  }

  /// Limit::DelaySamples: the sum of every line's length (a vdelay keeps
  /// max+1 samples), reported at the line that goes over. Lengths out of
  /// their op's range are errors of their own and are not counted.
  void checkDelayMemory() {
    int64_t total = 0;
    SourceLoc over;
    for (const Node &node : g_.nodes) {
      double length = node.op == Op::Delay    ? node.value("samples")
                      : node.op == Op::Vdelay ? node.value("max") + 1
                                              : 0;
      if (!(length >= 0 && length <= double(kMaxDelaySamples) + 1))
        continue;
      total += int64_t(length);
      if (!over.known() && !withinLimit(Limit::DelaySamples, total))
        over = node.loc.known() ? node.loc : SourceLoc{1, 1};
    }
    if (!withinLimit(Limit::DelaySamples, total))
      error(over.known() ? over : SourceLoc{1, 1},
            limitMessage(Limit::DelaySamples,
                         "delay lines need " + std::to_string(total) + " samples in all", total));
  }

  /// Whether the wire into `slot` of `node` is cut by a delay of at least one sample.
  static bool breaksCycle(const Node &node, size_t slot) {
    if (slot != 0)
      return false;
    if (node.op == Op::Delay)
      return node.value("samples") >= 1;
    return node.op == Op::Vdelay;
  }

  /// Every strongly connected component with a cycle (more than one node, or
  /// a node that reads itself) is a cycle without a delay.
  void checkCycles() {
    size_t n = g_.size();
    std::vector<std::vector<NodeId>> consumers(n);
    for (NodeId id = 0; id < n; ++id)
      for (size_t s = 0; s < g_[id].inputs.size(); ++s)
        if (g_[id].wired(s) && !breaksCycle(g_[id], s))
          consumers[g_[id].inputs[s]].push_back(id);
    std::vector<uint32_t> componentOf = stronglyConnectedComponents(consumers);
    std::vector<std::vector<NodeId>> members(n);
    for (NodeId id = 0; id < n; ++id)
      members[componentOf[id]].push_back(id);
    for (const std::vector<NodeId> &component : members) {
      if (component.empty())
        continue;
      NodeId v = component.front();
      bool selfLoop = std::find(consumers[v].begin(), consumers[v].end(), v) != consumers[v].end();
      if (component.size() > 1 || selfLoop)
        reportCycle(component, consumers);
    }
  }

  /// Names the nodes of one cycle inside a strongly connected component.
  void reportCycle(const std::vector<NodeId> &component,
                   const std::vector<std::vector<NodeId>> &consumers) {
    std::set<NodeId> members(component.begin(), component.end());
    NodeId start = *std::min_element(component.begin(), component.end());
    // Breadth-first search from start back to start, inside the component.
    std::vector<NodeId> parent(g_.size(), kNoNode);
    std::vector<NodeId> queue{start};
    NodeId last = kNoNode;
    for (size_t head = 0; head < queue.size() && last == kNoNode; ++head) {
      for (NodeId w : consumers[queue[head]]) {
        if (!members.count(w))
          continue;
        if (w == start) {
          last = queue[head];
          break;
        }
        if (parent[w] == kNoNode) {
          parent[w] = queue[head];
          queue.push_back(w);
        }
      }
    }
    std::vector<NodeId> path;
    for (NodeId v = last; v != kNoNode && v != start; v = parent[v])
      path.push_back(v);
    path.push_back(start);
    std::reverse(path.begin(), path.end());
    std::string text;
    for (NodeId v : path)
      text += cycleName(v) + " -> ";
    text += cycleName(start);
    error(g_[start].loc, "cycle without a delay: " + text +
                             " (a feedback loop needs a delay of at least 1 sample or a vdelay)");
  }

  std::string cycleName(NodeId id) const {
    const Node &node = g_[id];
    if (!node.name.empty())
      return node.name;
    return std::string(node.info().name) + "@" + std::to_string(node.loc.line) + ":" +
           std::to_string(node.loc.col);
  }

  const Graph &g_;
  const std::string &file_;
  Diagnostics errors_;
};

} // namespace

Diagnostics verifyGraph(const Graph &graph, const std::string &file) {
  return Verifier(graph, file).run();
}

} // namespace resin
