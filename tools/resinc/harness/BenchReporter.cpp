// resinc bench: collecting runs and forwarding them to the JSONReporter
// (BenchReporter.h).
#include "BenchReporter.h"

namespace resinc::bench {

CollectingReporter::CollectingReporter() {
  json_.SetOutputStream(&jsonText_);
  json_.SetErrorStream(&jsonText_);
}

bool CollectingReporter::ReportContext(const Context &context) {
  return json_.ReportContext(context);
}

void CollectingReporter::ReportRuns(const std::vector<Run> &runs) {
  std::vector<Run> named = runs;
  for (Run &run : named) {
    // Which clock the benchmark asked for, read before the name is reduced.
    const bool realTime = run.run_name.time_type == "real_time";
    benchmark::BenchmarkName &name = run.run_name;
    name.min_time.clear();
    name.min_warmup_time.clear();
    name.iterations.clear();
    name.repetitions.clear();
    name.time_type.clear();
    name.threads.clear();
    if (run.run_type != Run::RT_Iteration)
      continue; // aggregates go to the JSON; the medians are taken here
    Samples &samples = samples_[name.str()];
    if (run.error_occurred) {
      samples.error = run.error_message;
      continue;
    }
    const double perIteration = realTime ? run.GetAdjustedRealTime() : run.GetAdjustedCPUTime();
    samples.timeNs.push_back(perIteration * 1e9 / benchmark::GetTimeUnitMultiplier(run.time_unit));
    if (auto it = run.counters.find("ns_per_item"); it != run.counters.end())
      samples.nsPerItem.push_back(it->second.value);
  }
  json_.ReportRuns(named);
}

void CollectingReporter::Finalize() {
  json_.Finalize();
}

Results CollectingReporter::results() const {
  Results results;
  for (const auto &[name, samples] : samples_) {
    Measured &m = results[name];
    m.timeNs = median(samples.timeNs);
    m.nsPerItem = median(samples.nsPerItem);
    m.repetitions = int64_t(samples.timeNs.size());
    m.error = samples.error;
  }
  return results;
}

} // namespace resinc::bench
