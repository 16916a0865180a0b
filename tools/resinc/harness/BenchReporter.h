// resinc bench: the Google Benchmark reporter that resinc runs with. It keeps
// every repetition's time and ns_per_item by benchmark name (the table and
// the baseline check use their medians), and forwards each run to Google
// Benchmark's own JSONReporter, writing into a string, so that --json is
// exactly the library's format. Names are reduced to the ones resinc
// registered: the library would append /min_time:..., /repeats:... and
// /real_time, which would make names depend on flags and break matching
// against a baseline.
#pragma once

#include "BenchTypes.h"

#include <benchmark/benchmark.h>

#include <sstream>
#include <string>
#include <vector>

namespace resinc::bench {

class CollectingReporter : public benchmark::BenchmarkReporter {
public:
  CollectingReporter();

  bool ReportContext(const Context &context) override;
  void ReportRuns(const std::vector<Run> &runs) override;
  void Finalize() override;

  /// Medians per benchmark name, over the repetitions reported so far.
  Results results() const;
  /// Google Benchmark's JSON of every run (complete after Finalize()).
  std::string json() const { return jsonText_.str(); }

private:
  struct Samples {
    std::vector<double> timeNs, nsPerItem;
    std::string error;
  };
  std::ostringstream jsonText_;
  benchmark::JSONReporter json_;
  std::map<std::string, Samples> samples_;
};

} // namespace resinc::bench
