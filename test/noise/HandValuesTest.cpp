// Noise values derived by hand from resin's noise (rhi-zone/unshape,
// crates/unshape-noise/src/lib.rs; docs/noise.md), not from the code under test.
//
// Each case names the permutation entries (P = Ken Perlin's table, P[0] = 151,
// P[1] = 160, ...), the gradient each corner gets and the fade values, then
// recomputes the result with plain float arithmetic in resin's order.
// Where every intermediate is a short dyadic fraction (all Perlin cases) the
// arithmetic is exact, so the expected value is also given as a fraction and
// equality is exact. Simplex involves F2, G2, F3, G3: there the expected bits
// come from resin's own code compiled with rustc (see the simplex section),
// the float recomputation must give them exactly, and a double recomputation
// is compared within 1e-6.
#include "resin/noise/Noise.h"

#include <doctest/doctest.h>

#include <bit>
#include <cmath>
#include <cstdint>

using namespace resin::noise;

namespace {

// fade(t) = t*t*t*(t*(t*6-15)+10), exact for these dyadic t:
//   fade(0) = 0, fade(1/4) = (1/64)*(53/8) = 53/512,
//   fade(1/2) = (1/8)*4 = 1/2, fade(3/4) = (27/64)*(17/8) = 459/512.
constexpr float kFadeQuarter = 53.0f / 512.0f;
constexpr float kFadeHalf = 0.5f;
constexpr float kFadeThreeQuarters = 459.0f / 512.0f;

float lerp(float t, float a, float b) {
  return a + t * (b - a);
}

} // namespace

TEST_CASE("fade values used below") {
  auto fade = [](float t) { return t * t * t * (t * (t * 6 - 15) + 10); };
  CHECK(fade(0.25f) == kFadeQuarter);
  CHECK(fade(0.5f) == kFadeHalf);
  CHECK(fade(0.75f) == kFadeThreeQuarters);
}

TEST_CASE("perlin at lattice points is 0.5") {
  // At an integer point xf = yf = 0: the corner (xi, yi) has delta (0, 0) and
  // gradient 0, fade(0) = 0 gives it weight 1, so n = 0 and the result 0.5.
  for (int seed : {0, 7, -3})
    for (float x : {0.0f, 1.0f, -1.0f, 17.0f, -255.0f, 1000.0f})
      for (float y : {0.0f, 3.0f, -2.0f, 256.0f}) {
        CHECK(perlin2(x, y, seed) == 0.5f);
        CHECK(perlin3(x, y, x + y, seed) == 0.5f);
      }
}

TEST_CASE("perlin2(0.5, 0.25) seed 0") {
  // xi = yi = 0, xf = 1/2, yf = 1/4. h1(0) = P[0] = 151, h1(1) = P[1] = 160.
  //   (0,0): h2 = P[151] = 17, &7 = 1: -dx + 2dy at ( 1/2,  1/4) =  0
  //   (1,0): h2 = P[160] = 119, &7 = 7: -dy - 2dx at (-1/2,  1/4) =  3/4
  //   (0,1): h2 = P[152] = 182, &7 = 6:  dy - 2dx at ( 1/2, -3/4) = -7/4
  //   (1,1): h2 = P[161] = 248, &7 = 0:  dx + 2dy at (-1/2, -3/4) = -2
  float g00 = -0.5f + 2 * 0.25f, g10 = -0.25f - 2 * -0.5f;
  float g01 = -0.75f - 2 * 0.5f, g11 = -0.5f + 2 * -0.75f;
  CHECK(g00 == 0.0f);
  CHECK(g10 == 0.75f);
  CHECK(g01 == -1.75f);
  CHECK(g11 == -2.0f);
  // lerp(1/2, 0, 3/4) = 3/8; lerp(1/2, -7/4, -2) = -15/8;
  // n = 3/8 + (53/512)(-15/8 - 3/8) = 291/2048; result = 291/4096 + 1/2.
  float n = lerp(kFadeQuarter, lerp(kFadeHalf, g00, g10), lerp(kFadeHalf, g01, g11));
  CHECK(n == 291.0f / 2048.0f);
  CHECK(perlin2(0.5f, 0.25f, 0) == n * 0.5f + 0.5f);
  CHECK(perlin2(0.5f, 0.25f, 0) == 2339.0f / 4096.0f);
}

