// Small building blocks shared by the approximations in Trig.h, ExpLog.h,
// Tanh.h and Pow.h. Everything here is written in the vocabulary of Scalar.h,
// so it instantiates for float (the interpreter) and for the JIT's lanes.
#pragma once

#include <cstddef>
#include <limits>

#include "resin/math/Scalar.h"

namespace resin::math::detail {

inline constexpr float kInf = std::numeric_limits<float>::infinity();
inline constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
inline constexpr double kInfD = std::numeric_limits<double>::infinity();

// c[0] + c[1] z + ... + c[N-1] z^(N-1) by Horner's rule from the top:
// N-1 multiplies and N-1 adds. C is float for F lanes and double for D lanes,
// so every operation stays in the lane type. The loop runs over constants.
template <class T, class C, std::size_t N> T horner(T z, const C (&c)[N]) {
  static_assert(N >= 2);
  T p = z * c[N - 1] + c[N - 2];
  for (std::size_t i = N - 2; i-- > 0;)
    p = p * z + c[i];
  return p;
}

// The same with a fused multiply-add per step (N-1 fmas, N-1 roundings): for
// F lanes with float coefficients, where vfma is one instruction.
template <class T, class C, std::size_t N> T hornerFma(T z, const C (&c)[N]) {
  static_assert(N >= 2);
  T p = vfma(z, c[N - 1], c[N - 2]);
  for (std::size_t i = N - 2; i-- > 0;)
    p = vfma(p, z, c[i]);
  return p;
}

// 2^k as a float for integral k in [-126, 127]: the exponent field built from
// bits (3 ops: add, convert, shift).
template <class F> F pow2F(F k) {
  return floatFromBits(toUint(k + 127.0f) << 23u);
}

// Mask of the lanes whose integral value k is odd (3 ops). For |k| >= 2^24
// every float is even, which keeps huge arguments harmless.
template <class F> auto isOddF(F k) {
  F h = k * 0.5f;
  return vfloor(h) != h;
}
template <class D> auto isOddD(D k) {
  D h = k * 0.5;
  return vfloor(h) != h;
}

// x with the sign bit of s (3 ops); for x >= 0 (or NaN) only.
template <class F> F orSignOf(F x, F s) {
  return floatFromBits(bitsOf(x) | (bitsOf(s) & 0x80000000u));
}

} // namespace resin::math::detail
