// Random graphs and fields for property tests (the optimizer's, and later
// `verify`'s). A seed names one graph on every platform: the generator uses
// its own PRNG (splitmix64), never <random>'s distributions.
//
// The graphs are built to make every optimizer pass fire (affine chains,
// constant subtrees, duplicated subexpressions, delay chains, mul feeding
// add, identities, feedback through delays) while staying *well conditioned*:
// every op is continuous with moderate constants, and signal magnitudes are
// kept small (a value that may grow past a few units is squashed by tanh,
// clip or a gain), so a rounding difference of a few ULP anywhere stays a
// few ULP at the outputs and a tolerance comparison (-O2, -O3) is
// meaningful. No op can produce NaN or an infinity from inputs in [-2, 2].
#pragma once

#include "resin/ir/Graph.h"

#include <cstdint>

namespace resin::test {

/// splitmix64: small, fast and the same everywhere.
class Rng {
public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t next();
  /// An integer in [0, n).
  int below(int n) { return int(next() % uint64_t(n)); }
  /// An integer in [lo, hi].
  int between(int lo, int hi) { return lo + below(hi - lo + 1); }
  /// A double in [0, 1).
  double unit() { return double(next() >> 11) * 0x1.0p-53; }
  double uniform(double lo, double hi) { return lo + (hi - lo) * unit(); }
  bool chance(double p) { return unit() < p; }

private:
  uint64_t state_;
};

struct RandomGraphOptions {
  /// How many motifs (small subgraphs) to add; each adds about 1..8 nodes.
  int minMotifs = 10;
  int maxMotifs = 22;
};

/// A random audio graph: 1..2 inputs (in0, in1), 1..3 outputs, sample rate
/// 44100. Uses pure and stateful ops, sources (osc, noise, time), feedback
/// loops through delays, and `finite` here and there (in fields too).
Graph randomAudioGraph(uint64_t seed, const RandomGraphOptions &options = {});

/// A random field: inputs x, y, z, t (channels 0..3; every one present), a
/// single output. Pure ops only, plus length2, sdf_circle, smoothstep and
/// perlin2 (perlin2 only ever reads inputs directly or through one gain).
Graph randomField(uint64_t seed, const RandomGraphOptions &options = {});

} // namespace resin::test
