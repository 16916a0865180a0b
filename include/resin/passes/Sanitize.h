// `resinc run --sanitize` (docs/reliability.md, "Non-finite values"): a
// `finite` node before the signal input of every stateful node, so a NaN or
// an infinity that reaches a filter, a delay line or an envelope enters its
// state as 0 instead of poisoning it for good. It is a graph edit, not an
// engine mode, so every engine runs the same guarded graph and they stay
// bit for bit equal.
#pragma once

#include "resin/ir/Graph.h"

#include <cstddef>

namespace resin {

/// Wires a `finite` node between each stateful node and the node feeding its
/// `in` port (one guard per feeding node, shared by all its stateful
/// readers). Unwired ports (finite by the verifier), const nodes and nodes
/// that are already `finite` need no guard. vdelay's `time` is left alone:
/// its clip already maps NaN to 1 and +-inf to the ends of the line, and a
/// time never enters the line. Returns the number of guards added; the
/// caller verifies the result (the guards count toward the node limit).
size_t insertFiniteGuards(Graph &graph);

} // namespace resin
