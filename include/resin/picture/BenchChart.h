// The chart of a benchmark run (docs/reference/cli.md, bench --plot): per
// input file, ns per sample (or point) of every engine on a log axis, and
// each compiling engine's compile time with the number of samples after
// which that compile is paid back.
#pragma once

#include "resin/support/Diagnostic.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace resin::picture {

struct EngineTiming {
  std::string engine;
  double nsPerItem = 0;
  std::optional<double> compileNs;
  /// Items after which the compile is paid back against native; nullopt:
  /// never (or no compile, or no native to compare with).
  std::optional<double> breakEvenItems;
};

struct FileTimings {
  std::string stem;
  bool field = false; // items are points, not samples
  std::vector<EngineTiming> engines;
};

/// The chart's width; its height grows with the number of engines.
inline constexpr int kBenchChartWidth = 960;
/// Height of one file's two panels with `engines` rows each.
int benchChartHeight(const std::vector<FileTimings> &files);

/// Two panels per file (throughput, compile time) as png, svg or pdf.
Result<std::string> drawBenchChart(const std::vector<FileTimings> &files, std::string_view format);

} // namespace resin::picture
