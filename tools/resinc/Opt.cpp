// resinc opt: read a graph or field, validate it, and print it in text or
// JSON form. (The pass pipeline and its flags arrive with the optimizer.)
#include "Subcommand.h"

#include "resin/syntax/Json.h"
#include "resin/syntax/Load.h"
#include "resin/syntax/Text.h"

namespace resinc {

namespace {
struct OptOptions {
  std::string file;
  std::string emit = "graph";
  std::string output;
  std::string format;
};
} // namespace

Subcommand addOptCommand(CLI::App &resinc) {
  auto options = std::make_shared<OptOptions>();
  CLI::App *app = resinc.add_subcommand(
      "opt", "Read, validate and print a graph or field (--emit graph: the text form, "
             "json: the JSON form)");
  app->add_option("FILE", options->file, "input: .graph, .field, .json, or - for stdin")
      ->required();
  app->add_option("--emit", options->emit, "output form: graph (text) or json")
      ->check(CLI::IsMember({"graph", "json"}))
      ->capture_default_str();
  app->add_option("-o", options->output, "output file (default: stdout)");
  app->add_option("--format", options->format, "input kind when reading stdin (-)")
      ->check(CLI::IsMember({"graph", "field", "json"}));

  return {app, [options] {
            std::optional<resin::SourceFormat> format;
            if (!options->format.empty())
              format = resin::formatFromName(options->format);
            else if (options->file == "-") {
              std::fprintf(stderr, "resinc: error: reading standard input needs --format "
                                   "graph|field|json (see 'resinc opt --help')\n");
              return int(kUsageError);
            }
            auto graph = resin::loadFile(options->file, format);
            if (!graph)
              return reportErrors(graph.errors());
            std::string text;
            if (options->emit == "json")
              text =
                  graph->isField() ? resin::printFieldJson(*graph) : resin::printGraphJson(*graph);
            else
              text =
                  graph->isField() ? resin::printFieldText(*graph) : resin::printGraphText(*graph);
            return writeOutput(options->output, text) ? int(kSuccess) : int(kInputError);
          }};
}

} // namespace resinc
