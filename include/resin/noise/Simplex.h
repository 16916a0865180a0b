// simplex2 and simplex3 as resin computes them (crates/unshape-noise,
// `Simplex2D::sample` and `Simplex3D::sample`), branch-free over the value
// vocabulary of math/Scalar.h. docs/noise.md states every operation.
//
// resin's simplex noise is Gustavson's skewed lattice with Perlin's gradient
// functions (grad2: h & 7, grad3: h & 15, the same as perlin2/3), its own f32
// constants (F2 = 0.5 * (1.7320508 - 1), G2 = (3 - 1.7320508) / 6, F3 = 1/3,
// G3 = 1/6), a corner contribution when t >= 0, and the cell indices as
// Rust's i32: `floor(v) as i32` saturates (NaN gives 0) and `i + j` wraps (a
// release build; a debug build panics there). Float operation order, 2D:
//   s = (x+y)*F2; i = sat(floor(x+s)); j = sat(floor(y+s));
//   t = (float)wrap(i+j) * G2; x0 = x - ((float)i - t); y0 likewise;
//   (i1, j1) = x0 > y0 ? (1, 0) : (0, 1);
//   x1 = (x0 - i1) + G2; x2 = (x0 - 1) + (2*G2)   (likewise y);
//   corner: t = (0.5 - x*x) - y*y; n = t >= 0 ? ((t*t)*(t*t)) * grad2(h, x, y) : 0;
//   result clamp((70*((n0 + n1) + n2))*0.5 + 0.5, 0, 1) with f32::clamp (NaN passes).
// 3D the same with F3, G3, 0.6, four corners, resin's rank branches and 32.
#pragma once

#include "resin/noise/Perlin.h"

