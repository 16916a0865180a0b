// A second, deliberately plain transcription of resin's noise
// (crates/unshape-noise) for the tests: Rust's saturating `as i32`, int32
// hashing with two's-complement wrap (a release build), `if` branches and
// resin's branchy rank rules. It shares nothing with include/resin/noise but
// the permutation values, so bit-exact agreement checks the mod-256 lattice
// trick, the saturation, the extended table, the branch-free gradients and
// the rank masks, at every coordinate.
#pragma once

#include "resin/noise/Permutation.h"

#include <cmath>
#include <cstdint>

namespace resin::noise::ref {

inline int32_t wrapAdd(int32_t a, int32_t b) {
  return int32_t(uint32_t(a) + uint32_t(b));
}
inline int32_t h1(int32_t i, int32_t s) {
  return kPerm[size_t(wrapAdd(i, s) & 255)];
}
inline int32_t h2(int32_t i, int32_t j, int32_t s) {
  return h1(wrapAdd(h1(i, s), j), s);
}
inline int32_t h3(int32_t i, int32_t j, int32_t k, int32_t s) {
  return h1(wrapAdd(h2(i, j, s), k), s);
}

inline float fade(float t) {
  return t * t * t * (t * (t * 6 - 15) + 10);
}
inline float lerp(float t, float a, float b) {
  return a + t * (b - a);
}
// f32::clamp(0, 1): NaN passes through.
inline float clamp01(float v) {
  float t = v < 0.0f ? 0.0f : v;
  return t > 1.0f ? 1.0f : t;
}
// Rust's `as i32`: saturating, NaN gives 0.
inline int32_t asI32(float v) {
  if (v != v)
    return 0;
  if (v >= 0x1p31f)
    return INT32_MAX;
  if (v < -0x1p31f)
    return INT32_MIN;
  return int32_t(v);
}

inline float grad2(int32_t h, float dx, float dy) {
  h &= 7;
  float u = h < 4 ? dx : dy;
  float v = h < 4 ? dy : dx;
  return ((h & 1) ? -u : u) + ((h & 2) ? -2.0f * v : 2.0f * v);
}
inline float grad3(int32_t h, float x, float y, float z) {
  h &= 15;
  float u = h < 8 ? x : y;
  float v = h < 4 ? y : (h == 12 || h == 14 ? x : z);
  return ((h & 1) ? -u : u) + ((h & 2) ? -v : v);
}

inline float perlin2(float x, float y, int32_t s) {
  float fx = std::floor(x), fy = std::floor(y);
  int32_t xi = asI32(fx), yi = asI32(fy);
  float xf = x - fx, yf = y - fy;
  int32_t xi1 = wrapAdd(xi, 1), yi1 = wrapAdd(yi, 1);
  float g00 = grad2(h2(xi, yi, s), xf, yf);
  float g10 = grad2(h2(xi1, yi, s), xf - 1, yf);
  float g01 = grad2(h2(xi, yi1, s), xf, yf - 1);
  float g11 = grad2(h2(xi1, yi1, s), xf - 1, yf - 1);
  float u = fade(xf), v = fade(yf);
  float n = lerp(v, lerp(u, g00, g10), lerp(u, g01, g11));
  return clamp01(n * 0.5f + 0.5f);
}

inline float perlin3(float x, float y, float z, int32_t s) {
  float fx = std::floor(x), fy = std::floor(y), fz = std::floor(z);
  int32_t xi = asI32(fx), yi = asI32(fy), zi = asI32(fz);
  float xf = x - fx, yf = y - fy, zf = z - fz;
  float g[2][2][2];
  for (int a = 0; a < 2; ++a)
    for (int b = 0; b < 2; ++b)
      for (int c = 0; c < 2; ++c)
        g[a][b][c] = grad3(h3(wrapAdd(xi, a), wrapAdd(yi, b), wrapAdd(zi, c), s), xf - float(a),
                           yf - float(b), zf - float(c));
  float u = fade(xf), v = fade(yf), w = fade(zf);
  float n = lerp(w, lerp(v, lerp(u, g[0][0][0], g[1][0][0]), lerp(u, g[0][1][0], g[1][1][0])),
                 lerp(v, lerp(u, g[0][0][1], g[1][0][1]), lerp(u, g[0][1][1], g[1][1][1])));
  return clamp01(n * 0.5f + 0.5f);
}

// resin's simplex noise: Perlin's gradients, resin's f32 constants, i32
// indices (saturating casts, wrapping sums), contributions where t >= 0.
inline float simplexFalloff(float t, float g) {
  if (t >= 0) {
    t *= t;
    return t * t * g;
  }
  return 0;
}

inline float simplex2(float x, float y, int32_t seed) {
  const float F2 = 0.5f * (1.7320508f - 1.0f), G2 = (3.0f - 1.7320508f) / 6.0f;
  float s = (x + y) * F2;
  int32_t i = asI32(std::floor(x + s)), j = asI32(std::floor(y + s));
  float t = float(wrapAdd(i, j)) * G2;
  float x0 = x - (float(i) - t), y0 = y - (float(j) - t);
  int32_t i1 = x0 > y0 ? 1 : 0, j1 = x0 > y0 ? 0 : 1;
  float x1 = x0 - float(i1) + G2, y1 = y0 - float(j1) + G2;
  float x2 = x0 - 1.0f + 2.0f * G2, y2 = y0 - 1.0f + 2.0f * G2;
  float n0 = simplexFalloff(0.5f - x0 * x0 - y0 * y0, grad2(h2(i, j, seed), x0, y0));
  float n1 = simplexFalloff(0.5f - x1 * x1 - y1 * y1,
                            grad2(h2(wrapAdd(i, i1), wrapAdd(j, j1), seed), x1, y1));
  float n2 = simplexFalloff(0.5f - x2 * x2 - y2 * y2,
                            grad2(h2(wrapAdd(i, 1), wrapAdd(j, 1), seed), x2, y2));
  return clamp01((70.0f * (n0 + n1 + n2)) * 0.5f + 0.5f);
}

inline float simplex3(float x, float y, float z, int32_t seed) {
  const float F3 = 1.0f / 3.0f, G3 = 1.0f / 6.0f;
  float s = (x + y + z) * F3;
  int32_t i = asI32(std::floor(x + s)), j = asI32(std::floor(y + s)), k = asI32(std::floor(z + s));
  float t = float(wrapAdd(wrapAdd(i, j), k)) * G3;
  float x0 = x - (float(i) - t), y0 = y - (float(j) - t), z0 = z - (float(k) - t);
  int i1, j1, k1, i2, j2, k2;
  if (x0 >= y0) {
    if (y0 >= z0) {
      i1 = 1, j1 = 0, k1 = 0, i2 = 1, j2 = 1, k2 = 0;
    } else if (x0 >= z0) {
      i1 = 1, j1 = 0, k1 = 0, i2 = 1, j2 = 0, k2 = 1;
    } else {
      i1 = 0, j1 = 0, k1 = 1, i2 = 1, j2 = 0, k2 = 1;
    }
  } else {
    if (y0 < z0) {
      i1 = 0, j1 = 0, k1 = 1, i2 = 0, j2 = 1, k2 = 1;
    } else if (x0 < z0) {
      i1 = 0, j1 = 1, k1 = 0, i2 = 0, j2 = 1, k2 = 1;
    } else {
      i1 = 0, j1 = 1, k1 = 0, i2 = 1, j2 = 1, k2 = 0;
    }
  }
  float px[4] = {x0, x0 - float(i1) + G3, x0 - float(i2) + 2.0f * G3, x0 - 1.0f + 3.0f * G3};
  float py[4] = {y0, y0 - float(j1) + G3, y0 - float(j2) + 2.0f * G3, y0 - 1.0f + 3.0f * G3};
  float pz[4] = {z0, z0 - float(k1) + G3, z0 - float(k2) + 2.0f * G3, z0 - 1.0f + 3.0f * G3};
  int32_t h[4] = {h3(i, j, k, seed), h3(wrapAdd(i, i1), wrapAdd(j, j1), wrapAdd(k, k1), seed),
                  h3(wrapAdd(i, i2), wrapAdd(j, j2), wrapAdd(k, k2), seed),
                  h3(wrapAdd(i, 1), wrapAdd(j, 1), wrapAdd(k, 1), seed)};
  float n[4];
  for (int c = 0; c < 4; ++c)
    n[c] = simplexFalloff(0.6f - px[c] * px[c] - py[c] * py[c] - pz[c] * pz[c],
                          grad3(h[c], px[c], py[c], pz[c]));
  return clamp01((32.0f * (n[0] + n[1] + n[2] + n[3])) * 0.5f + 0.5f);
}

} // namespace resin::noise::ref
