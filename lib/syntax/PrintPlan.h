// What every printer decides before writing: which nodes become statements
// (graph text), lets (field text and field JSON) or JSON nodes with a name,
// and which are written inline where they are read; and the names of
// anonymous nodes. Shared so all printers name and split a graph alike.
#pragma once

#include "resin/ir/Graph.h"

#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace resin {

class PrintPlan {
public:
  /// Plans `g`: named, shared, dead and input nodes are statements (field
  /// inputs are variables, statements only when nothing reads them: a let
  /// aliasing the variable); inline chains deeper than a limit are split so
  /// that printing and reading back stay shallow.
  explicit PrintPlan(const Graph &g);

  bool isStatement(NodeId id) const { return statement_[id]; }
  /// Field inputs (x y z t) and param nodes: written as their name where
  /// they are read, never as a statement of their own.
  bool isVariable(NodeId id) const {
    return (g_.isField() && g_[id].op == Op::Input) || g_[id].op == Op::Param;
  }
  /// The node's name, or the one invented for it.
  const std::string &name(NodeId id);
  /// Statement nodes in an order where each comes after everything it reads
  /// (fields have no cycles).
  std::vector<NodeId> dependencyOrder() const;

private:
  void ensureName(NodeId id, const std::string &base);

  const Graph &g_;
  std::vector<bool> statement_;
  std::set<std::string> taken_;
  std::unordered_map<NodeId, std::string> invented_;
  std::unordered_map<std::string, int> counter_;
};

} // namespace resin
