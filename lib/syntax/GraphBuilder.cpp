// Syntax tree to IR, shared by both text forms.
#include "GraphBuilder.h"

#include "ConstantExpr.h"
#include "ParamDeclaration.h"

#include "resin/support/Format.h"
#include "resin/support/Limits.h"

#include <cctype>

namespace resin {

void GraphBuilder::fail(size_t offset, std::string message) const {
  throw file_.errorAt(offset, std::move(message));
}

void GraphBuilder::refuseUnit(const Expr &number, std::string_view where) const {
  if (number.kind == Expr::Kind::Number && number.dimension != Dimension::Plain)
    fail(number.begin, std::string(where) + " takes a plain number; " +
                           quote(file_.text().substr(number.begin, number.end - number.begin)) +
                           " is " + std::string(dimensionName(number.dimension)) +
                           " (units are for an op's constant params, such as delay's samples)");
}

NodeId GraphBuilder::makeNode(Op op, const Expr &at, NodeId into) {
  if (into == kNoNode && !withinLimit(Limit::Nodes, int64_t(graph_.size()) + 1))
    fail(at.offset, limitMessage(Limit::Nodes, "too many nodes", 0));
  if (into == kNoNode)
    return graph_.addNode(op, {}, loc(at.offset));
  // A reserved statement node keeps its name and the position of its name.
  std::string name = std::move(graph_[into].name);
  Graph scratch;
  scratch.addNode(op, std::move(name), graph_[into].loc);
  graph_[into] = std::move(scratch.nodes[0]);
  return into;
}

NodeId GraphBuilder::lower(const Expr &e, NodeId into) {
  switch (e.kind) {
  case Expr::Kind::Number: {
    refuseUnit(e, "a signal");
    NodeId id = makeNode(Op::Const, e, into);
    graph_[id].values[0] = e.number;
    graph_[id].valueLocs[0] = loc(e.offset);
    return id;
  }
  case Expr::Kind::Name:
    return resolve_(e);
  case Expr::Kind::Call:
    return lowerCall(e, into);
  case Expr::Kind::Unary:
  case Expr::Kind::Binary:
  case Expr::Kind::Select: {
    Op op = e.kind == Expr::Kind::Select ? Op::Select
                                         : *findOpByInfix(e.text, e.kind == Expr::Kind::Unary);
    std::vector<NodeId> operands;
    for (const Arg &a : e.args)
      operands.push_back(lower(*a.value));
    NodeId id = makeNode(op, e, into);
    for (size_t i = 0; i < operands.size(); ++i)
      graph_[id].inputs[i] = operands[i];
    return id;
  }
  }
  fail(e.offset, "unsupported expression");
}

void GraphBuilder::bindPort(NodeId node, size_t slot, const Expr &arg) {
  const OpInfo &info = graph_[node].info();
  refuseUnit(arg, "port '" + std::string(info.slots[slot].name) + "' of " + quote(info.name));
  if (arg.isBareNumber()) {
    graph_[node].values[slot] = arg.number;
    graph_[node].valueLocs[slot] = loc(arg.offset);
    return;
  }
  NodeId from = lower(arg);
  graph_[node].inputs[slot] = from;
}

void GraphBuilder::setParam(NodeId node, size_t slot, const Expr &arg, std::string_view callee) {
  const SlotInfo &info = graph_[node].info().slots[slot];
  std::string what = "param '" + std::string(info.name) + "' of " + quote(callee);
  if (info.kind == SlotKind::Choice) {
    if (arg.kind != Expr::Kind::Name)
      fail(arg.offset, what + " takes one of " + std::string(info.choices));
    auto index = info.choiceIndex(arg.text);
    if (!index) {
      std::string hint = closestMatch(arg.text, info.choiceList());
      fail(arg.offset, "unknown " + std::string(info.name) + " " + quote(arg.text) + " for " +
                           quote(callee) + " (one of " + std::string(info.choices) + ")" +
                           (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
    }
    graph_[node].values[slot] = *index;
  } else if (arg.isPlainNumber()) {
    // A plain literal is stored as written, as JSON's number is: an integer
    // param still refuses 2.5 rather than round it.
    graph_[node].values[slot] = arg.number;
  } else if (params_ && mentionsName(arg, [&](std::string_view n) { return bool(params_(n)); })) {
    ParamExpr expr =
        constantParamExpr(arg, info, file_, constantSampleRate_.value_or(0), what, params_);
    graph_[node].values[slot] = evaluate(expr, graph_.paramDefaults());
    if (expr.kind != ParamExpr::Kind::Number)
      graph_[node].bound.push_back({uint32_t(slot), std::move(expr)});
  } else if (constantSampleRate_) {
    graph_[node].values[slot] = constantParamValue(arg, info, file_, *constantSampleRate_, what);
  } else {
    fail(arg.offset, what + " is a constant and takes a number, not a signal");
  }
  graph_[node].valueLocs[slot] = loc(arg.begin);
}

void GraphBuilder::positionalIntoNamed(const OpInfo &info, size_t slot, const Expr &arg) const {
  // Guess the param meant from the argument's kind: a number is the first
  // numeric param (osc's freq, noise's seed), a word the enum it belongs to.
  std::string guess;
  for (size_t s = info.numPorts; s < info.slots.size() && guess.empty(); ++s) {
    const SlotInfo &param = info.slots[s];
    if (arg.isBareNumber() && param.kind != SlotKind::Choice)
      guess = std::string(param.name) + "=" +
              (arg.dimension == Dimension::Plain
                   ? formatNumber(arg.number)
                   : std::string(file_.text().substr(arg.begin, arg.end - arg.begin)));
    else if (arg.kind == Expr::Kind::Name && param.kind == SlotKind::Choice &&
             param.choiceIndex(arg.text))
      guess = std::string(param.name) + "=" + std::string(arg.text);
  }
  std::string name = std::string(info.slots[slot].name);
  if (guess.empty())
    guess = name + "=...";
  std::string what = slot == 0 ? quote(info.name) + " takes named arguments only"
                               : "'" + name + "' of " + quote(info.name) + " is set by name only";
  fail(arg.offset, what + " (" + opSignature(info) + "); did you mean '" + std::string(info.name) +
                       "(" + guess + ")'?");
}

NodeId GraphBuilder::lowerCall(const Expr &call, NodeId into) {
  auto op = findOp(call.text);
  if (!op) {
    std::string hint = closestMatch(call.text, opNames());
    fail(call.offset,
         "unknown op " + quote(call.text) + (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
  }
  const OpInfo &info = opInfo(*op);
  // Match arguments to slots first so arity errors come before anything else.
  std::vector<const Expr *> bySlot(info.slots.size(), nullptr);
  for (size_t i = 0; i < call.args.size(); ++i) {
    const Arg &arg = call.args[i];
    size_t slot = i;
    if (arg.key.empty()) {
      if (i >= info.slots.size())
        fail(arg.value->offset, "too many arguments in the call to " + quote(call.text) +
                                    ": it takes at most " + std::to_string(info.slots.size()) +
                                    " (" + opSignature(info) + ")");
      if (info.slots[i].namedOnly)
        positionalIntoNamed(info, i, *arg.value);
    } else {
      auto found = info.findSlot(arg.key);
      if (!found || (std::isdigit(static_cast<unsigned char>(arg.key[0])))) {
        std::vector<std::string_view> names;
        for (const SlotInfo &s : info.slots)
          names.push_back(s.name);
        std::string hint = closestMatch(arg.key, names);
        fail(arg.keyOffset, quote(call.text) + " has no port or param " + quote(arg.key) +
                                (hint.empty() ? "" : "; did you mean '" + hint + "'?") + " (" +
                                opSignature(info) + ")");
      }
      slot = *found;
    }
    if (bySlot[slot])
      fail(arg.key.empty() ? arg.value->offset : arg.keyOffset,
           "'" + std::string(info.slots[slot].name) + "' is given twice in the call to " +
               quote(call.text));
    bySlot[slot] = arg.value.get();
  }
  // Ports first (children before the node), then the node itself.
  std::vector<NodeId> wires(info.slots.size(), kNoNode);
  for (size_t s = 0; s < info.numPorts; ++s)
    if (bySlot[s] && !bySlot[s]->isBareNumber())
      wires[s] = lower(*bySlot[s]);
  NodeId id = makeNode(*op, call, into);
  for (size_t s = 0; s < info.slots.size(); ++s) {
    if (!bySlot[s])
      continue;
    if (info.slots[s].isPort()) {
      if (wires[s] != kNoNode)
        graph_[id].inputs[s] = wires[s];
      else
        bindPort(id, s, *bySlot[s]);
    } else {
      setParam(id, s, *bySlot[s], call.text);
    }
  }
  for (size_t s = 0; s < info.slots.size(); ++s)
    if (!bySlot[s] && slotRequired(*op, s, graph_[id].values))
      fail(call.offset, "missing argument '" + std::string(info.slots[s].name) +
                            "' in the call to " + quote(call.text) + " (" + opSignature(info) +
                            ")");
  return id;
}

} // namespace resin
