// resinc opt: read a graph or field, run the pass pipeline (-O0..-O3 or
// --passes), and print the result in text or JSON form (or, for a field,
// resin's bare FieldExpr), like LLVM's opt. Free variables stay free.
#include "CommonFlags.h"

#include "resin/passes/RangeAnalysis.h"
#include "resin/syntax/FieldJson.h"
#include "resin/syntax/GraphJson.h"
#include "resin/syntax/Load.h"
#include "resin/syntax/TextPrinter.h"

namespace resinc {

namespace {
struct OptOptions {
  std::string file;
  std::string emit = "graph";
  std::string output;
  std::string format;
  OptimizerFlags optimizer;
  std::string math = "precise";
  bool printAfterAll = false;
  bool stats = false;
};

std::string printGraph(const resin::Graph &graph, bool json) {
  if (json)
    return graph.isField() ? resin::printFieldJson(graph) : resin::printGraphJson(graph);
  return graph.isField() ? resin::printFieldText(graph) : resin::printGraphText(graph);
}

/// --stats: per pass, its runs, rewrites and nodes removed; then the node
/// counts and the value range of each output (range analysis).
void printStats(const resin::Graph &before, const resin::Graph &after,
                const std::vector<resin::PassStats> &stats) {
  std::fprintf(stderr, "%-14s %5s %8s %8s\n", "pass", "runs", "changed", "removed");
  for (const resin::PassStats &s : stats)
    std::fprintf(stderr, "%-14s %5zu %8zu %8lld\n", s.pass.c_str(), s.runs, s.changes,
                 (long long)s.nodesRemoved);
  std::fprintf(stderr, "nodes: %zu before, %zu after\n", before.size(), after.size());
  std::vector<resin::ValueRange> ranges = resin::analyzeRanges(after);
  for (resin::NodeId id : after.outputsByChannel())
    std::fprintf(stderr, "output %d: %s\n", int(after[id].value("channel")),
                 ranges[after[id].inputs[0]].str().c_str());
}
} // namespace

Subcommand addOptCommand(CLI::App &resinc) {
  auto options = std::make_shared<OptOptions>();
  CLI::App *app = resinc.add_subcommand(
      "opt", "Read, validate and print a graph or field (--emit graph: the text form, "
             "json: the JSON form)");
  app->add_option("FILE", options->file, "input: .graph, .field, .json, or - for stdin")
      ->required();
  app->add_option("--emit", options->emit,
                  "output form: graph (text), json, or resin (a field as resin's bare FieldExpr, "
                  "as serde_json writes it)")
      ->check(CLI::IsMember({"graph", "json", "resin"}))
      ->capture_default_str();
  app->add_option("-o", options->output, "output file (default: stdout)");
  app->add_option("--format", options->format, "input kind when reading stdin (-)")
      ->check(CLI::IsMember({"graph", "field", "json"}));
  addOptimizerFlags(app, options->optimizer);
  app->add_option("--math", options->math, "math level fold-const computes with")
      ->type_name("M")
      ->check(CLI::IsMember({"precise", "fast"}))
      ->capture_default_str();
  app->add_flag("--print-after-all", options->printAfterAll,
                "print the graph (text form, to stderr) after every pass");
  app->add_flag("--stats", options->stats,
                "print per pass how many nodes it changed and removed (to stderr)");

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
            resin::Graph original = *graph;
            auto afterPass = [&](std::string_view pass, const resin::Graph &g) {
              if (options->printAfterAll)
                std::fprintf(stderr, "# *** after %s ***\n%s", std::string(pass).c_str(),
                             printGraph(g, false).c_str());
            };
            std::vector<resin::PassStats> stats;
            resin::MathMode math =
                options->math == "fast" ? resin::MathMode::Fast : resin::MathMode::Precise;
            int optimized = optimize(*graph, options->optimizer, math, afterPass, &stats);
            if (optimized != kSuccess)
              return optimized;
            if (options->stats)
              printStats(original, *graph, stats);
            if (options->emit == "resin") {
              auto text = resin::printResinFieldExpr(
                  *graph, options->file == "-" ? std::string("<stdin>") : options->file);
              if (!text)
                return reportErrors(text.errors());
              return writeOutput(options->output, *text) ? int(kSuccess) : int(kInputError);
            }
            return writeOutput(options->output, printGraph(*graph, options->emit == "json"))
                       ? int(kSuccess)
                       : int(kInputError);
          }};
}

} // namespace resinc
