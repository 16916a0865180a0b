// The compile-time constants of one node, resolved once from its params and
// the graph's sample rate: filter coefficients (computed in double, rounded
// to float, as docs/reference/graph-format.md says), oscillator increments, noise settings, delay
// lengths. Every engine reads the same numbers, so they agree bit for bit.
#pragma once

#include "resin/ir/Graph.h"
#include "resin/noise/Noise.h"

#include <cstdint>
#include <memory>
#include <span>

namespace resin {

enum class Wave : uint8_t { Sine, Saw, Square, Triangle, Pulse };
enum class OnepoleMode : uint8_t { Lowpass, Highpass };

struct OpConstants {
  // input, output
  uint32_t channel = 0;
  // const
  float value = 0;
  // param: which one (Graph::params)
  uint32_t paramIndex = 0;
  // time
  double sampleRate = 44100;
  // osc: p = (float)frac(phase + (n - phaseOrigin)*increment) in double; a
  // frequency change at sample m moves the origin to m (updateConstants)
  Wave wave = Wave::Sine;
  double phase = 0, increment = 0;
  int64_t phaseOrigin = 0;
  float duty = 0.5f;
  // noise (audio): the seed's term of the hash, seed*0x9E3779B9 mod 2^32
  uint32_t noiseSeedTerm = 0;
  // perlin/simplex seeds, fbm settings
  noise::FbmParams fbm;
  // delay samples, vdelay max
  int64_t delaySamples = 0;
  // onepole
  OnepoleMode onepoleMode = OnepoleMode::Lowpass;
  float onepoleGain = 0; // lowpass a = (float)(1-p), highpass b0 = (float)((1+p)/2)
  float onepolePole = 0; // c = (float)p
  // biquad, normalized by a0 (Direct Form II Transposed)
  float b0 = 1, b1 = 0, b2 = 0, a1 = 0, a2 = 0;
  // allpass1
  float coeff = 0;
  // sample, sample_nearest, width, height: the image bound to the declaration
  // their port 0 reads (null while unbound), and the channel sampled; width
  // and height also set `value`
  std::shared_ptr<const Raster> image;
  uint32_t imageChannel = 0;
  // envelope: level = c*level + oneMinusC*|in|
  float attackC = 0, attackOneMinusC = 1, releaseC = 0, releaseOneMinusC = 1;
};

/// The constants of `node` in `graph` (validated), its bound const params at
/// the params' defaults.
OpConstants resolveConstants(const Graph &graph, const Node &node);
/// The same for these param values (Graph::params order). Allocates nothing.
OpConstants resolveConstants(const Graph &graph, const Node &node,
                             std::span<const float> paramValues);

/// Recomputes `k`, the constants of `node`, after a param change that takes
/// effect at sample `n`: an oscillator's phase continues from where the old
/// increment took it (phase = frac(phase + (n - origin)*increment) in
/// double, origin = n). Allocates nothing.
void updateConstants(const Graph &graph, const Node &node, std::span<const float> paramValues,
                     int64_t n, OpConstants &k);

/// RBJ cookbook biquad coefficients in double, normalized by a0 (b0 b1 b2 a1 a2).
struct BiquadDesign {
  double b0, b1, b2, a1, a2;
};
BiquadDesign designBiquad(std::string_view kind, double freq, double q, double gainDb,
                          double sampleRate);

} // namespace resin
