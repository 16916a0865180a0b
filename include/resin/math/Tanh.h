// tanh in two accuracy levels (docs/reference/field-language.md, "Math contract").
//
// tanh |x| = E / (E + 2) with E = expm1(2|x|) has no cancellation anywhere
// (unlike 1 - 2 / (e^2x + 1) near 0), so one formula covers the whole range.
// E = 2^k expm1(r) + (2^k - 1) with the expm1 polynomial of ExpLog.h; the
// sign is copied from x (tanh(-0) = -0). |x| is clamped to 9.5 (precise) /
// 9 (fast), beyond which tanh rounds to 1, and NaN is passed through at the end.
// Precise runs in double lanes and rounds once. Fast runs in float lanes:
// 2^k expm1(r) is exact and 2^k - 1 too, so E has one rounding; tiny |x|
// (< 2^-12, where tanh x rounds to x) returns x directly.
#pragma once

#include "resin/math/ExpLog.h"

namespace resin::math {

// Precise tanh: ~37 ops, one double division.
template <class F> F tanhPrecise(F x) {
  using D = WideOf<F>;
  F a = vabs(x);
  a = select(a < 9.5f, a, 9.5f); // NaN -> 9.5 too, restored below
  D y = widen(a);
  y = y + y;
  D k = vrint(y * detail::kLog2eD); // 0..28
  D r = (y - k * detail::kLn2HiD) - k * detail::kLn2LoD;
  D q = detail::expm1PolyD(r);
  // For k >= 1, E >= 0.41 and 2^k (1 + q) - 1 loses nothing that matters.
  D e = select(k == 0.0, q, scaleByPow2(q + 1.0, k) - 1.0);
  F t = narrow(e / (e + 2.0));
  return select(x != x, x, detail::orSignOf(t, x));
}

// Fast tanh: ~35 float ops, one float division.
template <class F> F tanhFast(F x) {
  F a = vabs(x);
  F ac = select(a < 9.0f, a, 9.0f);
  F y = ac + ac;
  F k = vrint(y * detail::kLog2eF); // 0..26
  F r = (y - k * detail::kLn2HiF) - k * detail::kLn2LoF;
  F s = detail::pow2F(k);
  F e = s * detail::expm1PolyF(r) + (s - 1.0f);
  F t = e / (e + 2.0f);
  t = select(a < 0.000244140625f, a, t); // 2^-12
  return select(x != x, x, detail::orSignOf(t, x));
}

} // namespace resin::math
