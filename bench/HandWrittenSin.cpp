// Hand-written sin over a buffer (see HandWritten.h): the loop a C++
// programmer writes when libm's scalar sinf is too slow, and glibc's sinf
// itself. Compiled -O3 -march=native -ffp-contract=off, no fast-math: GCC
// vectorizes sinPolyHandWritten's loop (the body is branch-free), while the
// sinf loop stays one libm call per sample.
#include "HandWritten.h"

#include <cmath>

namespace resin::bench {

namespace {

// pi/2 in three parts (Cody and Waite): the first two have few enough bits
// that k*part is exact for the k of |x| up to a few thousand, so the reduced
// argument keeps nearly all its bits.
constexpr float kPio2Hi = 1.5703125f;
constexpr float kPio2Mid = 4.837512969970703125e-4f;
constexpr float kPio2Lo = 7.54978995489188216e-8f;
constexpr float kTwoOverPi = 0.636619772f;

/// sin(x): r = x - k*pi/2 with k the nearest integer to x*2/pi, then sin(r)
/// or cos(r) by quadrant, with the sign of the upper half turn. The
/// polynomials are the classic single-precision minimax fits on [-pi/4, pi/4]
/// (odd for sin, even for cos), each in Horner form.
inline float sinPoly(float x) {
  float k = std::nearbyint(x * kTwoOverPi);
  float r = x - k * kPio2Hi;
  r = r - k * kPio2Mid;
  r = r - k * kPio2Lo;
  int quadrant = int(k);
  float r2 = r * r;
  float s = r + r * r2 * (-1.6666654611e-1f + r2 * (8.3321608736e-3f + r2 * -1.9515295891e-4f));
  float c =
      1.0f - 0.5f * r2 +
      r2 * r2 *
          (4.166664568298827e-2f + r2 * (-1.388731625493765e-3f + r2 * 2.443315711809948e-5f));
  float v = (quadrant & 1) ? c : s;
  return (quadrant & 2) ? -v : v;
}

} // namespace

void sinPolyHandWritten(const float *__restrict in, float *__restrict out, int64_t len) {
  for (int64_t i = 0; i < len; ++i)
    out[i] = sinPoly(in[i]);
}

void sinfGlibc(const float *__restrict in, float *__restrict out, int64_t len) {
  for (int64_t i = 0; i < len; ++i)
    out[i] = ::sinf(in[i]);
}

} // namespace resin::bench
