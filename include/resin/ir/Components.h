// Strongly connected components of a graph given as successor lists, by
// Tarjan's algorithm written iteratively (graphs may have 100k nodes).
// The verifier uses it to find cycles without a delay; the engines use it to
// find which delays sit on a feedback loop.
#pragma once

#include <cstdint>
#include <vector>

namespace resin {

/// For each vertex, the index of its component. Components are numbered in
/// the order Tarjan's algorithm completes them (reverse topological order).
std::vector<uint32_t> stronglyConnectedComponents(const std::vector<std::vector<uint32_t>> &succ);

} // namespace resin
