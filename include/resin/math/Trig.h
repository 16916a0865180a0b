// sin, cos, tan in two accuracy levels (field.md, "Math contract").
//
// Both levels reduce x by multiples m of pi/2 with Cody-Waite (pi/2 split into
// parts short enough that m * part is exact), then evaluate a minimax
// polynomial (coefficients from test/math/fit_coeffs.py):
//   sin:  m = 2 round(x/pi),      r in [-pi/2, pi/2],  sin x = (-1)^k sin r
//   cos:  m = 2 floor(x/pi) + 1,  r in [-pi/2, pi/2],  cos x = -(-1)^k sin r
//   tan:  m = round(2x/pi),       r in [-pi/4, pi/4],  tan x = s/c or -c/s
// so sin and cos share one odd polynomial and need no second (cos) one.
//
// The closest float to a multiple of pi/2 below 1e5 is 252.898209, with
// |r| = 2^-27.8; keeping r to ~2^-24 relative there needs pi/2 to ~2^-70
// over m's range. Precise works in double lanes (3 parts of <= 37 bits, exact
// products for |m| < 2^16, i.e. |x| <= 1e5), and its polynomial is accurate
// to 2^-43 relative, so the single final rounding to float gives <= 0.5 ULP
// plus a hair. Fast works in float lanes (5 parts of <= 11 bits, exact
// products for |m| < 2^13, i.e. |x| <= 1e4) with a degree-9 polynomial.
// Beyond those ranges the reduced r degrades; it is clamped to |r| <= 2 so the
// result stays finite and within [-1, 1] (and NaN stays NaN).
#pragma once

#include "resin/math/MathDetail.h"

