// simplex2 and simplex3 of field.md: Gustavson's simplex noise ("Simplex noise
// demystified", 2005) in float with field.md's seeded hash, branch-free over
// the value vocabulary of math/Scalar.h.
//
// Float operation order (docs/noise.md says the same), 2D:
//   s = (x+y)*F2; i = floor(x+s); j = floor(y+s); t = (i+j)*G2;
//   x0 = x - (i-t); y0 = y - (j-t);
//   x1 = (x0 - i1) + G2; x2 = (x0 - 1) + G2x2   (likewise y);
//   corner c: t = (0.5 - x*x) - y*y; n_c = t > 0 ? (t2*t2) * dot : 0 with t2 = t*t;
//   n = ((n0 + n1) + n2) * 70; result clamp((n*0.5) + 0.5, 0, 1).
// 3D the same with F3, G3, 0.6, four corners and 32.
//
// dot(g, d) = gx*dx + gy*dy (+ gz*dz) over Gustavson's 12 edge gradients is
// computed as the sum of its two nonzero signed terms: each gradient has two
// components of +-1 and one 0, so the terms are exact and the sum rounds once
// either way; the two forms can only differ in the sign of an exact zero,
// which the final +0.5 erases.
#pragma once

#include "resin/noise/Permutation.h"

namespace resin::noise {

namespace detail {

// Float constants, each the float nearest the real value.
inline constexpr float kF2 = 0x1.76cf5ep-2f; // (sqrt(3) - 1) / 2
inline constexpr float kG2 = 0x1.b0cb18p-3f; // (3 - sqrt(3)) / 6
inline constexpr float kG2x2 = 2.0f * kG2;   // 2*G2 folded in float (exact doubling)
inline constexpr float kF3 = 1.0f / 3.0f;    // 0x1.555556p-2
inline constexpr float kG3 = 1.0f / 6.0f;    // 0x1.555556p-3
inline constexpr float kG3x2 = 2.0f * kG3;   // 2*G3 folded in float (exact doubling)
inline constexpr float kG3x3 = 3.0f * kG3;   // 3*G3 folded in float: rounds to 0.5f
static_assert(kG3x3 == 0.5f);

/// dot(grad3[g].xy, (x, y)) for a gradient index g in 0..11. grad3 is
/// (+-1,+-1,0) for g 0..3, (+-1,0,+-1) for 4..7, (0,+-1,+-1) for 8..11 with
/// bit 0 of g negating the first nonzero component and bit 1 the second; in
/// 2D the z component is dropped, leaving x or y alone for g >= 4.
template <class F, class U> F simplexDot2(U g, F x, F y, F zero) {
  F a = flipSign(select(g < 8u, x, y), g << 31u);
  F b = select(g < 4u, flipSign(y, (g << 30u) & 0x80000000u), zero);
  return a + b;
}

/// dot(grad3[g], (x, y, z)) for g in 0..11, grad3 as in simplexDot2.
template <class F, class U> F simplexDot3(U g, F x, F y, F z) {
  F a = select(g < 8u, x, y);
  F b = select(g < 4u, y, z);
  return flipSign(a, g << 31u) + flipSign(b, (g << 30u) & 0x80000000u);
}

/// One 2D corner's contribution (t*t)*(t*t)*dot, or 0 where t <= 0 (also
/// where t is NaN, so non-finite input gives 0 contributions).
template <class F, class U> F simplexCorner2(U g, F x, F y, F zero) {
  F t = 0.5f - x * x - y * y;
  F t2 = t * t;
  F c = t2 * t2 * simplexDot2(g, x, y, zero);
  return select(t > 0.0f, c, zero);
}

template <class F, class U> F simplexCorner3(U g, F x, F y, F z, F zero) {
  F t = 0.6f - x * x - y * y - z * z;
  F t2 = t * t;
  F c = t2 * t2 * simplexDot3(g, x, y, z);
  return select(t > 0.0f, c, zero);
}

} // namespace detail

/// Gustavson's 2D simplex noise with field.md's seeded hash, in [0, 1].
template <class F> F simplex2(F x, F y, int32_t seed) {
  using U = math::UintOf<F>;
  using namespace detail;
  const uint32_t s = seedByte(seed);
  F zero = zeroLike(x);
  F one = zero + 1.0f;
  F sk = (x + y) * kF2;
  F i = vfloor(x + sk);
  F j = vfloor(y + sk);
  F t = (i + j) * kG2;
  F x0 = x - (i - t);
  F y0 = y - (j - t);
  // The middle corner steps along the larger of x0, y0.
  auto xFirst = x0 > y0;
  F i1 = select(xFirst, one, zero);
  F j1 = select(xFirst, zero, one);
  F x1 = x0 - i1 + kG2;
  F y1 = y0 - j1 + kG2;
  F x2 = x0 - 1.0f + kG2x2;
  F y2 = y0 - 1.0f + kG2x2;
  // Gradient indices h2(i + a, j + b) % 12; the last lookup applies the % 12.
  U is = latticeByte(i) + s;
  U js = latticeByte(j) + s;
  U g0 = lookup(kHashMod12, lookup(kHash, is) + js);
  U g1 = lookup(kHashMod12, lookup(kHash, is + toUint(i1)) + (js + toUint(j1)));
  U g2 = lookup(kHashMod12, lookup(kHash, is + 1u) + (js + 1u));
  F n0 = simplexCorner2(g0, x0, y0, zero);
  F n1 = simplexCorner2(g1, x1, y1, zero);
  F n2 = simplexCorner2(g2, x2, y2, zero);
  F n = (n0 + n1 + n2) * 70.0f;
  return clamp01(n * 0.5f + 0.5f);
}

/// Gustavson's 3D simplex noise with field.md's seeded hash, in [0, 1].
template <class F> F simplex3(F x, F y, F z, int32_t seed) {
  using U = math::UintOf<F>;
  using namespace detail;
  const uint32_t s = seedByte(seed);
  F zero = zeroLike(x);
  F one = zero + 1.0f;
  F sk = (x + y + z) * kF3;
  F i = vfloor(x + sk);
  F j = vfloor(y + sk);
  F k = vfloor(z + sk);
  F t = (i + j + k) * kG3;
  F x0 = x - (i - t);
  F y0 = y - (j - t);
  F z0 = z - (k - t);
  // Gustavson's rank rules as masks: the second corner steps along the
  // largest of x0, y0, z0, the third along the two largest. His branches
  // (x0>=y0, then y0>=z0 or x0>=z0) reduce to these for ordered values.
  auto xy = x0 >= y0;
  auto yz = y0 >= z0;
  auto xz = x0 >= z0;
  auto i1m = xy && xz;
  auto j1m = !xy && yz;
  auto k1m = !xz && !yz;
  auto i2m = xy || xz;
  auto j2m = !xy || yz;
  auto k2m = !xz || !yz;
  F i1 = select(i1m, one, zero);
  F j1 = select(j1m, one, zero);
  F k1 = select(k1m, one, zero);
  F i2 = select(i2m, one, zero);
  F j2 = select(j2m, one, zero);
  F k2 = select(k2m, one, zero);
  F x1 = x0 - i1 + kG3;
  F y1 = y0 - j1 + kG3;
  F z1 = z0 - k1 + kG3;
  F x2 = x0 - i2 + kG3x2;
  F y2 = y0 - j2 + kG3x2;
  F z2 = z0 - k2 + kG3x2;
  F x3 = x0 - 1.0f + kG3x3;
  F y3 = y0 - 1.0f + kG3x3;
  F z3 = z0 - 1.0f + kG3x3;
  // Gradient indices h3(i + a, j + b, k + c) % 12; the last lookup applies
  // the % 12. Indices stay below 768 (255 + 510 + 1).
  U is = latticeByte(i) + s;
  U js = latticeByte(j) + s;
  U ks = latticeByte(k) + s;
  U i1u = toUint(i1), j1u = toUint(j1), k1u = toUint(k1);
  U i2u = toUint(i2), j2u = toUint(j2), k2u = toUint(k2);
  U g0 = lookup(kHashMod12, lookup(kHash, lookup(kHash, is) + js) + ks);
  U g1 = lookup(kHashMod12, lookup(kHash, lookup(kHash, is + i1u) + (js + j1u)) + (ks + k1u));
  U g2 = lookup(kHashMod12, lookup(kHash, lookup(kHash, is + i2u) + (js + j2u)) + (ks + k2u));
  U g3 = lookup(kHashMod12, lookup(kHash, lookup(kHash, is + 1u) + (js + 1u)) + (ks + 1u));
  F n0 = simplexCorner3(g0, x0, y0, z0, zero);
  F n1 = simplexCorner3(g1, x1, y1, z1, zero);
  F n2 = simplexCorner3(g2, x2, y2, z2, zero);
  F n3 = simplexCorner3(g3, x3, y3, z3, zero);
  F n = (n0 + n1 + n2 + n3) * 32.0f;
  return clamp01(n * 0.5f + 0.5f);
}

} // namespace resin::noise
