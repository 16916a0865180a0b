// pow in two accuracy levels (docs/reference/field-language.md, "Math contract"), with the special
// cases of C99 Annex F powf.
//
// |x|^y = exp(y ln|x|). The product w = y ln|x| reaches ~104 in magnitude for
// finite non-zero results, so an absolute error of 2^-30 in w is already 2^-6
// ULP: ln|x| and w are therefore computed in double lanes (ExpLog.h's lnCoreD),
// then reduced for exp in double. Precise finishes exp in double (one
// rounding). Fast uses the shorter ln polynomial (2^-37.6), narrows the
// reduced r to float and finishes exp with the float polynomial and scaling.
//
// Special values fall out of the core where possible: ln 0 = -inf and
// ln inf = +inf make w = +-inf, which the clamp of w turns into inf or 0;
// w is forced to 0 when y = 0 or |x| = 1 (pow(x, +-0) = 1 for any x,
// pow(1, y) = 1 for any y, pow(-1, +-inf) = 1). The sign comes from the sign
// bit of x when y is an odd integer (so pow(-0, -3) = -inf), and finite x < 0
// with non-integer y, or a NaN operand not covered above, gives NaN.
#pragma once

#include "resin/math/ExpLog.h"

namespace resin::math {
namespace detail {

// y ln|x| in double lanes with the limits described above. ~38 ops.
template <class F, class C, std::size_t N> WideOf<F> powLogProduct(F ax, F y, const C (&poly)[N]) {
  using D = WideOf<F>;
  D l = lnCoreD(ax, poly);
  l = select(ax == 0.0f, -kInfD, l);
  l = select(ax == kInf, kInfD, l);
  D w = widen(y) * l;
  return select(y == 0.0f || ax == 1.0f, 0.0, w);
}

// The sign and NaN rules on top of r = |x|^y. ~16 ops.
template <class F> F powSpecials(F x, F y, F r) {
  auto yInt = vtrunc(y) == y; // +-inf count as even integers
  F h = y * 0.5f;
  auto yOdd = yInt && vtrunc(h) != h;
  auto xNeg = bitsOf(x) > 0x7fffffffu; // includes -0
  r = select(xNeg && yOdd, -r, r);
  auto nan = x != x || y != y || (x < 0.0f && x > -kInf && !yInt);
  r = select(nan, kNaN, r);
  return select(y == 0.0f || x == 1.0f, 1.0f, r);
}

} // namespace detail

// Precise pow: ~90 ops, one double division.
template <class F> F powPrecise(F x, F y) {
  using D = WideOf<F>;
  D w = detail::powLogProduct(vabs(x), y, detail::kLnD);
  // Beyond +-200 the float result is inf or 0; the clamp also maps NaN to a
  // finite value (NaN is restored by powSpecials).
  w = select(w < 200.0, w, 200.0);
  w = select(w > -200.0, w, -200.0);
  return detail::powSpecials(x, y, narrow(detail::expCoreD(w)));
}

// Fast pow: ~80 ops (double for the log and the exp reduction), one double
// division.
template <class F> F powFast(F x, F y) {
  using D = WideOf<F>;
  D w = detail::powLogProduct(vabs(x), y, detail::kLnShortD);
  w = select(w < 90.0, w, 90.0);
  w = select(w > -110.0, w, -110.0);
  D k = vrint(w * detail::kLog2eD);
  F r = narrow((w - k * detail::kLn2HiD) - k * detail::kLn2LoD);
  F p = 1.0f + detail::expm1PolyF(r);
  return detail::powSpecials(x, y, detail::scaleByPow2F(p, narrow(k)));
}

} // namespace resin::math
