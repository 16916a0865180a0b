// perlin2 and perlin3 as resin computes them (crates/unshape-noise,
// `Perlin2D/3D::sample`: Ken Perlin's Improved Noise with a seeded hash), branch-free over the
// value vocabulary of math/Scalar.h so that the interpreter (F = float) and the JIT's SIMD lanes
// round identically.
//
// Float operation order (docs/noise.md says the same):
//   xi = floor(x), xf = x - xi;
//   fade(t) = ((t*t)*t) * ((t*((t*6)-15))+10);   lerp(t,a,b) = a + t*(b-a);
//   corner deltas xf and xf - 1 (likewise y, z);
//   2D: lerp(fy, lerp(fx, g00, g10), lerp(fx, g01, g11));
//   3D: x first, then y, then z (as Improved Noise);
//   result clamp((n*0.5) + 0.5, 0, 1) with f32::clamp: NaN passes through
//   (an infinite or NaN coordinate gives NaN, as in resin).
#pragma once

#include "resin/noise/Permutation.h"

namespace resin::noise {

namespace detail {

template <class F> F fade(F t) {
  return t * t * t * (t * (t * 6.0f - 15.0f) + 10.0f);
}

template <class F> F lerp(F t, F a, F b) {
  return a + t * (b - a);
}

/// resin's grad2: h &= 7; u = h<4 ? dx : dy; v = h<4 ? dy : dx;
/// ((h&1) ? -u : u) + ((h&2) ? -2*v : 2*v). Only h's low three bits are read,
/// so h needs no mask; negation is the sign-bit XOR of flipSign.
template <class F, class U> F perlinGrad2(U h, F dx, F dy) {
  auto low = (h & 4u) == 0u; // h & 7 < 4
  F u = select(low, dx, dy);
  F v = select(low, dy, dx);
  F v2 = 2.0f * v;
  return flipSign(u, h << 31u) + flipSign(v2, (h << 30u) & 0x80000000u);
}

/// Ken Perlin's 3D gradient: h &= 15; u = h<8 ? x : y;
/// v = h<4 ? y : (h==12 || h==14 ? x : z); ((h&1) ? -u : u) + ((h&2) ? -v : v).
/// With h the full byte: h&15 < 8 is (h & 8) == 0, h&15 < 4 is (h & 12) == 0,
/// and h&15 in {12, 14} is (h & 13) == 12.
template <class F, class U> F perlinGrad3(U h, F dx, F dy, F dz) {
  F u = select((h & 8u) == 0u, dx, dy);
  F v = select((h & 12u) == 0u, dy, select((h & 13u) == 12u, dx, dz));
  return flipSign(u, h << 31u) + flipSign(v, (h << 30u) & 0x80000000u);
}

} // namespace detail

/// Improved Noise in 2D with resin's seeded hash, in [0, 1].
template <class F> F perlin2(F x, F y, int32_t seed) {
  using U = math::UintOf<F>;
  using detail::fade, detail::lerp, detail::perlinGrad2;
  const uint32_t s = seedByte(seed);
  F xi = vfloor(x);
  F yi = vfloor(y);
  F xf = x - xi;
  F yf = y - yi;
  // (cell + s) before h1's mask, in 0..510; +1 is the next cell (the table
  // repeats P, so no mask is needed).
  U xs = latticeByte(xi) + s;
  U ys = latticeByte(yi) + s;
  U ys1 = ys + 1u;
  U a0 = lookup(kHash, xs);        // h1(xi)
  U a1 = lookup(kHash, xs + 1u);   // h1(xi + 1)
  U h00 = lookup(kHash, a0 + ys);  // h2(xi, yi)
  U h10 = lookup(kHash, a1 + ys);  // h2(xi + 1, yi)
  U h01 = lookup(kHash, a0 + ys1); // h2(xi, yi + 1)
  U h11 = lookup(kHash, a1 + ys1); // h2(xi + 1, yi + 1)
  F xf1 = xf - 1.0f;
  F yf1 = yf - 1.0f;
  F g00 = perlinGrad2(h00, xf, yf);
  F g10 = perlinGrad2(h10, xf1, yf);
  F g01 = perlinGrad2(h01, xf, yf1);
  F g11 = perlinGrad2(h11, xf1, yf1);
  F u = fade(xf);
  F v = fade(yf);
  F n = lerp(v, lerp(u, g00, g10), lerp(u, g01, g11));
  return clamp01(n * 0.5f + 0.5f);
}

/// Improved Noise in 3D with resin's seeded hash, in [0, 1].
template <class F> F perlin3(F x, F y, F z, int32_t seed) {
  using U = math::UintOf<F>;
  using detail::fade, detail::lerp, detail::perlinGrad3;
  const uint32_t s = seedByte(seed);
  F xi = vfloor(x);
  F yi = vfloor(y);
  F zi = vfloor(z);
  F xf = x - xi;
  F yf = y - yi;
  F zf = z - zi;
  U xs = latticeByte(xi) + s;
  U ys = latticeByte(yi) + s;
  U zs = latticeByte(zi) + s;
  U ys1 = ys + 1u;
  U zs1 = zs + 1u;
  U a0 = lookup(kHash, xs);        // h1(xi)
  U a1 = lookup(kHash, xs + 1u);   // h1(xi + 1)
  U b00 = lookup(kHash, a0 + ys);  // h2(xi, yi)
  U b10 = lookup(kHash, a1 + ys);  // h2(xi + 1, yi)
  U b01 = lookup(kHash, a0 + ys1); // h2(xi, yi + 1)
  U b11 = lookup(kHash, a1 + ys1); // h2(xi + 1, yi + 1)
  // hABC = h3(xi + A, yi + B, zi + C); indices are at most 255 + 510 + 1.
  U h000 = lookup(kHash, b00 + zs);
  U h100 = lookup(kHash, b10 + zs);
  U h010 = lookup(kHash, b01 + zs);
  U h110 = lookup(kHash, b11 + zs);
  U h001 = lookup(kHash, b00 + zs1);
  U h101 = lookup(kHash, b10 + zs1);
  U h011 = lookup(kHash, b01 + zs1);
  U h111 = lookup(kHash, b11 + zs1);
  F xf1 = xf - 1.0f;
  F yf1 = yf - 1.0f;
  F zf1 = zf - 1.0f;
  F g000 = perlinGrad3(h000, xf, yf, zf);
  F g100 = perlinGrad3(h100, xf1, yf, zf);
  F g010 = perlinGrad3(h010, xf, yf1, zf);
  F g110 = perlinGrad3(h110, xf1, yf1, zf);
  F g001 = perlinGrad3(h001, xf, yf, zf1);
  F g101 = perlinGrad3(h101, xf1, yf, zf1);
  F g011 = perlinGrad3(h011, xf, yf1, zf1);
  F g111 = perlinGrad3(h111, xf1, yf1, zf1);
  F u = fade(xf);
  F v = fade(yf);
  F w = fade(zf);
  F n = lerp(w, lerp(v, lerp(u, g000, g100), lerp(u, g010, g110)),
             lerp(v, lerp(u, g001, g101), lerp(u, g011, g111)));
  return clamp01(n * 0.5f + 0.5f);
}

} // namespace resin::noise
