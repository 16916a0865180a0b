// Peers for EngineBench (docs/performance.md): other people's code doing the
// same work as a benchmarked graph, each found at build time and left out
// when the machine lacks it (bench/CMakeLists.txt says which were found).
//
//   faust, faust-vec   Faust-generated C++ (scalar and -vec) for
//                      affine_chain, onepole and biquad (bench/faust/*.dsp)
//   sleef-u10/-u35     SLEEF's vector sinf at its two accuracies, the widest
//                      the host has
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace resin::bench {

/// Processes len samples from a fresh state (each call starts the peer's
/// filters at zero), so every call computes the same output.
using BlockFn = std::function<void(const float *in, float *out, int64_t len)>;

struct Peer {
  std::string workload; // the benchmark's FILE_STEM, e.g. "onepole"
  std::string row;      // e.g. "faust-vec"
  BlockFn run;
  int lanes = 1; // SIMD lanes of a vector library call (SLEEF), else 1
};

/// The Faust peers, or none when faust was not found at build time.
std::vector<Peer> faustPeers();
/// The SLEEF peers, or none when libsleef was not found at build time.
std::vector<Peer> sleefPeers();

} // namespace resin::bench
