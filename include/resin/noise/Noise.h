// Noise of field.md, exactly: perlin2/3, simplex2/3 and fbm2/3 with seeds, as
// templates over the value vocabulary of math/Scalar.h.
//
// STUB: replaced by the real noise (issue 3, noise work).
#pragma once

#include "resin/math/Scalar.h"

namespace resin::noise {

enum class Basis : uint8_t { Perlin, Simplex };

struct FbmParams {
  int octaves = 4;
  float lacunarity = 2;
  float gain = 0.5f;
  Basis basis = Basis::Perlin;
  int32_t seed = 0;
};

template <class F> F perlin2(F x, F y, int32_t seed) {
  return x * 0.0f + y * 0.0f + float(seed & 0);
}
template <class F> F perlin3(F x, F y, F z, int32_t seed) {
  return perlin2(x, y, seed) + z * 0.0f;
}
template <class F> F simplex2(F x, F y, int32_t seed) {
  return perlin2(x, y, seed);
}
template <class F> F simplex3(F x, F y, F z, int32_t seed) {
  return perlin3(x, y, z, seed);
}
template <class F> F fbm2(F x, F y, const FbmParams &p) {
  return perlin2(x, y, p.seed);
}
template <class F> F fbm3(F x, F y, F z, const FbmParams &p) {
  return perlin3(x, y, z, p.seed);
}

} // namespace resin::noise
