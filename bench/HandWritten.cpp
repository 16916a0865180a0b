// Hand-written baselines (see HandWritten.h): the chains, the filters and
// memcpy. The HandWritten*.cpp files alone are compiled
// with -O3 -march=native -ffp-contract=off (bench/CMakeLists.txt), so no
// multiply-add is fused and the loops round exactly as
// the graphs do. The compiler vectorizes the loops for the host's widest
// vectors; no fast-math, so it cannot reassociate the chain either. One row,
// onepoleUnrolledHandWritten, uses SSE4.1 intrinsics on purpose: its loop
// shape is the point of it.
#include "HandWritten.h"

#include <cmath>
#include <cstring>
#include <immintrin.h>
#include <numbers>
#include <utility>

namespace resin::bench {

namespace {

template <size_t I> inline float applyStep(float v) {
  constexpr ChainStep step = chainStep(I);
  if constexpr (step.op == ChainOp::Gain || step.op == ChainOp::Mul)
    return v * step.value;
  else
    return v + step.value;
}

// Straight-line code for all 50 steps (a plain loop over the steps would be
// left rolled or partly unrolled at the compiler's discretion).
template <size_t... I> inline float applyChain(float v, std::index_sequence<I...>) {
  ((v = applyStep<I>(v)), ...);
  return v;
}

// The workloads' filter settings (bench/graphs/*.graph).
constexpr double kSampleRate = 44100;
constexpr double kCutoff = 1000;
constexpr double kQ = 0.70710678;

struct OnepoleCoeffs {
  float gain, pole;
};

// docs/reference/graph-format.md: p = exp(-2*pi*cutoff/sample_rate) in double; a = (float)(1-p).
OnepoleCoeffs designOnepole() {
  double p = std::exp(-2 * std::numbers::pi * kCutoff / kSampleRate);
  return {float(1 - p), float(p)};
}

struct BiquadCoeffs {
  float b0, b1, b2, a1, a2;
};

// The RBJ cookbook lowpass in double, normalized by a0, rounded to float.
BiquadCoeffs designLowpass() {
  double w0 = 2 * std::numbers::pi * kCutoff / kSampleRate;
  double cw = std::cos(w0);
  double alpha = std::sin(w0) / (2 * kQ);
  double a0 = 1 + alpha;
  return {float((1 - cw) / 2 / a0), float((1 - cw) / a0), float((1 - cw) / 2 / a0),
          float(-2 * cw / a0), float((1 - alpha) / a0)};
}

// Designed once, before any timing (static initialization).
const OnepoleCoeffs kOnepole = designOnepole();
const BiquadCoeffs kBiquad = designLowpass();

} // namespace

void affineChainHandWritten(const float *__restrict in, float *__restrict out, int64_t len) {
  for (int64_t i = 0; i < len; ++i) {
    float v = in[i] * 0.5f;
    v = v + 1.0f;
    v = v * 2.0f;
    out[i] = v + -0.5f;
  }
}

void chain50HandWritten(const float *__restrict in, float *__restrict out, int64_t len) {
  for (int64_t i = 0; i < len; ++i)
    out[i] = applyChain(in[i], std::make_index_sequence<kChainLength>());
}

void onepoleHandWritten(const float *__restrict in, float *__restrict out, int64_t len) {
  const float a = kOnepole.gain, c = kOnepole.pole;
  float y1 = 0;
  for (int64_t i = 0; i < len; ++i) {
    y1 = a * in[i] + c * y1;
    out[i] = y1;
  }
}

// The loop shape of the jit-f32x4 kernel (lib/codegen): four samples per
// iteration, each lane's recurrence step in turn, the lanes gathered with
// inserts and stored as one vector. It computes exactly what
// onepoleHandWritten does; only the shape differs, which is what this row
// measures (docs/performance.md, one-pole).
void onepoleUnrolledHandWritten(const float *__restrict in, float *__restrict out, int64_t len) {
  const __m128 a = _mm_set_ss(kOnepole.gain), c = _mm_set_ss(kOnepole.pole);
  __m128 y = _mm_setzero_ps();
  auto step = [&](__m128 previous, const float *x) {
    return _mm_add_ss(_mm_mul_ss(a, _mm_load_ss(x)), _mm_mul_ss(c, previous));
  };
  int64_t i = 0;
  for (; i + 4 <= len; i += 4) {
    __m128 y0 = step(y, in + i), y1 = step(y0, in + i + 1);
    __m128 y2 = step(y1, in + i + 2), y3 = step(y2, in + i + 3);
    __m128 lanes = _mm_insert_ps(_mm_insert_ps(_mm_insert_ps(y0, y1, 0x10), y2, 0x20), y3, 0x30);
    _mm_storeu_ps(out + i, lanes);
    y = y3;
  }
  for (; i < len; ++i) {
    y = step(y, in + i);
    out[i] = _mm_cvtss_f32(y);
  }
}

void biquadHandWritten(const float *__restrict in, float *__restrict out, int64_t len) {
  const BiquadCoeffs k = kBiquad;
  float z1 = 0, z2 = 0;
  for (int64_t i = 0; i < len; ++i) {
    float x = in[i];
    float y = k.b0 * x + z1;
    z1 = k.b1 * x - k.a1 * y + z2;
    z2 = k.b2 * x - k.a2 * y;
    out[i] = y;
  }
}

void copyHandWritten(const float *in, float *out, int64_t len) {
  std::memcpy(out, in, size_t(len) * sizeof(float));
}

} // namespace resin::bench