namespace resin::noise {

namespace detail {

// resin's constants, each computed in f32 as its Rust `const` is.
inline constexpr float kSqrt3 = 1.7320508f;
inline constexpr float kF2 = 0.5f * (kSqrt3 - 1.0f);
inline constexpr float kG2 = (3.0f - kSqrt3) / 6.0f;
inline constexpr float kG2x2 = 2.0f * kG2; // 2.0 * G2, exact doubling
inline constexpr float kF3 = 1.0f / 3.0f;
inline constexpr float kG3 = 1.0f / 6.0f;
inline constexpr float kG3x2 = 2.0f * kG3; // 2.0 * G3, exact doubling
inline constexpr float kG3x3 = 3.0f * kG3; // 3.0 * G3 rounds to 0.5f
static_assert(kF2 == 0x1.76cf5cp-2f && kG2 == 0x1.b0cb18p-3f && kG3x3 == 0.5f);

/// Rust's `v as i32` of an integral float v, as the exact integer in double
/// lanes: saturated to [i32::MIN, i32::MAX], NaN gives 0.
template <class F> auto asI32(F v) {
  auto d = widen(v);
  auto s = select(d >= 2147483648.0, 2147483647.0, select(d < -2147483648.0, -2147483648.0, d));
  return select(d != d, 0.0, s);
}

/// Rust's `(sum as i32) as f32` after i32 additions that wrap: `sum` is the
/// exact sum of i32 values in double lanes, wrapped into [-2^31, 2^31) (all
/// exact in double) and rounded once to float.
template <class D> auto wrappedAsFloat(D sum) {
  D wraps = vfloor((sum + 2147483648.0) * 0x1p-32);
  return narrow(sum - 4294967296.0 * wraps);
}

/// One corner's contribution: ((t*t)*(t*t)) * grad where t >= 0, else +0.
template <class F> F simplexFalloff(F t, F grad, F zero) {
  F t2 = t * t;
  return select(t >= 0.0f, t2 * t2 * grad, zero);
}

} // namespace detail

/// resin's 2D simplex noise with a seed (resin's FieldExpr uses seed 0), in [0, 1].
template <class F> F simplex2(F x, F y, int32_t seed) {
  using U = math::UintOf<F>;
  using namespace detail;
  const uint32_t sb = seedByte(seed);
  F zero = zeroLike(x);
  F one = zero + 1.0f;
  F s = (x + y) * kF2;
  auto id = asI32(vfloor(x + s));
  auto jd = asI32(vfloor(y + s));
  F t = wrappedAsFloat(id + jd) * kG2;
  F fi = narrow(id); // i as f32
  F fj = narrow(jd);
  F x0 = x - (fi - t);
  F y0 = y - (fj - t);
  auto xFirst = x0 > y0;
  F i1 = select(xFirst, one, zero);
  F j1 = select(xFirst, zero, one);
  F x1 = x0 - i1 + kG2;
  F y1 = y0 - j1 + kG2;
  F x2 = x0 - 1.0f + kG2x2;
  F y2 = y0 - 1.0f + kG2x2;
  // perm(perm(i + a) + j + b): indices at most 255 + 255 + 255 + 1.
  U is = latticeByte(fi) + sb;
  U js = latticeByte(fj) + sb;
  U h0 = lookup(kHash, lookup(kHash, is) + js);
  U h1 = lookup(kHash, lookup(kHash, is + toUint(i1)) + (js + toUint(j1)));
  U h2 = lookup(kHash, lookup(kHash, is + 1u) + (js + 1u));
  F n0 = simplexFalloff(0.5f - x0 * x0 - y0 * y0, perlinGrad2(h0, x0, y0), zero);
  F n1 = simplexFalloff(0.5f - x1 * x1 - y1 * y1, perlinGrad2(h1, x1, y1), zero);
  F n2 = simplexFalloff(0.5f - x2 * x2 - y2 * y2, perlinGrad2(h2, x2, y2), zero);
  F n = 70.0f * (n0 + n1 + n2);
  return clamp01(n * 0.5f + 0.5f);
}

/// resin's 3D simplex noise with a seed (resin's FieldExpr uses seed 0), in [0, 1].
template <class F> F simplex3(F x, F y, F z, int32_t seed) {
  using U = math::UintOf<F>;
  using namespace detail;
  const uint32_t sb = seedByte(seed);
  F zero = zeroLike(x);
  F one = zero + 1.0f;
  F s = (x + y + z) * kF3;
  auto id = asI32(vfloor(x + s));
  auto jd = asI32(vfloor(y + s));
  auto kd = asI32(vfloor(z + s));
  F t = wrappedAsFloat(id + jd + kd) * kG3;
  F fi = narrow(id);
  F fj = narrow(jd);
  F fk = narrow(kd);
  F x0 = x - (fi - t);
  F y0 = y - (fj - t);
  F z0 = z - (fk - t);
  // resin's branches: x0 >= y0 ? (y0 >= z0 ? A : x0 >= z0 ? B : C)
  //                            : (y0 < z0 ? D : x0 < z0 ? E : F), with
  // A (1,0,0,1,1,0), B (1,0,0,1,0,1), C (0,0,1,1,0,1), D (0,0,1,0,1,1),
  // E (0,1,0,0,1,1), F (0,1,0,1,1,0) as (i1,j1,k1,i2,j2,k2). Written as
  // masks of the same five comparisons, so NaN takes the same branch.
  auto xy = x0 >= y0;
  auto yz = y0 >= z0;
  auto xz = x0 >= z0;
  auto ylz = y0 < z0;
  auto xlz = x0 < z0;
  auto caseC = xy && !yz && !xz;
  auto caseD = !xy && ylz;
  F i1 = select(xy && (yz || xz), one, zero);
  F j1 = select(!xy && !ylz, one, zero);
  F k1 = select(caseC || caseD, one, zero);
  F i2 = select(xy || (!ylz && !xlz), one, zero);
  F j2 = select(!xy || yz, one, zero);
  F k2 = select((xy && !yz) || (!xy && (ylz || xlz)), one, zero);
  F x1 = x0 - i1 + kG3;
  F y1 = y0 - j1 + kG3;
  F z1 = z0 - k1 + kG3;
  F x2 = x0 - i2 + kG3x2;
  F y2 = y0 - j2 + kG3x2;
  F z2 = z0 - k2 + kG3x2;
  F x3 = x0 - 1.0f + kG3x3;
  F y3 = y0 - 1.0f + kG3x3;
  F z3 = z0 - 1.0f + kG3x3;
  // perm(perm(perm(i + a) + j + b) + k + c): indices below 768.
  U is = latticeByte(fi) + sb;
  U js = latticeByte(fj) + sb;
  U ks = latticeByte(fk) + sb;
  U i1u = toUint(i1), j1u = toUint(j1), k1u = toUint(k1);
  U i2u = toUint(i2), j2u = toUint(j2), k2u = toUint(k2);
  U h0 = lookup(kHash, lookup(kHash, lookup(kHash, is) + js) + ks);
  U h1 = lookup(kHash, lookup(kHash, lookup(kHash, is + i1u) + (js + j1u)) + (ks + k1u));
  U h2 = lookup(kHash, lookup(kHash, lookup(kHash, is + i2u) + (js + j2u)) + (ks + k2u));
  U h3 = lookup(kHash, lookup(kHash, lookup(kHash, is + 1u) + (js + 1u)) + (ks + 1u));
  F n0 = simplexFalloff(0.6f - x0 * x0 - y0 * y0 - z0 * z0, perlinGrad3(h0, x0, y0, z0), zero);
  F n1 = simplexFalloff(0.6f - x1 * x1 - y1 * y1 - z1 * z1, perlinGrad3(h1, x1, y1, z1), zero);
  F n2 = simplexFalloff(0.6f - x2 * x2 - y2 * y2 - z2 * z2, perlinGrad3(h2, x2, y2, z2), zero);
  F n3 = simplexFalloff(0.6f - x3 * x3 - y3 * y3 - z3 * z3, perlinGrad3(h3, x3, y3, z3), zero);
  F n = 32.0f * (n0 + n1 + n2 + n3);
  return clamp01(n * 0.5f + 0.5f);
}

} // namespace resin::noise
