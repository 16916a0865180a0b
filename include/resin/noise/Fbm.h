// fbm2 and fbm3 as resin's `Fbm` computes them (lacunarity 2, persistence
// 0.5 there; resinc lets both be set): octaves of a basis noise weighted and
// normalized. The octave count, frequencies and amplitudes are host values,
// so the loop unrolls at compile time (JIT) and only the samples are data.
//
// f_0 = 1, a_0 = 1, f_{k+1} = f_k * lacunarity, a_{k+1} = a_k * gain, all in
// float on the host; sum = sum + basis(p * f_k) * a_k from sum = 0 in order of
// k; norm = norm + a_k likewise; result sum / norm. Every octave uses the same
// seed. 0 octaves gives 0/0 = NaN, as in resin. norm is 0 for gain = -1 with an even octave count:
// the division then gives +-inf or NaN, as IEEE says (docs/noise.md).
#pragma once

#include "resin/noise/Perlin.h"
#include "resin/noise/Simplex.h"

namespace resin::noise {

enum class Basis : uint8_t { Perlin, Simplex };

struct FbmParams {
  int octaves = 4;
  float lacunarity = 2;
  float gain = 0.5f;
  Basis basis = Basis::Perlin;
  int32_t seed = 0;
};

/// Fractal Brownian motion over perlin2 or simplex2, resin's definition.
template <class F> F fbm2(F x, F y, const FbmParams &p) {
  F sum = zeroLike(x);
  float f = 1.0f, a = 1.0f, norm = 0.0f;
  for (int k = 0; k < p.octaves; ++k) {
    F px = x * f;
    F py = y * f;
    F b = p.basis == Basis::Simplex ? simplex2(px, py, p.seed) : perlin2(px, py, p.seed);
    sum = sum + b * a;
    norm = norm + a;
    f = f * p.lacunarity;
    a = a * p.gain;
  }
  return sum / norm;
}

/// Fractal Brownian motion over perlin3 or simplex3, resin's definition.
template <class F> F fbm3(F x, F y, F z, const FbmParams &p) {
  F sum = zeroLike(x);
  float f = 1.0f, a = 1.0f, norm = 0.0f;
  for (int k = 0; k < p.octaves; ++k) {
    F px = x * f;
    F py = y * f;
    F pz = z * f;
    F b = p.basis == Basis::Simplex ? simplex3(px, py, pz, p.seed) : perlin3(px, py, pz, p.seed);
    sum = sum + b * a;
    norm = norm + a;
    f = f * p.lacunarity;
    a = a * p.gain;
  }
  return sum / norm;
}

} // namespace resin::noise
