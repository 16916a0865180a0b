// resinc bench --baseline: reads a Google Benchmark JSON written by
// `resinc bench --json` and compares, per file and engine, the ratio
// ns_per_item(engine) / ns_per_item(reference) (reference: native for audio,
// interp for fields) of this run with the same ratio in the baseline.
// Ratios rather than times, so a slower or busier machine does not fail.
#pragma once

#include "BenchTypes.h"

#include "resin/support/Diagnostic.h"

#include <cstdio>
#include <map>
#include <string>
#include <vector>

namespace resinc::bench {

/// The ns_per_item median of every throughput benchmark in a baseline.
struct Baseline {
  std::string path;
  std::map<std::string, double> nsPerItem;
};

/// Reads a baseline; a file that is not such JSON is a located error.
resin::Result<Baseline> readBaseline(const std::string &path);

/// One ratio of this run set against the baseline's.
struct Comparison {
  std::string name;
  std::string reference; // the benchmark the ratio is taken against
  double now = 0, base = 0;
  double growth = 0; // now / base - 1
  bool regressed = false;
};

struct CheckResult {
  std::vector<Comparison> compared;
  std::vector<std::string> added; // run now, but without a ratio in the baseline
  bool regressed() const;
};

/// Compares every one-thread throughput benchmark of `files` (except the
/// reference engine's own) with the baseline; growth beyond maxGrowthPct
/// regresses.
CheckResult checkBaseline(const std::vector<FileInfo> &files, const Results &results,
                          const Baseline &baseline, double maxGrowthPct);

/// Prints the summary, the table of what regressed, and what was new.
void printCheck(std::FILE *out, const CheckResult &check, const Baseline &baseline,
                double maxGrowthPct);

} // namespace resinc::bench
