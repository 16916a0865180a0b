// resinc bench: builds every engine for one input and registers its Google
// Benchmark benchmarks (throughput per engine, all-threads renders for
// fields, compile time per JIT engine). The engines are built before any
// benchmark runs, so a graph an engine cannot compile fails early, and the
// timed loops only ever call process() or row().
#pragma once

#include "BenchTypes.h"

#include "resin/engine/Engine.h"
#include "resin/ir/Graph.h"
#include "resin/support/Diagnostic.h"

#include <memory>
#include <string>
#include <vector>

namespace resinc::bench {

/// How every benchmark runs.
struct RunSettings {
  int64_t samples = 44100; // audio: samples per process() call
  int64_t fieldSize = 512; // fields: a fieldSize x fieldSize render over 0,0,1,1
  unsigned threads = 1;    // fields: threads of the all-threads render
  double minTime = 0.1;    // seconds per repetition (Google Benchmark's MinTime)
  int repetitions = 5;     // medians are taken over these
  resin::EngineOptions engine;
};

/// One input with its engines and buffers; it must outlive the benchmark run.
class FileBench {
public:
  FileBench(std::string path, std::string stem, resin::Graph graph)
      : path_(std::move(path)), stem_(std::move(stem)), graph_(std::move(graph)) {}

  /// Builds `engines` for the graph and registers their benchmarks with
  /// Google Benchmark. Errors: an engine that cannot compile this graph.
  resin::Diagnostics prepare(const std::vector<std::string> &engines, const RunSettings &settings);

  bool isField() const { return graph_.isField(); }
  /// The file and the benchmarks registered for it, in registration order.
  const FileInfo &info() const { return info_; }

private:
  void registerAudio(const std::string &engine, const RunSettings &settings);
  void registerField(const std::string &engine, const RunSettings &settings);
  void registerCompile(const std::string &engine, const RunSettings &settings);
  /// Compiles `engine`'s code for the graph once (a compile-ENGINE row's
  /// iteration); the result keeps the code alive until it is dropped.
  std::shared_ptr<void> compileOnce(const std::string &engine, const resin::EngineOptions &options,
                                    unsigned &width, std::string &error) const;

  std::string path_, stem_;
  resin::Graph graph_;
  FileInfo info_;
  std::vector<std::unique_ptr<resin::AudioProcessor>> processors_;
  std::vector<std::unique_ptr<resin::FieldEvaluator>> fields_;
  std::vector<std::vector<float>> inputs_, outputs_;
  std::vector<const float *> inputPointers_;
  std::vector<float *> outputPointers_;
  std::vector<float> image_;
};

} // namespace resinc::bench
