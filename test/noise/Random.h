// Deterministic pseudo-random test points for the noise tests (splitmix64, so
// runs are reproducible on every machine).
#pragma once

#include "resin/support/SplitMix.h"

#include <cmath>
#include <cstdint>

namespace resin::noise::test {

class Random {
public:
  explicit Random(uint64_t seed) : bits_(seed) {}

  uint64_t next() { return bits_.next(); }
  /// Uniform in [0, 1).
  double unit() { return double(next() >> 11) * 0x1p-53; }
  /// Uniform float in [lo, hi).
  float uniform(double lo, double hi) { return float(lo + (hi - lo) * unit()); }
  /// +-2^e with e uniform in [minExp, maxExp): magnitudes over many scales.
  float logUniform(double minExp, double maxExp) {
    float m = float(std::exp2(minExp + (maxExp - minExp) * unit()));
    return (next() & 1) ? -m : m;
  }
  int32_t seed() { return int32_t(uint32_t(next())); }

private:
  SplitMix64 bits_;
};

} // namespace resin::noise::test
