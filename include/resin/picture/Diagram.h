// Diagrams of graphs and fields (docs/reference/cli.md, draw): every node
// with its id, op and params, coloured by category, ports named on the
// edges, feedback edges dashed, and after the passes what each node was
// fused from. Graphviz's own library builds, lays out and renders them.
#pragma once

#include "resin/ir/Graph.h"
#include "resin/support/Diagnostic.h"

#include <string>
#include <string_view>

namespace resin::picture {

/// The diagram as DOT text (no layout), the same graph `renderDiagram` lays out.
std::string diagramDot(const Graph &graph);

/// The most nodes `renderDiagram` lays out: Graphviz's dot layout grows
/// faster than linearly (about 1.4 s for 2000 nodes, 14 s for 6000 on the
/// project's machine). Larger graphs can still be written as DOT.
inline constexpr size_t kMaxDiagramNodes = 4000;

/// The formats `renderDiagram` writes.
inline constexpr std::string_view kDiagramFormats[] = {"svg", "png", "pdf", "dot"};

/// The diagram laid out by Graphviz's dot engine and rendered as `format`
/// (svg, png or pdf; dot gives diagramDot's text). Errors: an unknown
/// format, more than kMaxDiagramNodes nodes, or Graphviz failing (a missing
/// plugin).
Result<std::string> renderDiagram(const Graph &graph, std::string_view format);

} // namespace resin::picture
