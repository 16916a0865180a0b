// dce: removes every node that no output reaches.
//
// Reachability walks backwards from the outputs through every wire, delay
// inputs and feedback loops included, so a loop that feeds an output stays
// and a loop that feeds nothing goes. Input nodes always stay (a graph keeps
// its channels even when it ignores one). Removing a node no output reads
// cannot change any output, so the pass is exact.
#include "resin/passes/GraphEdit.h"
#include "resin/passes/Pass.h"

#include <algorithm>

namespace resin {

size_t eliminateDeadNodes(Graph &graph, const PassContext &) {
  std::vector<bool> live = liveNodes(graph);
  size_t dead = graph.size() - size_t(std::count(live.begin(), live.end(), true));
  if (dead > 0)
    graph = keepNodes(graph, live);
  return dead;
}

} // namespace resin
