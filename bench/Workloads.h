// The work EngineBench times (docs/performance.md): audio graphs run on one
// block of 44100 samples, fields rendered on a 512x512 grid, each with the
// rows that are not resin engines (hand-written C++, peers, memcpy) and the
// interpreter's output as the reference every row is checked against.
#pragma once

#include "HandWritten.h"
#include "Peers.h"

#include "resin/engine/Engine.h"
#include "resin/ir/Graph.h"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace resin::bench {

inline constexpr int64_t kBlock = 44100;
inline constexpr int64_t kGridSize = 512;

/// How a row's output compares with the interpreter's.
struct Check {
  double mismatches = 0; // samples that differ bit for bit
  double maxAbsDiff = 0; // largest |out - ref| (NaN against a number counts as inf)
  std::string failure;   // non-empty when some sample is off by more than the tolerance
};

/// A row of an audio workload that is not a resin engine.
struct AudioBaseline {
  std::string row;     // "hand-written", "memcpy", "faust-vec", ...
  BlockFn run;         // fresh state per call
  int lanes = 1;       // reported for vector library calls
  bool checked = true; // memcpy is a floor, not the same work: not compared
};

struct AudioCase {
  std::string name; // FILE_STEM of the benchmark names
  Graph graph;      // optimized at the case's -O level
  EngineOptions options;
  const std::vector<float> *input = nullptr;
  std::vector<AudioBaseline> baselines; // empty where a case shares another's rows
  /// The interpreter's output from a fresh state, computed on first use.
  const std::vector<float> &reference();
  /// Each row's check, computed once per process (benchmarks run many times).
  std::map<std::string, Check> checks;

private:
  std::vector<float> ref_;
};

struct FieldCase {
  std::string name;
  Graph graph;
  Grid grid;
  std::function<void(const Grid &, float *)> handWritten;
  const std::vector<float> &reference();
  std::map<std::string, Check> checks;

private:
  std::vector<float> ref_;
};

/// Every workload, loaded and optimized; exits with a message when a file
/// does not load (the benchmark cannot run without its inputs).
struct Workloads {
  std::vector<float> signal; // [-1, 1): the audio input of most cases
  std::vector<float> angles; // [-10, 10): the input of sin
  std::vector<std::unique_ptr<AudioCase>> audio;
  std::vector<std::unique_ptr<FieldCase>> fields;
};
Workloads loadWorkloads();

/// chain50 as graph text (`--write-chain50`).
std::string chain50Text();

/// Compares out with ref: |out - ref| <= 1e-4 * (1 + |ref|) for every sample
/// (NaN only against NaN). Tight enough that a broken row (zeros, garbage, a
/// wrong filter) fails; loose enough for peers that round their constants
/// differently.
Check compareWithReference(const std::vector<float> &out, const std::vector<float> &ref);

} // namespace resin::bench
