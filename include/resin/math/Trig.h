// sin, cos, tan in two accuracy levels (docs/reference/field-language.md, "Math contract").
//
// Every level reduces x by a multiple of pi/2 (or pi) with Cody-Waite, the
// constant split into floats of 24 bits, and evaluates minimax polynomials
// (coefficients from test/math/fit_coeffs.py). sin and cos (both levels) and
// fast tan stay in float lanes and use fused multiply-adds (vfma: one
// rounding in the interpreter's std::fma and in the JIT's llvm.fma alike);
// precise tan works in double lanes.
//
// The multiple comes from the "round by adding 1.5 * 2^23" trick:
// qt = fma(v, c, 1.5 * 2^23) rounds v c to an integer q (ties to even) for
// |v c| < 2^22, q = qt - 1.5 * 2^23 exactly, and the low mantissa bits of qt
// are q's low bits (two's complement), which pick the polynomial and sign.
// The first reduction step fma(-q, C0, x) is exact (both terms are multiples
// of C0's last bit and the difference fits in 24 bits); the later parts make
// the constant good to ~2^-72, which the hardest float below 1e5, 252.898209
// (|r| = 2^-27.8 from a multiple of pi/2), needs.
//
// Precise sin/cos (<= 1 ULP for |x| <= 1e5; measured max 0.740 / 0.748 over
// every float there, test/math/sweep_all.cpp with stride 1): q = round(2|x|/pi),
// r = |x| - q pi/2 in [-pi/4, pi/4] kept as hi + lo with the rounding errors
// of the reduction recovered exactly (Fast2Sum, and an fma for the product's
// error); then sin r = hi + (hi^3 S(hi^2) + lo h) and
// cos r = h + (e + hi^4 C(hi^2) - lo hi) with h + e = 1 - hi^2/2 exactly,
// so only the last addition rounds a term larger than ~1/8 of the result:
// 0.5 ULP from it, ~0.15 from the small term, 0.07 from S. q mod 4 picks sin
// or cos of r and the sign; sin takes x's sign, so sin(-0) = -0. Where
// |x| > 2^21 the result is |x| - |x| (0, or NaN for inf), so results are
// finite and in [-1, 1] everywhere.
//
// Fast sin/cos (<= 4 ULP for |x| <= 1e4; measured max 2.18 / 2.19 over every
// float there): k = round(x/pi) (cos: the odd multiple m = 2k + 1 of pi/2
// nearest 2x/pi), r in [-pi/2, pi/2] by three fmas (one rounding each after
// the exact first), sin r = r (1 + z P(z)) with z = r^2 (the product form
// keeps sin(-0) = -0), sign from k's parity. z is clamped to 4, so |x|
// beyond ~2^25, where r is no longer reduced, gives finite (not bounded)
// results.
//
// Fast tan (measured max 2.50 ULP): m = round(2x/pi), the same three-fma
// reduction by pi/2, a direct tan polynomial on [-pi/4, pi/4], -1/t for odd
// m. Precise tan (0.500): the 3-part double reduction, double sin and cos
// polynomials, one double division.
#pragma once

#include "resin/math/MathDetail.h"

