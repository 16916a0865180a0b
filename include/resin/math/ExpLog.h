// exp and ln in two accuracy levels (docs/reference/field-language.md, "Math contract"), plus the
// double-lane cores that Tanh.h and Pow.h reuse.
//
// exp: k = round(x / ln2), r = x - k ln2 (Cody-Waite, |r| <= ln2/2), e^r =
// 1 + expm1(r) with a minimax expm1 polynomial (so tanh can share it), then
// scale by 2^k. Precise: double lanes, degree-9 polynomial (2^-43.3 relative),
// scaleByPow2 and one rounding to float, which also rounds subnormal results
// correctly. Fast: float lanes, degree-7 polynomial (2^-31), 2^k applied as two
// float factors 2^floor(k/2) * 2^(k - floor(k/2)) so subnormal results are
// rounded once and overflow reaches +inf naturally.
//
// ln: x = m 2^e with m in [sqrt(1/2), sqrt(2)) read from the bits (subnormals
// are first scaled by 2^23), f = m - 1 (exact), s = f / (2 + f) and
// ln(1 + f) = 2 atanh(s) = 2s + s z P(z) with z = s^2 <= 0.0295, plus e ln2.
// Precise: in double lanes, P of degree 5 (2^-52 relative), one rounding.
// Fast: in float lanes, P of degree 2 (2^-30); the leading terms are kept
// exact via ln(1+f) = f - f^2/2 + s (f^2/2 + z P(z)), so the division's
// rounding only touches a small correction term.
#pragma once

#include "resin/math/MathDetail.h"

