// The noise templates (F = float) against the plain reference transcription
// of resin's noise in Reference.h, bit for bit, over random points: small and
// large, negative, integral, and up to the int32 limit of the reference.
#include "Reference.h"
#include "Random.h"

#include "resin/noise/Noise.h"

#include <doctest/doctest.h>

#include <functional>
#include <sstream>
#include <string>

using namespace resin::noise;
using resin::math::bitsOf;
using resin::noise::test::Random;

namespace {

// A coordinate in one of several regimes; `maxExp` bounds |v| < 2^maxExp so
// that the reference's int32 cell coordinates stay valid.
float coordinate(Random &r, int maxExp) {
  switch (r.next() % 6) {
  case 0:
    return r.uniform(-4, 4);
  case 1:
    return r.uniform(-300, 300);
  case 2:
    return r.logUniform(-20, maxExp);
  case 3:
    return float(int64_t(r.logUniform(0, maxExp))); // integral
  case 4:
    return float(int64_t(r.uniform(-1000, 1000))) + 0.5f;
  default:
    return r.uniform(-(1 << 20), 1 << 20);
  }
}

struct Mismatches {
  long count = 0;
  std::string first;
  void add(float got, float want, const std::string &where) {
    if (bitsOf(got) == bitsOf(want))
      return;
    if (count++ == 0) {
      std::ostringstream os;
      os.precision(9);
      os << where << ": got " << got << ", reference " << want;
      first = os.str();
    }
  }
};

std::string at(float x, float y, float z, int32_t seed) {
  std::ostringstream os;
  os.precision(9);
  os << "(" << x << ", " << y << ", " << z << ") seed " << seed;
  return os.str();
}

constexpr int kPoints = 200000;

} // namespace

TEST_CASE("perlin2 and perlin3 equal the reference bit for bit") {
  Random r(1);
  Mismatches m2, m3;
  for (int n = 0; n < kPoints; ++n) {
    // |v| < 2^31: floor(v) fits int32; the most negative cell -2^31 included.
    float x = coordinate(r, 31), y = coordinate(r, 31), z = coordinate(r, 31);
    int32_t seed = (n % 4 == 0) ? 0 : r.seed();
    m2.add(perlin2(x, y, seed), ref::perlin2(x, y, seed), at(x, y, 0, seed));
    m3.add(perlin3(x, y, z, seed), ref::perlin3(x, y, z, seed), at(x, y, z, seed));
  }
  for (float edge : {-0x1p31f, 0x1p31f - 128, -0x1p31f + 128, 0x1p24f + 2, -0x1p24f - 2}) {
    m2.add(perlin2(edge, 0.3f, 5), ref::perlin2(edge, 0.3f, 5), at(edge, 0.3f, 0, 5));
    m3.add(perlin3(0.7f, edge, -edge, 5), ref::perlin3(0.7f, edge, -edge, 5),
           at(0.7f, edge, -edge, 5));
  }
  INFO(m2.first);
  CHECK(m2.count == 0);
  INFO(m3.first);
  CHECK(m3.count == 0);
}

TEST_CASE("simplex2 and simplex3 equal the reference bit for bit") {
  Random r(2);
  Mismatches m2, m3;
  for (int n = 0; n < kPoints; ++n) {
    // |v| < 2^29 keeps floor(v + s) inside int32 for the reference.
    float x = coordinate(r, 29), y = coordinate(r, 29), z = coordinate(r, 29);
    int32_t seed = (n % 4 == 0) ? 0 : r.seed();
    m2.add(simplex2(x, y, seed), ref::simplex2(x, y, seed), at(x, y, 0, seed));
    m3.add(simplex3(x, y, z, seed), ref::simplex3(x, y, z, seed), at(x, y, z, seed));
  }
  // Ties in the rank rules (x0 == y0 == z0 and pairs) take resin's branch
  // (`x0 > y0` in 2D, `>=` and `<` in 3D).
  for (float v : {0.0f, 0.25f, -1.5f, 7.0f})
    for (int32_t seed : {0, 11}) {
      m2.add(simplex2(v, v, seed), ref::simplex2(v, v, seed), at(v, v, 0, seed));
      m3.add(simplex3(v, v, v, seed), ref::simplex3(v, v, v, seed), at(v, v, v, seed));
      m3.add(simplex3(v, v, 0.5f, seed), ref::simplex3(v, v, 0.5f, seed), at(v, v, 0.5f, seed));
      m3.add(simplex3(0.5f, v, v, seed), ref::simplex3(0.5f, v, v, seed), at(0.5f, v, v, seed));
      m3.add(simplex3(v, 0.5f, v, seed), ref::simplex3(v, 0.5f, v, seed), at(v, 0.5f, v, seed));
    }
  INFO(m2.first);
  CHECK(m2.count == 0);
  INFO(m3.first);
  CHECK(m3.count == 0);
}

TEST_CASE("fbm equals the weighted sum of reference octaves") {
  // The fbm of docs/reference/field-language.md with the host-side float f_k, a_k
  // and the reference basis.
  auto refFbm = [](const FbmParams &p, const std::function<float(float)> &basisAtScale) {
    float sum = 0, norm = 0, f = 1, a = 1;
    for (int k = 0; k < p.octaves; ++k) {
      sum = sum + basisAtScale(f) * a;
      norm = norm + a;
      f = f * p.lacunarity;
      a = a * p.gain;
    }
    return sum / norm;
  };
  Random r(3);
  Mismatches m;
  for (int n = 0; n < 20000; ++n) {
    FbmParams p;
    p.octaves = 1 + int(r.next() % 16);
    p.lacunarity = r.uniform(1, 3);
    p.gain = r.uniform(0, 1);
    p.basis = (r.next() & 1) ? Basis::Simplex : Basis::Perlin;
    p.seed = r.seed();
    // Small coordinates: f_k up to 3^15 must keep the cells inside int32.
    float x = r.uniform(-4, 4), y = r.uniform(-4, 4), z = r.uniform(-4, 4);
    bool simplex = p.basis == Basis::Simplex;
    float want2 = refFbm(p, [&](float f) {
      return simplex ? ref::simplex2(x * f, y * f, p.seed) : ref::perlin2(x * f, y * f, p.seed);
    });
    float want3 = refFbm(p, [&](float f) {
      return simplex ? ref::simplex3(x * f, y * f, z * f, p.seed)
                     : ref::perlin3(x * f, y * f, z * f, p.seed);
    });
    m.add(fbm2(x, y, p), want2, at(x, y, 0, p.seed));
    m.add(fbm3(x, y, z, p), want3, at(x, y, z, p.seed));
  }
  INFO(m.first);
  CHECK(m.count == 0);
}