TEST_CASE("perlin2(0.5, 0.25) seed 7") {
  // h1(i) = P[(i + 7) & 255]: h1(0) = P[7] = 13, h1(1) = P[8] = 201.
  //   (0,0): h2 = P[13 + 0 + 7] = P[20] = 69,   &7 = 5: -dy + 2dx at ( 1/2,  1/4) = 3/4
  //   (1,0): h2 = P[201 + 0 + 7] = P[208] = 81, &7 = 1: -dx + 2dy at (-1/2,  1/4) = 1
  //   (0,1): h2 = P[13 + 1 + 7] = P[21] = 142,  &7 = 6:  dy - 2dx at ( 1/2, -3/4) = -7/4
  //   (1,1): h2 = P[201 + 1 + 7] = P[209] = 51, &7 = 3: -dx - 2dy at (-1/2, -3/4) = 2
  float g00 = -0.25f + 2 * 0.5f, g10 = 0.5f + 2 * 0.25f;
  float g01 = -0.75f - 2 * 0.5f, g11 = 0.5f - 2 * -0.75f;
  // lerp(1/2, 3/4, 1) = 7/8; lerp(1/2, -7/4, 2) = 1/8;
  // n = 7/8 + (53/512)(1/8 - 7/8) = 1633/2048; result = 1633/4096 + 1/2.
  float n = lerp(kFadeQuarter, lerp(kFadeHalf, g00, g10), lerp(kFadeHalf, g01, g11));
  CHECK(n == 1633.0f / 2048.0f);
  CHECK(perlin2(0.5f, 0.25f, 7) == 3681.0f / 4096.0f);
  // Seed 7 + 256 has the same low byte.
  CHECK(perlin2(0.5f, 0.25f, 263) == 3681.0f / 4096.0f);
}

TEST_CASE("perlin2(-0.5, -0.75) seed 0: negative cells wrap") {
  // xi = yi = -1 (cell byte 255), xf = 1/2, yf = 1/4: the fractions of the
  // case above, other corners. h1(-1) = P[255] = 180, h1(0) = P[0] = 151.
  //   (-1,-1): h2 = P[(180 - 1) & 255] = P[179] = 253, &7 = 5: -dy + 2dx = 3/4
  //   ( 0,-1): h2 = P[151 - 1] = P[150] = 58,  &7 = 2:  dx - 2dy at (-1/2, 1/4) = -1
  //   (-1, 0): h2 = P[180] = 19,  &7 = 3: -dx - 2dy at ( 1/2, -3/4) = 1
  //   ( 0, 0): h2 = P[151] = 17,  &7 = 1: -dx + 2dy at (-1/2, -3/4) = -1
  float g00 = -0.25f + 2 * 0.5f, g10 = -0.5f - 2 * 0.25f;
  float g01 = -0.5f - 2 * -0.75f, g11 = 0.5f + 2 * -0.75f;
  // lerp(1/2, 3/4, -1) = -1/8; lerp(1/2, 1, -1) = 0;
  // n = -1/8 + (53/512)(1/8) = -459/4096; result = 1/2 - 459/8192.
  float n = lerp(kFadeQuarter, lerp(kFadeHalf, g00, g10), lerp(kFadeHalf, g01, g11));
  CHECK(n == -459.0f / 4096.0f);
  CHECK(perlin2(-0.5f, -0.75f, 0) == 3637.0f / 8192.0f);
}

