// Special values of every math function at both levels, checked exactly
// (docs/reference/field-language.md, "Math contract"; pow per C99 Annex F powf),
// and the extreme finite inputs checked against libm in ULP.
#include <cfloat>
#include <cmath>
#include <initializer_list>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "MathTestUtil.h"
#include "resin/math/Math.h"

using namespace resin::mathtest;
namespace rm = resin::math;
using rm::MathMode;

namespace {

constexpr MathMode kModes[] = {MathMode::Precise, MathMode::Fast};

std::string name(MathMode m) {
  return m == MathMode::Fast ? "fast" : "precise";
}

// Same value: both NaN, or the same bits (so -0 differs from +0).
bool same(float a, float b) {
  return (std::isnan(a) && std::isnan(b)) || bits(a) == bits(b);
}

struct Case {
  float x, want;
};

template <class Fn> void checkExact(const char *fname, Fn fn, std::initializer_list<Case> cases) {
  for (MathMode m : kModes)
    for (const Case &c : cases) {
      float got = fn(c.x, m);
      INFO((std::string(fname) + " " + name(m))
           << "(" << c.x << ") = " << got << ", want " << c.want);
      CHECK(same(got, c.want));
    }
}

template <class Fn>
void checkUlp(const char *fname, Fn fn, double (*ref)(double), std::initializer_list<float> xs) {
  for (MathMode m : kModes)
    for (float x : xs) {
      float got = fn(x, m);
      double err = ulpError(got, ref(double(x)));
      INFO((std::string(fname) + " " + name(m))
           << "(" << x << ") = " << got << ": " << err << " ULP");
      CHECK(err <= (m == MathMode::Fast ? 4.0 : 1.0));
    }
}

const float kSub = 0x1p-149f;        // smallest subnormal
const float kSubBig = 0x1p-127f;     // a larger subnormal
const float kNearPio2 = 1.57079637f; // float nearest pi/2

} // namespace

TEST_CASE("sin cos tan special values") {
  auto s = [](float x, MathMode m) { return rm::sin(x, m); };
  auto c = [](float x, MathMode m) { return rm::cos(x, m); };
  auto t = [](float x, MathMode m) { return rm::tan(x, m); };
  checkExact("sin", s,
             {{0.0f, 0.0f},
              {-0.0f, -0.0f},
              {kInf, kNaN},
              {-kInf, kNaN},
              {kNaN, kNaN},
              {kSub, kSub},
              {-kSub, -kSub},
              {FLT_MIN, FLT_MIN},
              {-FLT_MIN, -FLT_MIN}});
  checkExact("cos", c, {{0.0f, 1.0f}, {-0.0f, 1.0f}, {kInf, kNaN}, {-kInf, kNaN}, {kNaN, kNaN}});
  checkExact("tan", t,
             {{0.0f, 0.0f},
              {-0.0f, -0.0f},
              {kInf, kNaN},
              {-kInf, kNaN},
              {kNaN, kNaN},
              {kSub, kSub},
              {-kSub, -kSub},
              {FLT_MIN, FLT_MIN}});
  const std::initializer_list<float> hard = {
      kSubBig,       FLT_MIN,     1e-20f,       kNearPio2, -kNearPio2, 2 * kNearPio2,
      3 * kNearPio2, 252.898209f, 0.785398185f, 1e4f,      -1e4f,      6433.98193f};
  checkUlp(
      "sin", s, [](double x) { return std::sin(x); }, hard);
  checkUlp(
      "cos", c, [](double x) { return std::cos(x); }, hard);
  checkUlp(
      "tan", t, [](double x) { return std::tan(x); }, hard);
  for (MathMode m : kModes)
    for (float x : {FLT_MAX, -FLT_MAX, 1e30f, 3e20f, 1e10f}) {
      INFO(name(m) << " at x=" << x);
      CHECK(std::isfinite(rm::sin(x, m)));
      CHECK(std::isfinite(rm::cos(x, m)));
      CHECK(std::isfinite(rm::tan(x, m)));
      CHECK(std::fabs(rm::sinPrecise(x)) <= 1.0f);
      CHECK(std::fabs(rm::cosPrecise(x)) <= 1.0f);
    }
}

