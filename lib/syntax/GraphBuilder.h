// Turns expression syntax trees into IR nodes: calls are matched to op slots
// through the op table, operators become their ops, and literals become
// either slot values (written directly as a call argument, the same thing the
// JSON forms' params say) or const nodes (anywhere else). Shared by the graph
// and field text readers; they differ only in how a name resolves.
#pragma once

#include "ConstantExpr.h"

#include "resin/ir/Graph.h"
#include "resin/syntax/Expr.h"

#include <functional>
#include <optional>

namespace resin {

class GraphBuilder {
public:
  using NameResolver = std::function<NodeId(const Expr &name)>;

  GraphBuilder(Graph &graph, const SourceFile &file, NameResolver resolve)
      : graph_(graph), file_(file), resolve_(std::move(resolve)) {}

  /// Graph text: a const param may be a constant expression with units,
  /// folded with this sample rate (ConstantExpr.h). Without this call (field
  /// text) a const param takes a number literal only.
  void allowConstantExpressions(double sampleRate) { constantSampleRate_ = sampleRate; }

  /// Both text forms: a const param may be an expression of the graph's
  /// params (`freq=cutoff * 2`), kept as a ParamExpr on the node.
  void allowParams(ParamLookup lookup) { params_ = std::move(lookup); }

  /// Lowers an expression to the node computing it. With `into`, an already
  /// reserved node is filled instead of a new one made (a named statement
  /// that may be referenced before it is defined). Throws Diagnostic.
  NodeId lower(const Expr &e, NodeId into = kNoNode);

  /// Sets port `slot` of `node` from an argument: a bare literal is the
  /// port's value, anything else is wired.
  void bindPort(NodeId node, size_t slot, const Expr &arg);

  SourceLoc loc(size_t offset) const { return file_.locate(offset); }

private:
  NodeId lowerCall(const Expr &call, NodeId into);
  /// Fails for a positional argument that lands on a named-only slot, with
  /// the named argument it most likely meant.
  [[noreturn]] void positionalIntoNamed(const OpInfo &info, size_t slot, const Expr &arg) const;
  NodeId makeNode(Op op, const Expr &at, NodeId into);
  void setParam(NodeId node, size_t slot, const Expr &arg, std::string_view callee);
  [[noreturn]] void fail(size_t offset, std::string message) const;
  /// Refuses a number with a unit where a signal is expected.
  void refuseUnit(const Expr &number, std::string_view where) const;

  Graph &graph_;
  const SourceFile &file_;
  NameResolver resolve_;
  std::optional<double> constantSampleRate_;
  ParamLookup params_;
};

} // namespace resin