TEST_CASE("perlin3(0.5, 0.25, 0.75) seed 0") {
  // Deltas: x 1/2 or -1/2, y 1/4 or -3/4, z 3/4 or -1/4.
  // h3(i,j,k) = P[(h2(i,j) + k) & 255] with h2 from the 2D case above:
  //   (0,0,0): P[17]  = 36,  &15 = 4:  x + z at ( 1/2,  1/4,  3/4) =  5/4
  //   (1,0,0): P[119] = 86,  &15 = 6:  x - z at (-1/2,  1/4,  3/4) = -5/4
  //   (0,1,0): P[182] = 108, &15 = 12: y + x at ( 1/2, -3/4,  3/4) = -1/4
  //   (1,1,0): P[248] = 128, &15 = 0:  x + y at (-1/2, -3/4,  3/4) = -5/4
  //   (0,0,1): P[18]  = 103, &15 = 7: -x - z at ( 1/2,  1/4, -1/4) = -1/4
  //   (1,0,1): P[120] = 164, &15 = 4:  x + z at (-1/2,  1/4, -1/4) = -3/4
  //   (0,1,1): P[183] = 110, &15 = 14: y - x at ( 1/2, -3/4, -1/4) = -5/4
  //   (1,1,1): P[249] = 195, &15 = 3: -x - y at (-1/2, -3/4, -1/4) =  5/4
  float g000 = 0.5f + 0.75f, g100 = -0.5f - 0.75f, g010 = -0.75f + 0.5f, g110 = -0.5f + -0.75f;
  float g001 = -0.5f - -0.25f, g101 = -0.5f + -0.25f, g011 = -0.75f - 0.5f, g111 = 0.5f + 0.75f;
  // x lerps (u = 1/2): 0, -3/4, -1/2, 0; y lerps (v = 53/512): -159/2048,
  // -459/1024; z lerp (w = 459/512): -159/2048 + (459/512)(-759/2048)
  // = -429789/2^20; result = 1/2 - 429789/2^21 = 618787/2^21.
  float n = lerp(kFadeThreeQuarters,
                 lerp(kFadeQuarter, lerp(kFadeHalf, g000, g100), lerp(kFadeHalf, g010, g110)),
                 lerp(kFadeQuarter, lerp(kFadeHalf, g001, g101), lerp(kFadeHalf, g011, g111)));
  CHECK(n == -429789.0f / 1048576.0f);
  CHECK(perlin3(0.5f, 0.25f, 0.75f, 0) == 618787.0f / 2097152.0f);
}

// The simplex cases follow resin's Simplex2D/Simplex3D::sample
// (crates/unshape-noise/src/lib.rs, docs/noise.md): the skewed lattice with
// resin's f32 constants, Perlin's gradient functions (grad2: h & 7, u/v swapped
// at h >= 4, v doubled; grad3: h & 15), a corner when t >= 0, and the scale
// clamp((70 or 32) * sum * 0.5 + 0.5). Each case names the corner hashes
// (perm(perm(i + s) + j + s) as in the Perlin cases) and the gradient each
// gets, recomputes the value with plain float arithmetic in resin's order, and
// compares it with a constant: the bits resin's own code gives, got by
// compiling resin's `perm`, `grad2`, `grad3`, F2..G3 and the two `sample`
// functions, copied unchanged into a Rust file with a seed argument, with
// `rustc -O` (1.95, x86-64) and printing `f32::to_bits`; the hashes printed by
// that program are the ones below. A double recomputation checks the float one
// within 1e-6 where the value is not clamped.

namespace {

// resin's constants, each computed in f32 as its Rust `const` is.
constexpr float kF2 = 0.5f * (1.7320508f - 1.0f);
constexpr float kG2 = (3.0f - 1.7320508f) / 6.0f;
constexpr float kF3 = 1.0f / 3.0f, kG3 = 1.0f / 6.0f;

// One simplex corner as resin writes it: t = r0 - x*x - y*y (- z*z);
// t >= 0 ? (t*t)*(t*t) * dot : 0, in float (in 2D, subtracting dz*dz = +0 is
// exact).
float corner(float r0, float dot, float dx, float dy, float dz = 0) {
  float t = r0 - dx * dx - dy * dy - dz * dz;
  if (!(t >= 0))
    return 0;
  t = t * t;
  return t * t * dot;
}
// The same in double with the exact constants.
double cornerD(double r0, double dot, double dx, double dy, double dz = 0) {
  double t = r0 - dx * dx - dy * dy - dz * dz;
  return t >= 0 ? t * t * t * t * dot : 0;
}
const double kG2d = (3 - std::sqrt(3.0)) / 6;

} // namespace

