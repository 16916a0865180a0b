// Front-end cost: parse + verify, and print, for every file in graphs/.
// Run: build/bench/resin_parse_bench [--benchmark_filter=...]
#include "resin/support/SourceFile.h"
#include "resin/syntax/Load.h"
#include "resin/syntax/TextPrinter.h"

#include <benchmark/benchmark.h>

#include <filesystem>

namespace {

void parseFile(benchmark::State &state, const resin::SourceFile *file, resin::SourceFormat format) {
  size_t nodes = 0;
  for (auto _ : state) {
    auto graph = resin::parseSource(*file, format);
    if (!graph) {
      state.SkipWithError(graph.errors()[0].str().c_str());
      return;
    }
    nodes = graph->size();
    benchmark::DoNotOptimize(graph);
  }
  state.SetBytesProcessed(int64_t(state.iterations() * file->text().size()));
  state.counters["nodes"] = double(nodes);
}

void printFile(benchmark::State &state, const resin::Graph *graph) {
  for (auto _ : state) {
    std::string text =
        graph->isField() ? resin::printFieldText(*graph) : resin::printGraphText(*graph);
    benchmark::DoNotOptimize(text);
  }
}

} // namespace

int main(int argc, char **argv) {
  namespace fs = std::filesystem;
  std::vector<std::unique_ptr<resin::SourceFile>> files;
  std::vector<std::unique_ptr<resin::Graph>> graphs;
  std::vector<fs::path> paths;
  for (const auto &entry : fs::directory_iterator(RESIN_GRAPHS_DIR))
    paths.push_back(entry.path());
  std::sort(paths.begin(), paths.end());
  for (const fs::path &path : paths) {
    auto format = resin::formatFromPath(path.string());
    auto file = resin::readSourceFile(path.string());
    if (!format || !file)
      continue;
    files.push_back(std::make_unique<resin::SourceFile>(std::move(*file)));
    std::string name = path.stem().string() + path.extension().string();
    benchmark::RegisterBenchmark(("parse/" + name).c_str(), parseFile, files.back().get(), *format);
    auto graph = resin::parseSource(*files.back(), *format);
    if (graph) {
      graphs.push_back(std::make_unique<resin::Graph>(std::move(*graph)));
      benchmark::RegisterBenchmark(("print/" + name).c_str(), printFile, graphs.back().get());
    }
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