namespace resin::math {
namespace detail {

inline constexpr double kLog2eD = 1.4426950408889634;
inline constexpr float kLog2eF = 1.44269502f;
// ln2 = hi + lo. Double hi has 44 bits (k * hi exact for |k| < 2^9); float hi
// has 15 bits (exact for |k| < 2^9 as well).
inline constexpr double kLn2HiD = 0.6931471805599472;
inline constexpr double kLn2LoD = -1.8641886737243033e-15;
inline constexpr float kLn2HiF = 0.693145752f;
inline constexpr float kLn2LoF = 1.42860677e-06f;
inline constexpr double kLn2D = 0.69314718055994531;

// expm1 r = r + r^2 P(r), |r| <= 0.3467.
inline constexpr double kExpm1D[] = {0.4999999999976971,    0.16666666666561963,
                                     0.04166666691412353,   0.008333333423389534,
                                     0.001388881714211181,  0.0001984107388365663,
                                     2.487862238635511e-05, 2.7697617452190476e-06}; // 2^-43.3
inline constexpr float kExpm1F[] = {0.5f,          0.166666657f,   0.0416664667f,
                                    0.0083336439f, 0.00139350328f, 0.000196618086f}; // 2^-31.0

// 2 atanh s = 2s + s z P(z), z = s^2 <= 0.02944.
inline constexpr double kLnD[] = {0.6666666666658745,  0.4000000005216273,
                                  0.2857141714659686,  0.22223370573255136,
                                  0.18123675820497298, 0.16819451693514567}; // 2^-52.2
inline constexpr double kLnShortD[] = {0.6666666564822998, 0.40000334637229296, 0.28537339949652124,
                                       0.23581614000586684};                // 2^-37.6 (pow fast)
inline constexpr float kLnF[] = {0.666667759f, 0.399775863f, 0.298706949f}; // 2^-30.2

// expm1 r for |r| <= 0.3467: 17 ops (double), 13 ops (float).
template <class D> D expm1PolyD(D r) {
  return r + (r * r) * horner(r, kExpm1D);
}
template <class F> F expm1PolyF(F r) {
  return r + (r * r) * horner(r, kExpm1F);
}

// e^w in double lanes for w in [-745, 709] (callers clamp) and a finite k:
// 25 ops. r = (w - k hi) - k lo loses nothing that matters: k hi is exact.
template <class D> D expCoreD(D w) {
  D k = vrint(w * kLog2eD);
  D r = (w - k * kLn2HiD) - k * kLn2LoD;
  return scaleByPow2(1.0 + expm1PolyD(r), k);
}

// p 2^k in float lanes, k integral in [-252, 254], p in [0.7, 1.5]: one
// rounding even for subnormal results (p 2^floor(k/2) is normal). 11 ops.
template <class F> F scaleByPow2F(F p, F k) {
  F k1 = vfloor(k * 0.5f);
  return (p * pow2F(k1)) * pow2F(k - k1);
}

// x = m 2^e with m in [sqrt(1/2), sqrt(2)) for positive finite x, subnormals
// included: 10 ops. Other inputs give finite garbage (callers select).
template <class F> struct LogSplit { F e, m; };
template <class F> LogSplit<F> splitLog(F x) {
  auto sub = x < 1.17549435e-38f;
  F xs = select(sub, x * 8388608.0f, x); // 2^23: subnormals become normal
  // Adding 1 - sqrt(1/2) in bits moves mantissas >= sqrt(2) into the next
  // exponent; the remaining bits rebased on sqrt(1/2) give m.
  auto ix = bitsOf(xs) + 0x004afb0du;
  F e = toFloat(ix >> 23u) - 127.0f;
  e = select(sub, e - 23.0f, e);
  F m = floatFromBits((ix & 0x007fffffu) + 0x3f3504f3u);
  return {e, m};
}

// ln x in double lanes for positive finite float x: 28 ops, one double
// division. C picks the polynomial (kLnD: 2^-52, kLnShortD: 2^-37.6).
template <class F, class C, std::size_t N> WideOf<F> lnCoreD(F x, const C (&poly)[N]) {
  using D = WideOf<F>;
  LogSplit<F> sp = splitLog(x);
  D f = widen(sp.m) - 1.0; // exact
  D s = f / (f + 2.0);
  D z = s * s;
  return widen(sp.e) * kLn2D + (s * 2.0 + (s * z) * horner(z, poly));
}

// ln's special values on top of a result computed for positive finite x:
// +-0 -> -inf, +inf -> +inf, x < 0 and NaN -> NaN. 7 ops.
template <class F> F lnSpecials(F x, F y) {
  y = select(x == kInf, kInf, y);
  y = select(x == 0.0f, -kInf, y);
  return select(!(x >= 0.0f), kNaN, y);
}

} // namespace detail

// Precise exp: ~35 ops (4 clamp + 2 NaN in float, the rest in double).
template <class F> F expPrecise(F x) {
  // Outside [-104, 89] the float result is 0 or +inf anyway; the clamp keeps
  // k in scaleByPow2's range and sends NaN to a finite value, fixed at the end.
  F a = select(x < 89.0f, x, 89.0f);
  a = select(a > -104.0f, a, -104.0f);
  F y = narrow(detail::expCoreD(widen(a)));
  return select(x != x, x, y);
}

// Fast exp: ~35 float ops.
template <class F> F expFast(F x) {
  F a = select(x < 89.0f, x, 89.0f);
  a = select(a > -104.0f, a, -104.0f);
  F k = vrint(a * detail::kLog2eF);
  F r = (a - k * detail::kLn2HiF) - k * detail::kLn2LoF; // first step exact
  F y = detail::scaleByPow2F(1.0f + detail::expm1PolyF(r), k);
  return select(x != x, x, y);
}

// Precise ln: ~36 ops, one double division.
template <class F> F lnPrecise(F x) {
  return detail::lnSpecials(x, narrow(detail::lnCoreD(x, detail::kLnD)));
}

// Fast ln: ~33 float ops, one float division.
template <class F> F lnFast(F x) {
  detail::LogSplit<F> sp = detail::splitLog(x);
  F f = sp.m - 1.0f; // exact (Sterbenz)
  F s = f / (f + 2.0f);
  F z = s * s;
  F hfsq = 0.5f * (f * f);
  F l1p = f - (hfsq - s * (hfsq + z * detail::horner(z, detail::kLnF)));
  // e ln2hi is exact; the small parts are added first.
  F y = sp.e * detail::kLn2HiF + (sp.e * detail::kLn2LoF + l1p);
  return detail::lnSpecials(x, y);
}

} // namespace resin::math
