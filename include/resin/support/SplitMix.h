// SplitMix64 (Steele, Lea and Flood, 2014): the project's one small
// pseudo-random generator, the same sequence on every platform. `mix` is its
// finalizer alone, for counter-based streams whose value n does not depend
// on how the values before it were drawn (run's `-i noise`); `SplitMix64`
// is the sequential generator (verify's signals, the tests' random points).
#pragma once

#include <cstdint>

namespace resin {

/// SplitMix64's output function of one 64-bit state.
constexpr uint64_t splitMix64Mix(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

/// SplitMix64's golden-ratio increment between states.
inline constexpr uint64_t kSplitMix64Step = 0x9e3779b97f4a7c15ull;

/// The sequential generator: each next() advances the state by the step.
class SplitMix64 {
public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}
  uint64_t next() { return splitMix64Mix(state_ += kSplitMix64Step); }

private:
  uint64_t state_;
};

} // namespace resin