namespace resin::math {
namespace detail {

inline constexpr float kInvPiF = 0.318309886f;
inline constexpr float kTwoOverPiF = 0.636619747f;
inline constexpr double kTwoOverPiD = 0.63661977236758134;
/// 1.5 * 2^23: v + kRoundMagic lands in [2^23, 2^24) for |v| < 2^22, where
/// floats are the integers.
inline constexpr float kRoundMagic = 12582912.0f;

// pi/2 and pi as sums of three floats, the first two of 24 bits, each part
// rounded down: all positive, so m = +0 keeps x = -0 through the fmas
// (-0 * part + -0 = -0).
inline constexpr float kPio2F[] = {1.57079625f, 7.54978942e-08f, 5.39030295e-15f};
inline constexpr float kPiF[] = {3.1415925f, 1.50995788e-07f, 1.07806059e-14f};

// sin r = r + r z S(z), z = r^2, |r| <= pi/4 + 0.006: relative error 2^-27.8
// (0.07 ULP at most; a fourth coefficient gains 0.02 ULP measured).
inline constexpr float kSinQuarterF[] = {-0.166666538f, 0.00833210628f, -0.000195078828f};
// cos r = 1 - z/2 + z^2 C(z), |r| <= pi/4 + 0.006: relative error 2^-32.8.
inline constexpr float kCosQuarterF[] = {0.0416666456f, -0.00138873013f, 2.44307503e-05f};
// sin r = r (1 + z P(z)), |r| <= pi/2 + 0.002: relative error 2^-27.2.
inline constexpr float kSinHalfF[] = {-0.166666597f, 0.00833306834f, -0.000198096648f,
                                      2.6057769e-06f};
// Precise tan in double: sin and cos on |r| <= pi/4 + 0.002.
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

// x - m pi/2 in double lanes (precise tan): 6 ops. The first two parts have
// <= 37 bits, so m * part is exact for |m| < 2^16 and x - m * part1 is exact
// for |x| >= 1; the third part carries pi/2 to 2^-127.
template <class D> D reducePio2D(D x, D m) {
  D r = x - m * 1.5707963267923333;
  r = r - m * 2.5633441515839558e-12;
  return r - m * 1.0562999066987428e-23;
}

/// x - m c for c = c[0] + c[1] + c[2] (pi/2 or pi) and integral m, 3 fmas.
/// The first is exact while |m| < 2^16 and |x - m c| stays below ~2 (x and
/// m c[0] are multiples of c[0]'s last bit, or Sterbenz for |x| < 2); each of
/// the others rounds once. A float within 2^-23 relative of a multiple of c
/// gets r to ~0.5 ULP: there the second step is exact too.
template <class F> F reduce3(F x, F m, const float (&c)[3]) {
  F r = vfma(-m, c[0], x);
  r = vfma(-m, c[1], r);
  return vfma(-m, c[2], r);
}

// sin r for |r| <= pi/2 + 0.002 (fast): 6 ops.
template <class F> F sinPolyF(F r) {
  F z = r * r;
  z = select(z > 4.0f, 4.0f, z); // only unreduced r (|x| > ~2^25): keeps the result finite
  return r * vfma(z, hornerFma(z, kSinHalfF), 1.0f);
}

/// sin r and cos r for the precise sin and cos, with the bits of the
/// quadrant q (low two bits: q mod 4) of the reduction r = a - q pi/2.
template <class F> struct SinCosQuadrant {
  F sin, cos;
  UintOf<F> q;
};

// The shared core of the precise sin and cos, for a = |x|: 30 ops.
template <class F> SinCosQuadrant<F> sinCosPrecise(F a) {
  F qt = vfma(a, kTwoOverPiF, kRoundMagic);
  F q = qt - kRoundMagic;
  // r = hi + lo. r1 is exact; hi = r1 - ph and (r1 - hi) - ph are exact
  // (Fast2Sum: r1 is a multiple of ph's last bit), and the fma subtracts the
  // rounding error of ph = q c1 with it, so lo has two tiny roundings.
  F r1 = vfma(-q, kPio2F[0], a);
  F ph = q * kPio2F[1];
  F hi = r1 - ph;
  F lo = vfma(-q, kPio2F[1], r1 - hi);
  lo = vfma(-q, kPio2F[2], lo);

  F z = hi * hi;
  // cos(hi + lo) = 1 - hi^2/2 + hi^4 C(hi^2) - lo sin(hi). h = fl(1 - hi^2/2)
  // and e, its error, exact (1 - h by Sterbenz, then one fma of exact terms).
  F mh = hi * -0.5f;
  F h = vfma(mh, hi, 1.0f);
  F e = vfma(mh, hi, 1.0f - h);
  F c = h + vfma(z * z, hornerFma(z, kCosQuarterF), vfma(-lo, hi, e));
  // sin(hi + lo) = hi + hi^3 S(hi^2) + lo cos(hi), cos hi ~ h.
  F s = hi + vfma(hi * z, hornerFma(z, kSinQuarterF), lo * h);
  // Beyond 2^21 q would leave the magic number's integer range (below it
  // |r| < 0.85, so results stay in [-1, 1]); inf - inf keeps NaN for inf.
  // Checked here, off the dependency chain: as a select on a before the
  // reduction it made the loop 17% slower.
  auto big = a > 2097152.0f;
  F out = a - a;
  return {select(big, out, s), select(big, out, c), bitsOf(qt)};
}

// sin r for even quadrant bits q, cos r for odd (2 ops); the sign of
// quadrants 2 and 3 is the caller's (bit 1 of q, shifted to the sign bit).
template <class F> F sinOrCos(const SinCosQuadrant<F> &v, UintOf<F> q) {
  return select((q & 1u) != 0u, v.cos, v.sin);
}

} // namespace detail

// Precise sin: ~36 float ops. sin x = sign(x) sin|x|; sin(|x|) is sin r, cos r,
// -sin r, -cos r for q mod 4 = 0, 1, 2, 3.
template <class F> F sinPrecise(F x) {
  auto v = detail::sinCosPrecise(vabs(x));
  F y = detail::sinOrCos(v, v.q);
  return floatFromBits(bitsOf(y) ^ (((v.q << 30u) ^ bitsOf(x)) & 0x80000000u));
}

// Precise cos: ~36 float ops. cos x = cos|x| = sin(|x| + pi/2): one quadrant on.
template <class F> F cosPrecise(F x) {
  auto v = detail::sinCosPrecise(vabs(x));
  auto q = v.q + 1u;
  F y = detail::sinOrCos(v, q);
  return floatFromBits(bitsOf(y) ^ ((q << 30u) & 0x80000000u));
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

// Fast sin: 13 float ops. sin(k pi + r) = (-1)^k sin r.
template <class F> F sinFast(F x) {
  F qt = vfma(x, detail::kInvPiF, detail::kRoundMagic);
  F k = qt - detail::kRoundMagic;
  F s = detail::sinPolyF(detail::reduce3(x, k, detail::kPiF));
  return floatFromBits(bitsOf(s) ^ (bitsOf(qt) << 31u));
}

// Fast cos: 15 float ops. With m = 2k + 1 the odd multiple of pi/2 nearest
// 2x/pi (k rounded from x/pi - 1/2: two roundings, which only moves r a
// hair past pi/2), cos(m pi/2 + r) = -(-1)^k sin r.
template <class F> F cosFast(F x) {
  F qt = vfma(x, detail::kInvPiF, -0.5f) + detail::kRoundMagic;
  F k = qt - detail::kRoundMagic;
  F s = detail::sinPolyF(detail::reduce3(x, vfma(k, 2.0f, 1.0f), detail::kPio2F));
  return floatFromBits(bitsOf(s) ^ ((bitsOf(qt) << 31u) ^ 0x80000000u));
}

// Fast tan: ~20 float ops and one float division. A direct tan polynomial
// (all coefficients positive, so tan(-0) = -0 through the fmas) is more
// accurate than s/c in float; odd m gives -1/t (|t| >= |r| > 0 where r is reduced).
template <class F> F tanFast(F x) {
  F qt = vfma(x, detail::kTwoOverPiF, detail::kRoundMagic);
  F r = detail::reduce3(x, qt - detail::kRoundMagic, detail::kPio2F);
  F z = r * r;
  z = select(z > 1.0f, 1.0f, z); // only unreduced r (|x| > ~2^24): keeps t finite
  F t = vfma(r * z, detail::hornerFma(z, detail::kTanQuarterF), r);
  auto odd = (bitsOf(qt) & 1u) != 0u;
  return select(odd, -1.0f, t) / select(odd, t, 1.0f);
}

} // namespace resin::math
