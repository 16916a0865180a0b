// The parity checker, `resinc verify` as a library (docs/verify.md): every engine against the
// reference interpreter on the same optimized graph, bit for bit (NaN equals
// NaN), and interp on the optimized graph against interp on the unoptimized
// one under a tolerance.
//
// Audio inputs: sines, uniform noise from N seeds, edge values (+-0, +-1,
// subnormals, +-FLT_MIN, +-FLT_MAX, +-inf, NaN) and noise with sparse edge
// values; each for the buffer lengths of docs/reference/cli.md (a fresh init() and one
// process() per length) and once more in random block splits of the whole
// signal (block-size invariance). Fields: a grid of rows, random points
// (eval and rows) and edge values (eval and rows).
//
// Every engine is built once per graph and reused through init().
#pragma once

#include "resin/engine/Engine.h"
#include "resin/ir/Graph.h"
#include "resin/support/Diagnostic.h"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace resin::parity {

struct ParityOptions {
  /// Engines compared with interp (interp itself is the reference and is
  /// skipped if listed). Empty: every engine the host runs.
  std::vector<std::string> engines;
  /// Noise signals (audio) or random point sets (fields).
  int seeds = 8;
  /// opt-vs-unopt: |a - b| <= tolerance * (1 + |unoptimized|).
  double tolerance = 1e-6;
  EngineOptions engine;
  /// The pass pipeline for the optimized copy, and whether its passes may
  /// change values (-O2 and above).
  std::string pipeline = "";
  bool allowValueChanges = true;
  /// The resinc command line that reproduces a run, without --engines; the
  /// mismatch report appends `--engines ENGINE`.
  std::string command;
  /// Called now and then with what is being checked (for a progress line).
  std::function<void(const std::string &)> progress;
};

/// The first differing sample of one engine (or of opt-vs-unopt).
struct Mismatch {
  std::string engine;
  std::string signal; // audio: the input signal; fields: the kind of case
  std::string how;    // "one process() of 17 samples after init()", "random blocks ...", "row(...)"
  int64_t length = 0; // the buffer (or row) length
  size_t output = 0;  // output channel
  int64_t index = 0;  // sample (or row element) index
  std::vector<float> inputs; // audio: each input channel there; fields: x, y, z, t
  float expected = 0;        // interp
  float actual = 0;          // the engine
  std::string command;       // the resinc command that reproduces it
};

struct EngineResult {
  std::string engine;
  int64_t cases = 0;      // comparisons run (a buffer length, block split, row, point set)
  int64_t mismatches = 0; // samples that differ from interp
  double maxAbsErr = 0;   // over all compared samples; inf when a value is inf or NaN on one side
  uint64_t maxUlp = 0;    // distance in representable floats; NaN against a number counts 2^32-1
  std::optional<Mismatch> first;
};

struct OptVsUnopt {
  int64_t samples = 0;
  double maxAbsErr = 0;
  bool pass = true;
  std::optional<Mismatch> first; // engine "interp -O" against "interp -O0"
};

struct FileResult {
  GraphKind kind = GraphKind::Audio;
  int64_t cases = 0; // cases per engine
  std::vector<EngineResult> engines;
  OptVsUnopt optVsUnopt;
  std::vector<std::string> notes; // engines skipped and why
  bool pass = true;
};

/// Verifies one graph or field as read (unoptimized). Errors: a pipeline
/// that fails, or interp/an engine that cannot be built.
Result<FileResult> checkParity(const Graph &unoptimized, const ParityOptions &options);

/// The buffer lengths of docs/reference/cli.md's verify: 0..17, 31..33, 63..65, 127..129,
/// 255..257, 1000, 1023, 1024, 4096, 44100.
const std::vector<int64_t> &bufferLengths();
/// The edge input values: +-0, +-1, subnormals, +-FLT_MIN, +-FLT_MAX,
/// +-inf and NaN of both signs.
const std::vector<float> &edgeValues();

/// Bit equality with every NaN equal to every NaN.
bool sameValue(float a, float b);
/// Distance in representable floats (0 when sameValue); 2^32-1 for NaN
/// against a number.
uint64_t ulpDistance(float a, float b);
/// "%.9g" of a float.
std::string showFloat(float v);

/// Per-channel sample buffers.
using Channels = std::vector<std::vector<float>>;

/// One audio input signal of the checks, for every input channel.
struct InputSignal {
  std::string name;
  Channels channels; // `length` samples per input channel
};

/// The audio inputs verify runs every engine on: two sines, uniform noise
/// from `seeds` seeds, edge values everywhere, and noise with an edge value
/// every 200 samples or so; `length` samples on each of `numInputs`
/// channels. The same for every call (fixed seeds).
std::vector<InputSignal> inputSignals(size_t numInputs, int64_t length, int seeds);

/// Runs `p` over samples [start, start + len) of `in` into the same range of
/// `out` (one process call: how verify and the tests split a signal).
void processAt(AudioProcessor &p, const Channels &in, Channels &out, int64_t start, int64_t len);

/// Random block lengths covering `total`: short ones, ones around the lane
/// counts (4..64 +-1), long ones, and zero-length blocks. Any splitmix-style
/// generator with below(n) and between(lo, hi) will do.
template <class Rng> std::vector<int64_t> randomBlocks(Rng &rng, int64_t total) {
  std::vector<int64_t> blocks;
  int64_t done = 0;
  while (done < total) {
    int64_t b;
    switch (rng.below(4)) {
    case 0:
      b = rng.between(0, 17);
      break;
    case 1: {
      static const int64_t around[] = {4, 8, 16, 32, 64};
      b = around[rng.below(5)] + rng.between(-1, 1);
      break;
    }
    case 2:
      b = rng.between(18, 300);
      break;
    default:
      b = rng.between(300, 3000);
      break;
    }
    b = std::min(b, total - done);
    blocks.push_back(b);
    done += b;
  }
  return blocks;
}

} // namespace resin::parity
