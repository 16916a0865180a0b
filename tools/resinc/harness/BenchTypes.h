// resinc bench: the vocabulary shared by its parts (registration, the
// collecting reporter, the table, the baseline check): which benchmark is
// which, and the medians measured for it.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace resinc::bench {

/// The three kinds of benchmark resinc bench registers per file and engine.
enum class Variant {
  OneThread,  // FILE_STEM/ENGINE: one block (audio) or one render on one thread (field)
  AllThreads, // FILE_STEM/ENGINE/all-threads: a field render shared by every core
  Compile,    // FILE_STEM/compile-ENGINE: a JIT or baseline compile
};

/// One registered benchmark.
struct BenchId {
  std::string stem;
  std::string engine;
  Variant variant = Variant::OneThread;

  /// The benchmark's name in the table, the JSON and the baseline.
  std::string name() const;
};

/// What the benchmarks of one input file measure.
struct FileInfo {
  std::string path;
  std::string stem;
  bool field = false;
  int64_t items = 0;    // samples per block, or points per render
  unsigned threads = 1; // threads of the all-threads render (fields)
  std::vector<BenchId> benchmarks;
};

/// Medians over the repetitions of one benchmark.
struct Measured {
  double timeNs = 0;    // per iteration: thread CPU time, or wall time for all-threads
  double nsPerItem = 0; // throughput benchmarks only (counter ns_per_item)
  int64_t repetitions = 0;
  std::string error; // set when Google Benchmark reported the run as failed
};

/// Results by benchmark name.
using Results = std::map<std::string, Measured>;

/// The engine every ratio of the baseline check is taken against: native for
/// audio, interp for fields (docs/reference/cli.md).
inline const char *referenceEngine(bool field) {
  return field ? "interp" : "native";
}

/// The median of `values` (the mean of the middle two for an even count); 0 when empty.
double median(std::vector<double> values);

} // namespace resinc::bench
