// The SLEEF peers (see Peers.h): Sleef_sinfN_u10 and _u35 over the buffer,
// N the widest vector this file is compiled for (-march=native: 16 lanes with
// AVX-512, 8 with AVX2, else 4), the last len % N samples through SLEEF's
// scalar sinf of the same accuracy. bench/CMakeLists.txt defines
// RESIN_HAVE_SLEEF when it found libsleef.
#include "Peers.h"

#ifdef RESIN_HAVE_SLEEF

#include <immintrin.h>
#include <sleef.h>

namespace resin::bench {

namespace {

#if defined(__AVX512F__)
constexpr int kLanes = 16;
#define RESIN_SLEEF_LOOP(ACC)                                                                      \
  for (; i + 16 <= len; i += 16)                                                                   \
    _mm512_storeu_ps(out + i, Sleef_sinf16_##ACC(_mm512_loadu_ps(in + i)));
#elif defined(__AVX2__)
constexpr int kLanes = 8;
#define RESIN_SLEEF_LOOP(ACC)                                                                      \
  for (; i + 8 <= len; i += 8)                                                                     \
    _mm256_storeu_ps(out + i, Sleef_sinf8_##ACC(_mm256_loadu_ps(in + i)));
#else
constexpr int kLanes = 4;
#define RESIN_SLEEF_LOOP(ACC)                                                                      \
  for (; i + 4 <= len; i += 4)                                                                     \
    _mm_storeu_ps(out + i, Sleef_sinf4_##ACC(_mm_loadu_ps(in + i)));
#endif

void sleefSinU10(const float *in, float *out, int64_t len) {
  int64_t i = 0;
  RESIN_SLEEF_LOOP(u10)
  for (; i < len; ++i)
    out[i] = Sleef_sinf_u10(in[i]);
}

void sleefSinU35(const float *in, float *out, int64_t len) {
  int64_t i = 0;
  RESIN_SLEEF_LOOP(u35)
  for (; i < len; ++i)
    out[i] = Sleef_sinf_u35(in[i]);
}

} // namespace

std::vector<Peer> sleefPeers() {
  return {{"sin", "sleef-u10", sleefSinU10, kLanes}, {"sin", "sleef-u35", sleefSinU35, kLanes}};
}

} // namespace resin::bench

#else

std::vector<resin::bench::Peer> resin::bench::sleefPeers() {
  return {};
}

#endif
