// resinc bench: the per-file table (BenchTable.h). Every number is a median
// over the repetitions; speed-ups and break-even use ns per item, so they do
// not depend on --samples.
#include "BenchTable.h"

#include "resin/registry/EngineRegistry.h"

#include <algorithm>
#include <cmath>

namespace resinc::bench {

namespace {

std::string formatTime(double ns) {
  char text[32];
  if (ns < 1e3)
    std::snprintf(text, sizeof text, "%.1f ns", ns);
  else if (ns < 1e6)
    std::snprintf(text, sizeof text, "%.2f us", ns / 1e3);
  else if (ns < 1e9)
    std::snprintf(text, sizeof text, "%.2f ms", ns / 1e6);
  else
    std::snprintf(text, sizeof text, "%.2f s", ns / 1e9);
  return text;
}

std::string formatRatio(double ratio) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2fx", ratio);
  return text;
}

/// A measured, error-free benchmark, or null.
const Measured *find(const Results &results, const BenchId &id) {
  auto it = results.find(id.name());
  return it == results.end() || !it->second.error.empty() || it->second.repetitions == 0
             ? nullptr
             : &it->second;
}

/// Row `id` of the table.
void printRow(std::FILE *out, const FileInfo &file, const Results &results, const BenchId &id) {
  const unsigned threads = id.variant == Variant::AllThreads ? file.threads : 1;
  auto it = results.find(id.name());
  if (it == results.end() || !it->second.error.empty()) {
    std::fprintf(out, "  %-12s %7u  error: %s\n", id.engine.c_str(), threads,
                 it == results.end() ? "not run" : it->second.error.c_str());
    return;
  }
  const Measured &m = it->second;
  auto speedUp = [&](const char *engine) -> std::string {
    const Measured *over = find(results, BenchId{id.stem, engine, id.variant});
    return over && m.nsPerItem > 0 ? formatRatio(over->nsPerItem / m.nsPerItem) : "-";
  };
  std::string compile = "-", paidBack = "-";
  if (const Measured *c = find(results, BenchId{id.stem, id.engine, Variant::Compile})) {
    compile = formatTime(c->timeNs);
    if (const Measured *native = find(results, BenchId{id.stem, "native", id.variant})) {
      // tiered runs its first tier until the switch: paid back at the
      // first tier's speed when that row was measured (the later switch
      // only brings the point closer).
      double nsPerItem = m.nsPerItem;
      std::string_view firstTier = resin::engineTiers(id.engine).front();
      if (firstTier != id.engine)
        if (const Measured *first =
                find(results, BenchId{id.stem, std::string(firstTier), id.variant}))
          nsPerItem = std::max(nsPerItem, first->nsPerItem);
      auto items = breakEven(c->timeNs, native->nsPerItem, nsPerItem);
      char text[32];
      std::snprintf(text, sizeof text, "%.0f", items ? *items : 0.0);
      paidBack = items ? text : "never";
    }
  }
  std::fprintf(out, "  %-12s %7u %11s %11.3f %13s %10s %10s %12s\n", id.engine.c_str(), threads,
               formatTime(m.timeNs).c_str(), m.nsPerItem, speedUp("jit-scalar").c_str(),
               speedUp("native").c_str(), compile.c_str(), paidBack.c_str());
}

} // namespace

std::optional<double> breakEven(double compileNs, double nativeNsPerItem, double engineNsPerItem) {
  double saved = nativeNsPerItem - engineNsPerItem;
  if (!(saved > 0))
    return std::nullopt;
  return std::ceil(compileNs / saved);
}

void printTable(std::FILE *out, const FileInfo &file, const Results &results,
                const std::string &setup) {
  const char *item = file.field ? "point" : "sample";
  const long long side = std::llround(std::sqrt(double(file.items))); // renders are square
  if (file.field)
    std::fprintf(out, "%s: field, %lld points per render (%lldx%lld over 0,0,1,1), %s\n",
                 file.path.c_str(), (long long)file.items, side, side, setup.c_str());
  else
    std::fprintf(out, "%s: audio, %lld samples per block, %s\n", file.path.c_str(),
                 (long long)file.items, setup.c_str());
  std::fprintf(out, "  %-12s %7s %11s %11s %13s %10s %10s %12s\n", "engine", "threads",
               file.field ? "render" : "block", (std::string("ns/") + item).c_str(),
               "vs jit-scalar", "vs native", "compile", "break-even");
  for (Variant variant : {Variant::OneThread, Variant::AllThreads})
    for (const BenchId &id : file.benchmarks)
      if (id.variant == variant)
        printRow(out, file, results, id);
  std::fprintf(out, "\n");
}

void printLegend(std::FILE *out) {
  std::fprintf(out,
               "Medians over the repetitions. vs X: X's ns per item / this engine's (above 1: "
               "faster than X).\nbreak-even: compile / (native ns per item - this engine's), "
               "the samples or points after\nwhich the compile time is paid back against native "
               "(never: not faster than native).\ntiered: compile is the wait before its first "
               "block or row (the first tier's); its break-even\nuses the first tier's speed "
               "when that row is measured.\n");
}

} // namespace resinc::bench
