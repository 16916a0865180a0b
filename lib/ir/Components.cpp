// Tarjan's strongly connected components with an explicit stack.
#include "resin/ir/Components.h"

#include <algorithm>

namespace resin {

std::vector<uint32_t> stronglyConnectedComponents(const std::vector<std::vector<uint32_t>> &succ) {
  size_t n = succ.size();
  constexpr uint32_t kUnvisited = UINT32_MAX;
  std::vector<uint32_t> index(n, kUnvisited), low(n, 0), component(n, 0);
  std::vector<bool> onStack(n, false);
  std::vector<uint32_t> stack;
  uint32_t counter = 0, components = 0;
  struct Frame {
    uint32_t vertex;
    size_t next;
  };
  std::vector<Frame> frames;
  for (uint32_t root = 0; root < n; ++root) {
    if (index[root] != kUnvisited)
      continue;
    frames.push_back({root, 0});
    index[root] = low[root] = counter++;
    stack.push_back(root);
    onStack[root] = true;
    while (!frames.empty()) {
      Frame &f = frames.back();
      if (f.next < succ[f.vertex].size()) {
        uint32_t w = succ[f.vertex][f.next++];
        if (index[w] == kUnvisited) {
          index[w] = low[w] = counter++;
          stack.push_back(w);
          onStack[w] = true;
          frames.push_back({w, 0});
        } else if (onStack[w]) {
          low[f.vertex] = std::min(low[f.vertex], index[w]);
        }
        continue;
      }
      uint32_t v = f.vertex;
      frames.pop_back();
      if (!frames.empty())
        low[frames.back().vertex] = std::min(low[frames.back().vertex], low[v]);
      if (low[v] != index[v])
        continue;
      uint32_t w;
      do {
        w = stack.back();
        stack.pop_back();
        onStack[w] = false;
        component[w] = components;
      } while (w != v);
      ++components;
    }
  }
  return component;
}

} // namespace resin
