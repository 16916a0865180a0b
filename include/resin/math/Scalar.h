// The value vocabulary that math/ and noise/ templates are written in, and its
// scalar instantiation (docs/architecture.md, "Math written once").
//
// A template such as `template <class F> F sinPrecise(F x)` may only use:
//   F (float lanes):   + - * / between F values and with float literals, unary -,
//                      comparisons < <= > >= == != giving a mask M;
//   D (double lanes):  the same with double literals, D = WideOf<F>;
//   U (uint32 lanes):  + - * (wrapping) & | ^ << >> (logical) with unsigned
//                      literals, comparisons giving M, U = UintOf<F>;
//   M (masks):         && || ! ;
// and these free functions (the JIT's IR-building value type provides the same
// names, so one template gives both the interpreter and the compiled code):
//   select(M, a, b) for a, b in F, D, U; either may be a literal (the mask
//     gives the lane count)               vfloor vceil vtrunc vrint (ties to even)
//   vabs vsqrt (IEEE) for F and D         bitsOf(F) -> U, floatFromBits(U) -> F
//   vfma(F, F, F): a*b + c with one rounding (b, c or both may be float
//     literals); the fma op and the float sin/cos/tan use it
//   toFloat(U) -> F (U < 2^31)            toUint(F) -> U (truncates; F in [0, 2^31),
//                                                          anything else gives 0)
//   widen(F) -> D, narrow(D) -> F (round to nearest)
//   scaleByPow2(D p, D k) -> p * 2^k for integral k in [-1022, 1023], exact
//   lookup(table, U i) -> U: table[i] for a constant uint8 table (a gather
//     or byte permutes in the JIT)
//   gather(samples, U i) -> F: samples[i] for a float array the template is
//     given (an image's samples; i is below its size)
//
// Every operation is one IEEE operation in round-to-nearest: no contraction
// into fused multiply-add (CMake passes -ffp-contract=off) and no reassociation,
// so the interpreter and the JIT round identically. Code is evaluated in the
// order written; keep it that way when editing.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <span>
#include <utility>

namespace resin::math {

inline double widen(float x) {
  return double(x);
}
inline float narrow(double x) {
  return float(x);
}

inline uint32_t bitsOf(float x) {
  uint32_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  return bits;
}
inline float floatFromBits(uint32_t bits) {
  float x;
  std::memcpy(&x, &bits, sizeof x);
  return x;
}

inline float toFloat(uint32_t u) {
  return float(int32_t(u));
}
inline uint32_t toUint(float x) {
  // Outside [0, 2^31), NaN included, gives 0, as the JIT's lowering does.
  return x >= 0.0f && x < 2147483648.0f ? uint32_t(int32_t(x)) : 0u;
}

inline float select(bool m, float a, float b) {
  return m ? a : b;
}
inline double select(bool m, double a, double b) {
  return m ? a : b;
}
inline uint32_t select(bool m, uint32_t a, uint32_t b) {
  return m ? a : b;
}

inline float vfloor(float x) {
  return std::floor(x);
}
inline float vceil(float x) {
  return std::ceil(x);
}
inline float vtrunc(float x) {
  return std::trunc(x);
}
inline float vrint(float x) {
  return std::nearbyint(x);
}
inline float vabs(float x) {
  return std::fabs(x);
}
inline float vsqrt(float x) {
  return std::sqrt(x);
}
inline double vfloor(double x) {
  return std::floor(x);
}
inline double vceil(double x) {
  return std::ceil(x);
}
inline double vtrunc(double x) {
  return std::trunc(x);
}
inline double vrint(double x) {
  return std::nearbyint(x);
}
inline double vabs(double x) {
  return std::fabs(x);
}
inline double vsqrt(double x) {
  return std::sqrt(x);
}

/// a*b + c with one rounding (IEEE fusedMultiplyAdd, a real fma wherever
/// std::fma runs). The `fma` op uses it, and so do the float sin, cos and tan
/// (Trig.h): a fused operation inside an approximation is part of its
/// definition, the same in every engine; graph arithmetic is never contracted.
inline float vfma(float a, float b, float c) {
  return std::fma(a, b, c);
}

inline double scaleByPow2(double p, double k) {
  return std::ldexp(p, int(k));
}

inline uint32_t lookup(std::span<const uint8_t> table, uint32_t i) {
  return table[i];
}

inline float gather(std::span<const float> samples, uint32_t i) {
  return samples[i];
}

// The lane types that go with F, found by the same overloads.
template <class F> using WideOf = decltype(widen(std::declval<F>()));
template <class F> using UintOf = decltype(bitsOf(std::declval<F>()));
template <class F> using MaskOf = decltype(std::declval<F>() < std::declval<F>());

} // namespace resin::math