TEST_CASE("exp special values") {
  auto e = [](float x, MathMode m) { return rm::exp(x, m); };
  checkExact("exp", e,
             {{0.0f, 1.0f},
              {-0.0f, 1.0f},
              {kInf, kInf},
              {-kInf, 0.0f},
              {kNaN, kNaN},
              {FLT_MAX, kInf},
              {-FLT_MAX, 0.0f},
              {FLT_MIN, 1.0f},
              {kSub, 1.0f},
              {-kSub, 1.0f},
              {88.7228394f, kInf},  // the smallest x that overflows (ln FLT_MAX = 88.7228391)
              {-103.972092f, 0.0f}, // below ln(2^-150): rounds to 0
              {-200.0f, 0.0f},
              {1.0e3f, kInf}});
  checkUlp("exp", e, [](double x) { return std::exp(x); },
           {88.7228317f, 1.0f, -1.0f, -87.3365479f, -87.3365555f, -100.0f, -103.972084f,
            -103.27893f, 88.0f, 0.346573591f, -0.346573591f, 1e-7f});
}

TEST_CASE("ln special values") {
  auto l = [](float x, MathMode m) { return rm::ln(x, m); };
  checkExact("ln", l,
             {{1.0f, 0.0f},
              {0.0f, -kInf},
              {-0.0f, -kInf},
              {-1.0f, kNaN},
              {-kSub, kNaN},
              {-FLT_MAX, kNaN},
              {-kInf, kNaN},
              {kInf, kInf},
              {kNaN, kNaN}});
  checkUlp("ln", l, [](double x) { return std::log(x); },
           {FLT_MAX, FLT_MIN, kSub, kSubBig, 0x1.fffffcp-127f, 2.0f, 0.5f, 0.99999994f, 1.00000012f,
            0.707106769f, 1.41421354f, 2.71828175f});
}

TEST_CASE("tanh special values") {
  auto h = [](float x, MathMode m) { return rm::tanh(x, m); };
  checkExact("tanh", h,
             {{0.0f, 0.0f},
              {-0.0f, -0.0f},
              {kInf, 1.0f},
              {-kInf, -1.0f},
              {kNaN, kNaN},
              {FLT_MAX, 1.0f},
              {-FLT_MAX, -1.0f},
              {20.0f, 1.0f},
              {-9.5f, -1.0f}});
  // Tiny x gives x itself (tanh x rounds to x below ~2^-11.7), subnormals too.
  for (MathMode m : kModes) {
    long wrong = 0;
    float example = 0;
    logSweep(0x1p-149, 0x1p-13, 20'000, true, [&](float x) {
      if (!same(rm::tanh(x, m), x)) {
        ++wrong;
        example = x;
      }
    });
    INFO(name(m) << ": tanh(x) != x for tiny x, e.g. " << example);
    CHECK(wrong == 0);
  }
  checkUlp("tanh", h, [](double x) { return std::tanh(x); },
           {1.0f, -1.0f, 0.5f, 0.549306154f, 8.0f, 9.0f, 9.4f, 0x1p-12f, 0x1p-11f});
}

