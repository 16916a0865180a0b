// Printers for both text forms. Reading the output gives back the same IR
// (sameIR): named and shared nodes become statements (graph) or lets (field);
// anonymous nodes with one reader are printed inline; literals are written
// where the readers turn them back into the same slot values or const nodes.
#include "resin/syntax/TextPrinter.h"
#include "GraphBuilder.h"
#include "PrintPlan.h"
#include "resin/support/Format.h"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace resin {
namespace {

enum class Context { Operator, Argument, Definition };

constexpr int kPrecSelect = 1, kPrecCompare = 2, kPrecAdditive = 3, kPrecMultiplicative = 4,
              kPrecUnary = 5, kPrecPower = 6, kPrecPrimary = 7;

int infixPrecedence(Op op) {
  if (opInfo(op).isComparison())
    return kPrecCompare;
  switch (op) {
  case Op::Select:
    return kPrecSelect;
  case Op::Add:
  case Op::Sub:
    return kPrecAdditive;
  case Op::Mul:
  case Op::Div:
  case Op::Mod:
    return kPrecMultiplicative;
  case Op::Neg:
    return kPrecUnary;
  case Op::Pow:
    return kPrecPower;
  default:
    return kPrecPrimary;
  }
}

class TextPrinter {
public:
  TextPrinter(const Graph &g) : g_(g), plan_(g) {}

  std::string printGraph() {
    std::string out;
    if (isIdentifier(g_.name))
      out += "name " + g_.name + "\n";
    out += "sample_rate " + formatNumber(g_.sampleRate) + "\n";
    for (const ParamDecl &p : g_.params)
      out += declaration(p) + "\n";
    std::vector<NodeId> inputs = g_.inputsByChannel();
    if (!inputs.empty()) {
      out += "input ";
      for (size_t i = 0; i < inputs.size(); ++i)
        out += (i ? ", " : "") + plan_.name(inputs[i]);
      out += "\n";
    }
    std::vector<NodeId> outputs = g_.outputsByChannel();
    bool namedOutputs = std::any_of(outputs.begin(), outputs.end(),
                                    [&](NodeId id) { return !g_[id].name.empty(); });
    for (NodeId id = 0; id < g_.size(); ++id) {
      if (!plan_.isStatement(id) || g_[id].op == Op::Input ||
          (g_[id].op == Op::Output && !namedOutputs))
        continue;
      out += plan_.name(id) + " = " + body(id, Context::Definition, 0) + "\n";
    }
    if (!namedOutputs && !outputs.empty()) {
      out += "output ";
      for (size_t i = 0; i < outputs.size(); ++i)
        out += (i ? ", " : "") + portArgument(outputs[i], 0);
      out += "\n";
    }
    return out;
  }

  std::string printField() {
    std::string out;
    for (const ParamDecl &p : g_.params)
      out += declaration(p) + ";\n";
    for (NodeId id : plan_.dependencyOrder())
      if (g_[id].op == Op::Var)
        out += "var " + plan_.name(id) + ";\n";
      else if (g_[id].op == Op::Image)
        out += "image " + plan_.name(id) + ";\n";
      else
        out += "let " + plan_.name(id) + " = " +
               (plan_.isVariable(id) ? reference(id, Context::Definition, 0)
                                     : body(id, Context::Definition, 0)) +
               ";\n";
    std::vector<NodeId> outputs = g_.outputsByChannel();
    if (outputs.size() == 1)
      out += portArgument(outputs[0], 0) + "\n";
    else if (!outputs.empty()) { // a colour
      out += "output ";
      for (size_t i = 0; i < outputs.size(); ++i)
        out += (i ? ", " : "") + portArgument(outputs[i], 0);
      out += "\n";
    }
    return out;
  }

private:
  /// `param NAME = DEFAULT [MIN, MAX] smooth SECONDS`, the default as the
  /// shortest text that reads back as the same float.
  static std::string declaration(const ParamDecl &p) {
    std::string out = "param " + p.name + " = " + formatFloat(p.defaultValue);
    if (p.hasRange)
      out += " [" + formatNumber(p.min) + ", " + formatNumber(p.max) + "]";
    if (p.smoothSeconds != 0)
      out += " smooth " + formatNumber(p.smoothSeconds);
    return out;
  }