TEST_CASE("simplex constants") {
  // resin's F2 uses 1.7320508 for sqrt(3): one ulp below the float nearest the
  // real (sqrt(3) - 1) / 2 (0x1.76cf5ep-2); G2 is the nearest float. 2*G2 and
  // 2*G3 are exact doublings and 3*G3 rounds to exactly 1/2 in float.
  CHECK(kF2 == 0x1.76cf5cp-2f);
  CHECK(float((std::sqrt(3.0) - 1) / 2) == 0x1.76cf5ep-2f);
  CHECK(kG2 == 0x1.b0cb18p-3f);
  CHECK(kF3 == 0x1.555556p-2f);
  CHECK(kG3 == 0x1.555556p-3f);
  CHECK(3.0f * kG3 == 0.5f);
}

TEST_CASE("simplex2 at the origin is 0.5") {
  // s = 0, i = j = 0, t = 0, (x0, y0) = (0, 0): corner 0 has t = 1/2 but
  // (x0, y0) = 0 makes its gradient 0; corner 1 (0,1) at (G2, G2 - 1) has
  // |d|^2 = 2/3 > 1/2 and corner 2 at (2G2 - 1, 2G2 - 1) likewise, so both are
  // cut off: n = 0.
  CHECK(simplex2(0.0f, 0.0f, 0) == 0.5f);
  CHECK(simplex2(0.0f, 0.0f, 99) == 0.5f);
}

TEST_CASE("simplex2(0.25, 0.5) seed 0") {
  // s = 0.75*F2 = 0.2745; i = floor(0.5245) = 0, j = floor(0.7745) = 0, t = 0;
  // (x0, y0) = (0.25, 0.5); x0 > y0 is false, so the middle corner is (0, 1).
  //   (0,0): P[P[0] + 0] = P[151] = 17,  &7 = 1: -x + 2y
  //   (0,1): P[151 + 1] = P[152] = 182,  &7 = 6:  y - 2x
  //   (1,1): P[P[1] + 1] = P[161] = 248, &7 = 0:  x + 2y
  // with (x1, y1) = (x0 + G2, y0 - 1 + G2), (x2, y2) = (x0 - 1 + 2G2, y0 - 1 + 2G2).
  // All three have t >= 0 (0.1875, 0.2038, 0.3869).
  float s = (0.25f + 0.5f) * kF2;
  REQUIRE(std::floor(0.25f + s) == 0.0f);
  REQUIRE(std::floor(0.5f + s) == 0.0f);
  float x0 = 0.25f, y0 = 0.5f; // t = 0, so x - (i - t) = x
  float x1 = x0 - 0.0f + kG2, y1 = y0 - 1.0f + kG2;
  float x2 = x0 - 1.0f + 2 * kG2, y2 = y0 - 1.0f + 2 * kG2;
  float n = corner(0.5f, -x0 + 2 * y0, x0, y0) + corner(0.5f, y1 - 2 * x1, x1, y1) +
            corner(0.5f, x2 + 2 * y2, x2, y2);
  float expected = 70.0f * n * 0.5f + 0.5f;
  CHECK(expected == std::bit_cast<float>(0x3da69834u)); // 0.08134499, resin's code
  CHECK(simplex2(0.25f, 0.5f, 0) == expected);

  double X1 = 0.25 + kG2d, Y1 = -0.5 + kG2d, X2 = -0.75 + 2 * kG2d, Y2 = -0.5 + 2 * kG2d;
  double nd = cornerD(0.5, -0.25 + 1.0, 0.25, 0.5) + cornerD(0.5, Y1 - 2 * X1, X1, Y1) +
              cornerD(0.5, X2 + 2 * Y2, X2, Y2);
  CHECK(std::fabs(simplex2(0.25f, 0.5f, 0) - (nd * 35 + 0.5)) < 1e-6);
}

