// resinc bench --plot and --plot-from: the run's medians (or those of a
// saved --json) turned into the chart lib/picture draws.
#pragma once

#include "BenchTypes.h"

#include "resin/picture/BenchChart.h"
#include "resin/support/Diagnostic.h"

#include <string>
#include <vector>

namespace resinc::bench {

/// The timings of every file of this run, engines in the order they ran.
std::vector<resin::picture::FileTimings> timingsOf(const std::vector<FileInfo> &files,
                                                   const Results &results);

/// The timings in a Google Benchmark JSON written by `resinc bench --json`:
/// medians of the iterations of each benchmark. A file is a field's when it
/// has all-threads renders (only fields have them). Located errors.
resin::Result<std::vector<resin::picture::FileTimings>> readTimings(const std::string &path);

/// Whether `path` names a chart format (.png, .svg, .pdf); reports --plot's
/// error when not, so a run is not wasted on a plot it cannot write.
bool checkChartPath(const std::string &path);

/// Writes the chart to `path` (.png, .svg or .pdf); an exit code.
int writeChart(const std::string &path, const std::vector<resin::picture::FileTimings> &files);

} // namespace resinc::bench