namespace resin::math {
namespace detail {

inline constexpr double kInvPiD = 0.31830988618379067;
inline constexpr double kTwoOverPiD = 0.63661977236758134;
inline constexpr float kInvPiF = 0.318309886f;
inline constexpr float kTwoOverPiF = 0.636619747f;

// sin r = r (1 + z P(z)), z = r^2, |r| <= pi/2 + 0.002: relative error 2^-43.7.
inline constexpr double kSinHalfD[] = {-0.16666666666502056,    0.008333333320927571,
                                       -0.00019841266697427282, 2.75569502772071e-06,
                                       -2.5030084501998315e-08, 1.5407877563350237e-10};
// Same in float, |r| <= pi/2 + 0.002: relative error 2^-27.2 before rounding.
inline constexpr float kSinHalfF[] = {-0.166666597f, 0.00833306834f, -0.000198096648f,
                                      2.6057769e-06f};
// tan needs sin and cos on |r| <= pi/4 + 0.002 only.
inline constexpr double kSinQuarterD[] = {-0.1666666666662941, 0.008333333324907457,
                                          -0.0001984126363441833, 2.755531939774873e-06,
                                          -2.4758969419169875e-08}; // 2^-47.5
// cos r = 1 + z (-1/2 + z P(z)).
inline constexpr double kCosQuarterD[] = {-0.5, 0.04166666661850484, -0.0013888883416030378,
                                          2.479943815800202e-05,
                                          -2.7203947514515487e-07}; // 2^-42.9
// tan r = r + r z P(z) in float, |r| <= pi/4 + 0.002: relative error 2^-29.5.
inline constexpr float kTanQuarterF[] = {0.333333492f,  0.133326679f,  0.0540602431f,
                                         0.0212776363f, 0.0108529842f, 6.2488929e-05f,
                                         0.00439173449f};

// x - m pi/2 in double lanes: 6 ops. The first two parts have <= 37 bits, so
// m * part is exact for |m| < 2^16 and x - m * part1 is exact for |x| >= 1
// (both are multiples of 2^-36 below 2); the third part carries pi/2 to 2^-127.
template <class D> D reducePio2D(D x, D m) {
  D r = x - m * 1.5707963267923333;
  r = r - m * 2.5633441515839558e-12;
  return r - m * 1.0562999066987428e-23;
}

// x - m pi/2 in float lanes: 13 ops. Parts of <= 11 bits make m * part exact
// for |m| < 2^13 and the first two subtractions exact. The third subtraction
// rounds when |r| is large; its error is recovered exactly (Fast2Sum: where
// r2 - p is inexact, |r2| >= |p|) and joins the tail, so r gets one rounding
// in total. Five parts carry pi/2 to ~2^-73, which the worst case
// |r| = 2^-27.8 at m ~ 2^13 needs.
template <class F> F reducePio2F(F x, F m) {
  F r = x - m * 1.5703125f;
  r = r - m * 0.000483751297f;
  F p = m * 7.54953362e-08f;
  F hi = r - p;
  F lo = ((r - hi) - p) - m * 2.56328292e-12f;
  lo = lo - m * 6.12323426e-17f;
  return hi + lo;
}

// sin r for |r| <= pi/2 in double: 15 ops. The product form r (1 + z P)
// keeps sin(-0) = -0; in double its two roundings cost nothing visible.
template <class D> D sinPolyD(D r) {
  D z = r * r;
  return r * (1.0 + z * horner(z, kSinHalfD));
}

// sin r for |r| <= pi/2 in float: 12 ops. The additive form r + r z P
// rounds less than r (1 + z P) near r = +-pi/2 but turns sin(-0) into +0,
// which the callers repair.
template <class F> F sinPolyF(F r) {
  F z = r * r;
  return r + (r * z) * horner(z, kSinHalfF);
}

} // namespace detail

// Precise sin: ~31 ops, all but the sign flip in double lanes.
template <class F> F sinPrecise(F x) {
  using D = WideOf<F>;
  D xd = widen(x);
  D k = vrint(xd * detail::kInvPiD) + 0.0; // -0 -> +0 keeps sin(-0) = -0
  D r = detail::reducePio2D(xd, k + k);
  r = select(vabs(r) > 2.0, 0.0, r); // only |x| > ~2^50 gets here
  F s = narrow(detail::sinPolyD(r));
  return select(detail::isOddD(k), -s, s);
}

// Precise cos: ~31 ops (sin's plus the odd m).
template <class F> F cosPrecise(F x) {
  using D = WideOf<F>;
  D xd = widen(x);
  D k = vfloor(xd * detail::kInvPiD);
  D r = detail::reducePio2D(xd, k + k + 1.0);
  r = select(vabs(r) > 2.0, 0.0, r);
  F s = narrow(detail::sinPolyD(r));
  return select(detail::isOddD(k), s, -s);
}

// Precise tan: ~46 ops and one double division. sin and cos of r on
// [-pi/4, pi/4] are both well conditioned; odd m swaps them (-c/s).
template <class F> F tanPrecise(F x) {
  using D = WideOf<F>;
  D xd = widen(x);
  D k = vrint(xd * detail::kTwoOverPiD) + 0.0; // -0 -> +0 keeps tan(-0) = -0
  D r = detail::reducePio2D(xd, k);
  r = select(vabs(r) > 1.0, 0.5, r); // garbage from |x| > ~2^50: keep finite
  D z = r * r;
  D s = r * (1.0 + z * detail::horner(z, detail::kSinQuarterD));
  D c = 1.0 + z * detail::horner(z, detail::kCosQuarterD);
  auto odd = detail::isOddD(k);
  return narrow(select(odd, -c, s) / select(odd, s, c));
}

// Fast sin: ~32 float ops.
template <class F> F sinFast(F x) {
  F k = vrint(x * detail::kInvPiF);
  F r = detail::reducePio2F(x, k + k);
  r = select(vabs(r) > 2.0f, 0.0f, r); // only |x| > ~2^25 gets here
  F s = detail::sinPolyF(r);
  s = select(x == 0.0f, x, s); // sin(-0) = -0 (the reduction gives +0)
  return select(detail::isOddF(k), -s, s);
}

// Fast cos: ~31 float ops.
template <class F> F cosFast(F x) {
  F k = vfloor(x * detail::kInvPiF);
  F r = detail::reducePio2F(x, k + k + 1.0f);
  r = select(vabs(r) > 2.0f, 0.0f, r);
  F s = detail::sinPolyF(r);
  return select(detail::isOddF(k), s, -s);
}

// Fast tan: ~38 float ops and one float division. A direct tan polynomial
// (all coefficients positive, so tan(-0) = -0) is more accurate than s/c in
// float; odd m gives -1/t.
template <class F> F tanFast(F x) {
  F k = vrint(x * detail::kTwoOverPiF);
  F r = detail::reducePio2F(x, k);
  r = select(vabs(r) > 1.0f, 0.5f, r);
  F z = r * r;
  F t = r + (r * z) * detail::horner(z, detail::kTanQuarterF);
  t = select(x == 0.0f, x, t); // tan(-0) = -0 (the reduction gives +0)
  auto odd = detail::isOddF(k);
  return select(odd, -1.0f, t) / select(odd, t, 1.0f);
}

} // namespace resin::math
