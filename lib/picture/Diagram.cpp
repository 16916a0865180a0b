// Diagrams as DOT text (cgraph's agwrite into a string) and as pictures
// (gvc: the dot layout engine, then its svg, png or pdf renderer), both from
// the one cgraph graph DiagramGraph builds.
#include "resin/picture/Diagram.h"

#include "DiagramGraph.h"

#include <graphviz/gvc.h>

#include <memory>
#include <mutex>

namespace resin::picture {

namespace {

/// agwrite's output channel: putstr appends to the std::string it is given.
int appendToString(void *channel, const char *text) {
  static_cast<std::string *>(channel)->append(text);
  return 0;
}
int flushNothing(void *) {
  return 0;
}
Agiodisc_t stringIo = {AgIoDisc.afread, appendToString, flushNothing};

/// The one Graphviz context of the process, made on first use and never
/// freed, used under a lock (Graphviz is not thread-safe). One context, not
/// one per diagram: Graphviz 2.42's pango plugin keeps a pointer to the last
/// font name it measured, which a context owns, so a second context after
/// gvFreeContext compared against freed memory (ASan: heap-use-after-free in
/// textspan_size, the second diagram of a process).
GVC_t *graphvizContext(std::unique_lock<std::mutex> &lock) {
  static std::mutex mutex;
  lock = std::unique_lock<std::mutex>(mutex);
  static GVC_t *context = gvContext();
  return context;
}

} // namespace

std::string diagramDot(const Graph &graph) {
  Agdisc_t disc = {&AgMemDisc, &AgIdDisc, &stringIo};
  AgraphPtr g = buildDiagram(graph, &disc);
  std::string text;
  agwrite(g.get(), &text);
  return text;
}

Result<std::string> renderDiagram(const Graph &graph, std::string_view format) {
  if (format == "dot")
    return diagramDot(graph);
  if (format != "svg" && format != "png" && format != "pdf")
    return Diagnostic{
        "", {}, "cannot draw a diagram as '" + std::string(format) + "' (svg, png, pdf or dot)"};
  if (graph.size() > kMaxDiagramNodes)
    return Diagnostic{"",
                      {},
                      "the graph has " + std::to_string(graph.size()) + " nodes, more than the " +
                          std::to_string(kMaxDiagramNodes) +
                          " a diagram is laid out for; write .dot instead and lay it "
                          "out with Graphviz's own tools"};
  std::unique_lock<std::mutex> lock;
  GVC_t *gvc = graphvizContext(lock);
  AgraphPtr g = buildDiagram(graph, nullptr);
  if (gvLayout(gvc, g.get(), "dot") != 0)
    return Diagnostic{"", {}, "Graphviz could not lay out the diagram"};
  char *data = nullptr;
  unsigned int length = 0;
  std::string formatName(format);
  int status = gvRenderData(gvc, g.get(), formatName.c_str(), &data, &length);
  std::string bytes;
  if (status == 0 && data)
    bytes.assign(data, length);
  if (data)
    gvFreeRenderData(data);
  gvFreeLayout(gvc, g.get());
  if (status != 0)
    return Diagnostic{"",
                      {},
                      "Graphviz has no " + formatName +
                          " renderer here (is its plugin package installed?)"};
  return bytes;
}

} // namespace resin::picture