TEST_CASE("simplex2(2.4, 5.6) seed 0, the value issue 19 quotes") {
  // s = 8*F2 = 2.928; i = floor(5.328) = 5, j = floor(8.528) = 8; t = 13*G2;
  // x0 = 2.4 - (5 - t) = 0.1474, y0 = 5.6 - (8 - t) = 0.3474; x0 > y0 is false:
  // the middle corner is (5, 9).
  //   (5,8): P[P[5] + 8] = P[15 + 8] = P[23] = 99,   &7 = 3: -x - 2y
  //   (5,9): P[15 + 9] = P[24] = 37,                 &7 = 5: -y + 2x
  //   (6,9): P[P[6] + 9] = P[131 + 9] = P[140] = 255, &7 = 7: -y - 2x
  float s = (2.4f + 5.6f) * kF2;
  REQUIRE(std::floor(2.4f + s) == 5.0f);
  REQUIRE(std::floor(5.6f + s) == 8.0f);
  float t = (5.0f + 8.0f) * kG2;
  float x0 = 2.4f - (5.0f - t), y0 = 5.6f - (8.0f - t);
  REQUIRE(!(x0 > y0));
  float x1 = x0 - 0.0f + kG2, y1 = y0 - 1.0f + kG2;
  float x2 = x0 - 1.0f + 2 * kG2, y2 = y0 - 1.0f + 2 * kG2;
  float n = corner(0.5f, -x0 - 2 * y0, x0, y0) + corner(0.5f, -y1 + 2 * x1, x1, y1) +
            corner(0.5f, -y2 - 2 * x2, x2, y2);
  float expected = 70.0f * n * 0.5f + 0.5f;
  CHECK(expected == std::bit_cast<float>(0x3e7268aeu)); // 0.23672745, resin's code
  CHECK(simplex2(2.4f, 5.6f, 0) == expected);
}

TEST_CASE("simplex2(-1.75, 3.5) seed 7: below 0 before the clamp") {
  // s = 1.75*F2 = 0.6405; i = floor(-1.1095) = -2, j = floor(4.1405) = 4;
  // t = 2*G2 = 0.4226; x0 = -1.75 - (-2 - t) = 0.6726, y0 = 3.5 - (4 - t) = -0.0774;
  // x0 > y0, so the middle corner is (-1, 4). perm(i) = P[(i + 7) & 255]:
  //   (-2,4): P[5] = 15,  P[15 + 4 + 7] = P[26] = 21,    &7 = 5: -y + 2x
  //   (-1,4): P[6] = 131, P[131 + 4 + 7] = P[142] = 85,  &7 = 5: -y + 2x
  //   (-1,5): P[131 + 5 + 7] = P[143] = 212,             &7 = 4:  y + 2x
  // 70 * n * 0.5 + 0.5 = -0.118, which resin's clamp makes +0.
  float s = (-1.75f + 3.5f) * kF2;
  REQUIRE(std::floor(-1.75f + s) == -2.0f);
  REQUIRE(std::floor(3.5f + s) == 4.0f);
  float t = (-2.0f + 4.0f) * kG2;
  float x0 = -1.75f - (-2.0f - t), y0 = 3.5f - (4.0f - t);
  REQUIRE(x0 > y0);
  float x1 = x0 - 1.0f + kG2, y1 = y0 - 0.0f + kG2;
  float x2 = x0 - 1.0f + 2 * kG2, y2 = y0 - 1.0f + 2 * kG2;
  float n = corner(0.5f, -y0 + 2 * x0, x0, y0) + corner(0.5f, -y1 + 2 * x1, x1, y1) +
            corner(0.5f, y2 + 2 * x2, x2, y2);
  float unclamped = 70.0f * n * 0.5f + 0.5f;
  CHECK(unclamped < -0.1f);
  CHECK(std::bit_cast<uint32_t>(simplex2(-1.75f, 3.5f, 7)) == 0x00000000u); // +0, resin's code
}