  /// How a node appears where another node reads it.
  std::string reference(NodeId id, Context context, int minPrec) {
    if (g_[id].op == Op::Param)
      return g_.params[size_t(g_[id].values[0])].name;
    if (plan_.isVariable(id))
      return std::string(kFieldVariables[size_t(g_[id].value("channel"))]);
    if (plan_.isStatement(id))
      return plan_.name(id);
    return body(id, context, minPrec);
  }

  std::string parenthesize(std::string text, int prec, int minPrec) {
    return prec < minPrec ? "(" + text + ")" : text;
  }

  /// A port as a call argument: the wired node, or the literal value.
  std::string portArgument(NodeId id, size_t slot) {
    const Node &n = g_[id];
    if (n.wired(slot))
      return reference(n.inputs[slot], Context::Argument, 0);
    return formatNumber(n.values[slot]);
  }

  std::string body(NodeId id, Context context, int minPrec) {
    const Node &n = g_[id];
    const OpInfo &info = n.info();
    if (n.op == Op::Const) {
      double v = n.values[0];
      if (context == Context::Argument)
        return "const(" + formatNumber(v) + ")";
      std::string text = formatNumber(v);
      if (context == Context::Operator && std::signbit(v))
        return "(" + text + ")";
      return text;
    }
    bool allWired = info.numPorts > 0 && info.numPorts == info.slots.size();
    for (size_t s = 0; s < info.numPorts && allWired; ++s)
      allWired = n.wired(s);
    if (allWired && !info.infix.empty()) {
      int prec = infixPrecedence(n.op);
      if (n.op == Op::Neg) {
        // "-3" would read back as a negative literal, so a constant operand gets parentheses.
        NodeId operand = n.inputs[0];
        bool literal = g_[operand].op == Op::Const && !plan_.isStatement(operand);
        return parenthesize("-" + parenthesize(reference(operand, Context::Operator, kPrecUnary),
                                               literal ? 0 : 1, 1),
                            prec, minPrec);
      }
      if (n.op == Op::Select)
        return parenthesize(reference(n.inputs[0], Context::Operator, kPrecCompare) + " ? " +
                                reference(n.inputs[1], Context::Operator, kPrecSelect) + " : " +
                                reference(n.inputs[2], Context::Operator, kPrecSelect),
                            prec, minPrec);
      int leftMin = n.op == Op::Pow ? kPrecPrimary : prec;
      int rightMin = n.op == Op::Pow ? kPrecUnary : prec + 1;
      return parenthesize(reference(n.inputs[0], Context::Operator, leftMin) + " " +
                              std::string(info.infix) + " " +
                              reference(n.inputs[1], Context::Operator, rightMin),
                          prec, minPrec);
    }
    return call(id);
  }

  std::string call(NodeId id) {
    const Node &n = g_[id];
    const OpInfo &info = n.info();
    std::string out = std::string(info.name) + "(";
    size_t lastPort = 0;
    for (size_t s = 0; s < info.numPorts; ++s)
      if (n.wired(s) || !info.slots[s].hasDefault() ||
          !sameBits(n.values[s], info.slots[s].defaultValue))
        lastPort = s + 1;
    bool first = true;
    bool byName = false; // after one named argument every later one is named too
    for (size_t s = 0; s < lastPort; ++s) {
      byName = byName || info.slots[s].namedOnly;
      if (byName && !n.wired(s) && info.slots[s].hasDefault() &&
          sameBits(n.values[s], info.slots[s].defaultValue))
        continue;
      out += (first ? "" : ", ") + (byName ? std::string(info.slots[s].name) + "=" : "") +
             portArgument(id, s);
      first = false;
    }
    for (size_t s = info.numPorts; s < info.slots.size(); ++s) {
      const SlotInfo &slot = info.slots[s];
      double v = n.values[s];
      const ParamExpr *bound = n.boundExpr(s);
      if (!bound && (std::isnan(v) || (slot.hasDefault() && sameBits(v, slot.defaultValue))))
        continue;
      out += (first ? "" : ", ") + std::string(slot.name) + "=" +
             (bound                           ? formatParamExpr(*bound, g_.params)
              : slot.kind == SlotKind::Choice ? std::string(slot.choiceName(v))
                                              : formatNumber(v));
      first = false;
    }
    return out + ")";
  }

  const Graph &g_;
  PrintPlan plan_;
};

} // namespace

std::string printGraphText(const Graph &graph) {
  return TextPrinter(graph).printGraph();
}
std::string printFieldText(const Graph &graph) {
  return TextPrinter(graph).printField();
}

} // namespace resin