TEST_CASE("pow special values (C99 Annex F)") {
  struct PowCase {
    float x, y, want;
  };
  const std::vector<PowCase> cases = {
      // pow(x, +-0) = 1 for any x, even NaN.
      {0.0f, 0.0f, 1.0f},
      {-0.0f, -0.0f, 1.0f},
      {kNaN, 0.0f, 1.0f},
      {kNaN, -0.0f, 1.0f},
      {kInf, 0.0f, 1.0f},
      {-kInf, -0.0f, 1.0f},
      {-2.5f, 0.0f, 1.0f},
      {FLT_MAX, 0.0f, 1.0f},
      // pow(1, y) = 1 for any y, even NaN.
      {1.0f, kNaN, 1.0f},
      {1.0f, kInf, 1.0f},
      {1.0f, -kInf, 1.0f},
      {1.0f, 2.5f, 1.0f},
      {1.0f, -FLT_MAX, 1.0f},
      // pow(-1, +-inf) = 1.
      {-1.0f, kInf, 1.0f},
      {-1.0f, -kInf, 1.0f},
      // pow(+-0, y < 0): odd integer -> +-inf, otherwise +inf.
      {0.0f, -3.0f, kInf},
      {-0.0f, -3.0f, -kInf},
      {-0.0f, -1.0f, -kInf},
      {0.0f, -2.0f, kInf},
      {-0.0f, -2.0f, kInf},
      {-0.0f, -0.5f, kInf},
      {-0.0f, -kInf, kInf},
      {0.0f, -kInf, kInf},
      {-0.0f, -FLT_MAX, kInf},
      // pow(+-0, y > 0): odd integer -> +-0, otherwise +0.
      {0.0f, 3.0f, 0.0f},
      {-0.0f, 3.0f, -0.0f},
      {-0.0f, 1.0f, -0.0f},
      {-0.0f, 2.0f, 0.0f},
      {-0.0f, 0.5f, 0.0f},
      {-0.0f, kInf, 0.0f},
      {0.0f, FLT_MAX, 0.0f},
      // Finite x < 0 with finite non-integer y: NaN.
      {-2.0f, 0.5f, kNaN},
      {-1.0f, 1.5f, kNaN},
      {-FLT_MAX, -0.25f, kNaN},
      {-kSub, 2.5f, kNaN},
      // y = -inf: |x| < 1 -> +inf, |x| > 1 -> +0.
      {0.5f, -kInf, kInf},
      {-0.5f, -kInf, kInf},
      {2.0f, -kInf, 0.0f},
      {-2.0f, -kInf, 0.0f},
      // y = +inf: |x| < 1 -> +0, |x| > 1 -> +inf.
      {0.5f, kInf, 0.0f},
      {-0.5f, kInf, 0.0f},
      {2.0f, kInf, kInf},
      {-2.0f, kInf, kInf},
      // x = -inf: y < 0 odd -> -0, other y < 0 -> +0, y > 0 odd -> -inf, other -> +inf.
      {-kInf, -3.0f, -0.0f},
      {-kInf, -2.0f, 0.0f},
      {-kInf, -0.5f, 0.0f},
      {-kInf, 3.0f, -kInf},
      {-kInf, 2.0f, kInf},
      {-kInf, 0.5f, kInf},
      {-kInf, kInf, kInf},
      {-kInf, -kInf, 0.0f},
      // x = +inf: y < 0 -> +0, y > 0 -> +inf.
      {kInf, -1.0f, 0.0f},
      {kInf, 0.5f, kInf},
      {kInf, -kInf, 0.0f},
      {kInf, kInf, kInf},
      // NaN otherwise propagates.
      {kNaN, 1.0f, kNaN},
      {2.0f, kNaN, kNaN},
      {-1.0f, kNaN, kNaN},
      {kNaN, kNaN, kNaN},
      {0.0f, kNaN, kNaN},
      {kInf, kNaN, kNaN},
      {kNaN, kInf, kNaN},
      // Overflow and underflow keep the sign rule.
      {10.0f, 39.0f, kInf},
      {-10.0f, 39.0f, -kInf},
      {10.0f, -50.0f, 0.0f},
      {-10.0f, -51.0f, -0.0f},
      {2.0f, 128.0f, kInf},
      {0.5f, 151.0f, 0.0f},
      {FLT_MAX, 2.0f, kInf},
      {kSub, 2.0f, 0.0f}};
  for (MathMode m : kModes)
    for (const PowCase &c : cases) {
      float got = rm::pow(c.x, c.y, m);
      INFO("pow " << name(m) << "(" << c.x << ", " << c.y << ") = " << got << ", want " << c.want);
      CHECK(same(got, c.want));
    }
  // Exact integer powers and the subnormal edge (precise rounds correctly).
  const std::vector<PowCase> exact = {
      {-2.0f, 3.0f, -8.0f},  {-2.0f, 2.0f, 4.0f},      {-2.0f, -1.0f, -0.5f},
      {2.0f, -149.0f, kSub}, {3.0f, 5.0f, 243.0f},     {10.0f, 10.0f, 1e10f},
      {4.0f, 0.5f, 2.0f},    {2.0f, 127.0f, 0x1p127f}, {-0.5f, -3.0f, -8.0f}};
  for (const PowCase &c : exact) {
    float got = rm::powPrecise(c.x, c.y);
    INFO("pow precise(" << c.x << ", " << c.y << ") = " << got << ", want " << c.want);
    CHECK(same(got, c.want));
    float fast = rm::powFast(c.x, c.y);
    INFO("pow fast(" << c.x << ", " << c.y << ") = " << fast);
    CHECK(ulpError(fast, double(c.want)) <= 8.0);
  }
}