TEST_CASE("simplex3(0.25, 0.5, 0.75) seed 0") {
  // s = 1.5*F3 = 0.5 (rounded from 0.50000002); i = floor(0.75) = 0,
  // j = floor(1.0) = 1, k = floor(1.25) = 1; t = 2*G3 = 1/3;
  // d0 = (0.25 + 1/3, 0.5 - 2/3, 0.75 - 2/3) = (0.5833, -0.1667, 0.0833):
  // x0 >= y0, y0 < z0, x0 >= z0: corners (0,1,1), +(1,0,0), +(1,0,1), +(1,1,1).
  //   (0,1,1): P[P[P[0] + 1] + 1] = P[P[152] + 1] = P[183] = 110, &15 = 14: y - x
  //   (1,1,1): P[P[160 + 1] + 1] = P[249] = 195,                  &15 = 3: -x - y
  //   (1,1,2): P[248 + 2] = P[250] = 78,                          &15 = 14: y - x
  //   (1,2,2): P[P[162] + 2] = P[154] = 28,                       &15 = 12: y + x;
  //            its t = 0.6 - 0.625 < 0: cut off.
  float s = (0.25f + 0.5f + 0.75f) * kF3;
  REQUIRE(s == 0.5f);
  float t = (0.0f + 1.0f + 1.0f) * kG3;
  float x0 = 0.25f - (0.0f - t), y0 = 0.5f - (1.0f - t), z0 = 0.75f - (1.0f - t);
  REQUIRE((x0 >= y0 && !(y0 >= z0) && x0 >= z0));
  float x1 = x0 - 1 + kG3, y1 = y0 - 0 + kG3, z1 = z0 - 0 + kG3;
  float x2 = x0 - 1 + 2 * kG3, y2 = y0 - 0 + 2 * kG3, z2 = z0 - 1 + 2 * kG3;
  float x3 = x0 - 1 + 0.5f, y3 = y0 - 1 + 0.5f, z3 = z0 - 1 + 0.5f;
  float n = corner(0.6f, y0 - x0, x0, y0, z0) + corner(0.6f, -x1 - y1, x1, y1, z1) +
            corner(0.6f, y2 - x2, x2, y2, z2) + corner(0.6f, y3 + x3, x3, y3, z3);
  CHECK(corner(0.6f, y3 + x3, x3, y3, z3) == 0.0f);
  float expected = 32.0f * n * 0.5f + 0.5f;
  CHECK(expected == std::bit_cast<float>(0x3f2ee12cu)); // 0.68312335, resin's code
  CHECK(simplex3(0.25f, 0.5f, 0.75f, 0) == expected);

  double X0 = 0.25 + 1.0 / 3, Y0 = 0.5 - 2.0 / 3, Z0 = 0.75 - 2.0 / 3;
  double X1 = X0 - 1 + 1.0 / 6, Y1 = Y0 + 1.0 / 6, Z1 = Z0 + 1.0 / 6;
  double X2 = X0 - 1 + 1.0 / 3, Y2 = Y0 + 1.0 / 3, Z2 = Z0 - 1 + 1.0 / 3;
  double nd = cornerD(0.6, Y0 - X0, X0, Y0, Z0) + cornerD(0.6, -X1 - Y1, X1, Y1, Z1) +
              cornerD(0.6, Y2 - X2, X2, Y2, Z2);
  CHECK(std::fabs(simplex3(0.25f, 0.5f, 0.75f, 0) - (nd * 16 + 0.5)) < 1e-6);
}

