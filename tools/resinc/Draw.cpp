// resinc draw: a graph or a field's expression DAG as a diagram
// (docs/reference/cli.md): loaded, optimized by -O/--passes like every
// other subcommand, then laid out and rendered by Graphviz (lib/picture).
#include "CommonFlags.h"
#include "Extension.h"

#include "resin/picture/Diagram.h"

namespace resinc {

namespace {

struct DrawOptions {
  std::string file;
  std::string output;
  CommonFlags common;
};

/// "svg", "png", "pdf" or "dot" from OUT's extension (any case); empty otherwise.
std::string diagramFormat(const std::string &path) {
  std::string ext = lowerExtension(path);
  for (std::string_view known : resin::picture::kDiagramFormats)
    if (ext == known)
      return ext;
  return {};
}

int drawCommand(const DrawOptions &options) {
  std::string format = diagramFormat(options.output);
  if (format.empty())
    return flagError("-o", resin::quote(options.output) +
                               " has an unknown extension (allowed: .svg, .png, .pdf, .dot)");
  Loaded loaded = loadUnoptimized(options.file, options.common, "draw");
  if (!loaded.graph)
    return loaded.exitCode;
  resin::Graph &graph = *loaded.graph;
  int optimized = optimize(graph, options.common.optimizer, engineOptions(options.common).math);
  if (optimized != kSuccess)
    return optimized;
  auto picture = resin::picture::renderDiagram(graph, format);
  if (!picture) {
    resin::Diagnostics errors = picture.errors();
    for (resin::Diagnostic &e : errors)
      e.file = options.output;
    return reportErrors(errors);
  }
  return writeOutput(options.output, *picture) ? kSuccess : kInputError;
}

} // namespace

Subcommand addDrawCommand(CLI::App &resinc) {
  auto options = std::make_shared<DrawOptions>();
  CLI::App *app = resinc.add_subcommand(
      "draw", "Draw a graph or a field's expression as a diagram (SVG, PNG, PDF or DOT)");
  app->add_option("FILE", options->file, "input: .graph, .field, .json, or - for stdin")
      ->required();
  app->add_option("-o", options->output,
                  "output: .svg, .png, .pdf (laid out by Graphviz) or .dot (its input text)")
      ->type_name("OUT")
      ->required();
  addCommonFlags(app, options->common);
  return {app, [options] { return drawCommand(*options); }};
}

} // namespace resinc
