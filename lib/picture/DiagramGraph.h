// A graph or field as a Graphviz graph (cgraph): the one place that decides
// what a diagram shows, so the DOT text and the rendered pictures agree.
#pragma once

#include "resin/ir/Graph.h"

#include <graphviz/cgraph.h>

#include <memory>

namespace resin::picture {

struct AgraphDeleter {
  void operator()(Agraph_t *graph) const { agclose(graph); }
};
using AgraphPtr = std::unique_ptr<Agraph_t, AgraphDeleter>;

/// The diagram of `graph`. `disc` (may be null for cgraph's defaults) lets
/// the caller choose where agwrite writes.
AgraphPtr buildDiagram(const Graph &graph, Agdisc_t *disc);

} // namespace resin::picture
