// The order in which an engine evaluates a graph's nodes, shared by `interp`
// and `native`: a topological order of the data edges, where the input edge
// of a delay on a feedback loop is cut (its input is written after the
// sample, or after the block, has been computed), plus each node's port
// sources and resolved constants.
#pragma once

#include "resin/ir/Graph.h"
#include "resin/semantics/OpConstants.h"

#include <array>
#include <cstdint>
#include <vector>

namespace resin {

/// The most ports any op has (distance3 and sdf_box3 have six).
inline constexpr size_t kMaxPorts = 6;

struct ScheduledNode {
  NodeId id = 0;
  Op op = Op::Const;
  uint8_t numPorts = 0;
  /// Per port: the node wired into it, or kNoNode with `portValue`.
  std::array<NodeId, kMaxPorts> portSource{};
  std::array<float, kMaxPorts> portValue{};
  OpConstants constants;
  /// A delay or vdelay on a feedback loop: its output is read before its
  /// input is known, so the input is written once the whole span is computed.
  bool deferredInput = false;
  /// Some const param is bound to an expression of params, so `constants`
  /// change while the graph runs (ParamBank).
  bool boundToParams = false;
};

struct Schedule {
  std::vector<ScheduledNode> order;
  size_t numNodes = 0;
  std::vector<NodeId> inputs, outputs; // by channel
  /// The longest span of samples that may run node after node: the shortest
  /// delay on a feedback loop (INT64_MAX without feedback).
  int64_t maxSpan = INT64_MAX;
  /// How many params the graph declares.
  size_t numParams = 0;
};

/// Builds the schedule of a validated graph or field.
Schedule buildSchedule(const Graph &graph);

} // namespace resin
