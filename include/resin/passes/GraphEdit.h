// Small graph edits the passes share: reading a port as a constant, finding
// readers, redirecting uses, rewriting a node in place and removing nodes.
// Passes rewrite in place and leave dead nodes behind; `dce` removes them,
// so no pass ever grows the node count.
#pragma once

#include "resin/ir/Graph.h"

#include <optional>
#include <string>
#include <vector>

namespace resin {

/// The value of a port when it is constant: its unwired value, or the value
/// of the `const` node wired into it.
std::optional<double> constantPort(const Graph &graph, const Node &node, size_t slot);

/// For each node, the nodes that read it (once per port that reads it).
std::vector<std::vector<NodeId>> readersOf(const Graph &graph);

/// Every port that reads `from` reads `to` instead.
void replaceAllUses(Graph &graph, NodeId from, NodeId to);

/// Turns `node` into an `op` node with every slot at its default (name and
/// location kept); the caller then sets ports and params.
void rewriteAs(Node &node, Op op);

/// Sets a port to a constant value (unwired).
void setPortValue(Node &node, size_t slot, double value);

/// Which nodes an output reaches (through every wire, delays and feedback
/// loops included), plus every input node: what `dce` keeps.
std::vector<bool> liveNodes(const Graph &graph);

/// For each node, the live nodes that read it (once per port). Nodes that
/// earlier rewrites left dead (for dce) still read their inputs and must not
/// count as readers.
std::vector<std::vector<NodeId>> liveReadersOf(const Graph &graph);

/// A copy of `graph` with only the nodes where keep[id] is true, renumbered
/// in order. Wires into removed nodes must not exist.
Graph keepNodes(const Graph &graph, const std::vector<bool> &keep);

/// For each node, whether some reader can turn a one-ulp change of its value
/// into far more than a rounding of the result (a vdelay's time, a select's
/// condition, floor, fract, mod, sign, step, comparisons, finite at the
/// edge of overflow). Value-changing passes (fuse-affine, contract) leave
/// such nodes alone.
std::vector<bool> readByAmplifier(const Graph &graph);

/// How a node is named in `Node::origins`: its name, else its op and where
/// it was written ("gain@3:7"), else its op and id ("gain#4").
std::string originLabel(const Graph &graph, NodeId id);

/// Records that `from` (and whatever it came from) was fused into `into`.
void recordFusion(Graph &graph, NodeId into, NodeId from);

/// The float a port value becomes in every engine.
inline float asFloat(double v) {
  return float(v);
}

} // namespace resin