TEST_CASE("simplex3(-2.5, 1.25, 0.125) seed 3") {
  // s = -1.125*F3 = -0.375; i = floor(-2.875) = -3, j = floor(0.875) = 0,
  // k = floor(-0.25) = -1; t = -4*G3 = -2/3;
  // d0 = (-2.5 + 3 - 2/3, 1.25 - 2/3, 0.125 + 1 - 2/3) = (-0.1667, 0.5833, 0.4583):
  // x0 < y0, y0 >= z0, x0 < z0: corners +(0,1,0), +(0,1,1), +(1,1,1).
  // perm(i) = P[(i + 3) & 255], perm(-3) = P[0] = 151, perm(-2) = P[1] = 160:
  //   (-3,0,-1): P[151 + 0 + 3] = P[154] = 28, P[28 - 1 + 3] = P[30] = 6, &15 = 6: x - z
  //   (-3,1,-1): P[155] = 42, P[44] = 117,                                &15 = 5: -x + z
  //   (-3,1,0):  P[45] = 35,                                              &15 = 3: -x - y
  //   (-2,1,0):  P[160 + 1 + 3] = P[164] = 44, P[47] = 32,                &15 = 0: x + y
  float s = (-2.5f + 1.25f + 0.125f) * kF3;
  REQUIRE(s == -0.375f);
  float t = (-3.0f + 0.0f + -1.0f) * kG3;
  float x0 = -2.5f - (-3.0f - t), y0 = 1.25f - (0.0f - t), z0 = 0.125f - (-1.0f - t);
  REQUIRE((x0 < y0 && y0 >= z0 && x0 < z0));
  float x1 = x0 - 0 + kG3, y1 = y0 - 1 + kG3, z1 = z0 - 0 + kG3;
  float x2 = x0 - 0 + 2 * kG3, y2 = y0 - 1 + 2 * kG3, z2 = z0 - 1 + 2 * kG3;
  float x3 = x0 - 1 + 0.5f, y3 = y0 - 1 + 0.5f, z3 = z0 - 1 + 0.5f;
  float n = corner(0.6f, x0 - z0, x0, y0, z0) + corner(0.6f, -x1 + z1, x1, y1, z1) +
            corner(0.6f, -x2 - y2, x2, y2, z2) + corner(0.6f, x3 + y3, x3, y3, z3);
  float expected = 32.0f * n * 0.5f + 0.5f;
  CHECK(expected == std::bit_cast<float>(0x3ecd8519u)); // 0.40140608, resin's code
  CHECK(simplex3(-2.5f, 1.25f, 0.125f, 3) == expected);

  double X0 = -1.0 / 6, Y0 = 1.25 - 2.0 / 3, Z0 = 1.125 - 2.0 / 3;
  double X1 = X0 + 1.0 / 6, Y1 = Y0 - 1 + 1.0 / 6, Z1 = Z0 + 1.0 / 6;
  double X2 = X0 + 1.0 / 3, Y2 = Y0 - 1 + 1.0 / 3, Z2 = Z0 - 1 + 1.0 / 3;
  double X3 = X0 - 0.5, Y3 = Y0 - 0.5, Z3 = Z0 - 0.5;
  double nd = cornerD(0.6, X0 - Z0, X0, Y0, Z0) + cornerD(0.6, -X1 + Z1, X1, Y1, Z1) +
              cornerD(0.6, -X2 - Y2, X2, Y2, Z2) + cornerD(0.6, X3 + Y3, X3, Y3, Z3);
  CHECK(std::fabs(simplex3(-2.5f, 1.25f, 0.125f, 3) - (nd * 16 + 0.5)) < 1e-6);
}

TEST_CASE("fbm2 with two octaves is the weighted average of two perlin2 values") {
  // Octave 0: perlin2(0.5, 0.25) = 2339/4096 (above), weight 1.
  // Octave 1: perlin2(1.0, 0.5), weight 1/2: xi = 1, xf = 0, yi = 0, yf = 1/2;
  // h1(1) = P[1] = 160, h1(2) = P[2] = 137:
  //   (1,0): h2 = P[160] = 119, &7 = 7: -dy - 2dx at ( 0,  1/2) = -1/2
  //   (2,0): h2 = P[137] = 147, &7 = 3: -dx - 2dy at (-1,  1/2) =  0
  //   (1,1): h2 = P[161] = 248, &7 = 0:  dx + 2dy at ( 0, -1/2) = -1
  //   (2,1): h2 = P[138] = 118, &7 = 6:  dy - 2dx at (-1, -1/2) =  3/2
  // fade(0) = 0: lerps give -1/2 and -1; fade(1/2) = 1/2: n = -3/4,
  // perlin2 = 1/8. fbm = (2339/4096 + (1/8)(1/2)) / (1 + 1/2) = 865/2048.
  float n = lerp(kFadeHalf, lerp(0.0f, -0.5f, 0.0f), lerp(0.0f, -1.0f, 1.5f));
  CHECK(n == -0.75f);
  CHECK(perlin2(1.0f, 0.5f, 0) == 0.125f);
  FbmParams p;
  p.octaves = 2;
  CHECK(fbm2(0.5f, 0.25f, p) == 865.0f / 2048.0f);
  CHECK(fbm2(0.5f, 0.25f, p) == (2339.0f / 4096.0f + 0.125f * 0.5f) / 1.5f);
  // One octave is the basis itself.
  p.octaves = 1;
  CHECK(fbm2(0.5f, 0.25f, p) == 2339.0f / 4096.0f);
  // fbm3 with one octave is perlin3; with simplex basis, simplex.
  CHECK(fbm3(0.5f, 0.25f, 0.75f, p) == 618787.0f / 2097152.0f);
  p.basis = Basis::Simplex;
  CHECK(fbm2(0.25f, 0.5f, p) == simplex2(0.25f, 0.5f, 0));
}
