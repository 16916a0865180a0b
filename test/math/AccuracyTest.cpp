// Accuracy sweeps of every math function at both levels against double libm
// (docs/reference/field-language.md, "Math contract"): log-spaced over the domain with both signs,
// uniform over the domain, and the hard spots of each function. Each sweep
// reports its worst point with MESSAGE and checks the contract bound.
#include <cfloat>
#include <cmath>
#include <cstring>

#include <doctest/doctest.h>

#include "MathTestUtil.h"
#include "resin/math/Math.h"

using namespace resin::mathtest;
namespace rm = resin::math;

namespace {

constexpr long kN = 1'000'000; // points per sweep

template <class Fn, class Ref> struct Unary {
  Fn fn;
  Ref ref;
  Worst worst;
  void operator()(float x) { worst.add(ulpError(fn(x), ref(double(x))), x); }
};
template <class Fn, class Ref> Unary<Fn, Ref> unary(Fn fn, Ref ref) {
  return {fn, ref, {}};
}

void report(const char *what, const Worst &w, double bound) {
  MESSAGE(describe(what, w));
  CHECK(w.count > 0);
  CHECK(w.ulp <= bound);
}

// Sweeps of sin/cos/tan up to `range`, plus finiteness (and |y| <= 1 when
// `bounded`) beyond it.
template <class Fn>
void trigSweeps(Fn fn, double (*ref)(double), double range, double bound, bool bounded) {
  {
    auto u = unary(fn, ref);
    logSweep(1e-45, range, kN / 2, true, [&](float x) { u(x); });
    report("log-spaced, both signs", u.worst, bound);
  }
  {
    auto u = unary(fn, ref);
    uniformSweep(-range, range, kN, [&](float x) { u(x); });
    report("uniform", u.worst, bound);
  }
  {
    auto u = unary(fn, ref);
    nearPio2Sweep(long(range / 1.5707963267948966), [&](float x) { u(x); });
    report("near multiples of pi/2", u.worst, bound);
  }
  long bad = 0;
  float badX = 0;
  logSweep(range, FLT_MAX, 100'000, true, [&](float x) {
    float y = fn(x);
    if (!std::isfinite(y) || (bounded && std::fabs(y) > 1.0f)) {
      ++bad;
      badX = x;
    }
  });
  MESSAGE("beyond the accurate range: " << bad << " non-finite or out-of-range, e.g. x=" << badX);
  CHECK(bad == 0);
}

double dsin(double x) {
  return std::sin(x);
}
double dcos(double x) {
  return std::cos(x);
}
double dtan(double x) {
  return std::tan(x);
}
double dexp(double x) {
  return std::exp(x);
}
double dlog(double x) {
  return std::log(x);
}
double dtanh(double x) {
  return std::tanh(x);
}

template <class Fn> void expSweeps(Fn fn, double bound) {
  {
    auto u = unary(fn, dexp);
    logSweep(1e-45, 110.0, kN / 2, true, [&](float x) { u(x); });
    report("log-spaced, both signs", u.worst, bound);
  }
  {
    auto u = unary(fn, dexp);
    uniformSweep(-110.0, 90.0, kN, [&](float x) { u(x); });
    report("uniform over [-110, 90]", u.worst, bound);
  }
  {
    // 2000 floats around each threshold: overflow, the normal/subnormal
    // boundary, and the last non-zero result.
    auto u = unary(fn, dexp);
    for (float t : {88.7228394f, -87.3365479f, -103.972084f}) {
      float x = t;
      for (int i = 0; i < 1000; ++i)
        x = std::nextafter(x, -kInf);
      for (int i = 0; i < 2000; ++i, x = std::nextafter(x, kInf))
        u(x);
    }
    report("around overflow/subnormal/underflow thresholds", u.worst, bound);
  }
}

template <class Fn> void lnSweeps(Fn fn, double bound) {
  {
    auto u = unary(fn, dlog);
    logSweep(0x1p-149, FLT_MAX, kN, false, [&](float x) { u(x); });
    report("log-spaced over (0, FLT_MAX], subnormals included", u.worst, bound);
  }
  {
    auto u = unary(fn, dlog);
    uniformSweep(0.0, 16.0, kN, [&](float x) { u(x); });
    report("uniform over (0, 16]", u.worst, bound);
  }
  {
    auto u = unary(fn, dlog);
    for (float x = 0.99609375f; x <= 1.00390625f; x = std::nextafter(x, kInf))
      u(x);
    report("every float in [1 - 2^-8, 1 + 2^-8]", u.worst, bound);
  }
  {
    auto u = unary(fn, dlog);
    for (uint32_t b = 1; b < 0x00800000u; b += 97) // subnormals
      u(std::ldexp(float(b), -149));
    report("subnormals", u.worst, bound);
  }
}

template <class Fn> void tanhSweeps(Fn fn, double bound) {
  {
    auto u = unary(fn, dtanh);
    logSweep(1e-45, 20.0, kN / 2, true, [&](float x) { u(x); });
    report("log-spaced, both signs", u.worst, bound);
  }
  {
    auto u = unary(fn, dtanh);
    uniformSweep(-10.0, 10.0, kN, [&](float x) { u(x); });
    report("uniform over [-10, 10]", u.worst, bound);
  }
}

// pow on pairs: x log-spaced over (0, FLT_MAX], y uniform over the range that
// keeps |x|^y finite (y log2 x in [-155, 128)); then negative and positive x
// with integer y over the same range. Pairs with an overflowing exact result
// are skipped.
template <class Fn> void powSweeps(Fn fn, double bound) {
  const long nx = 1000, ny = 1000;
  Worst real, integer;
  auto visit = [&](Worst &w, float x, float y) {
    double want = std::pow(double(x), double(y));
    if (std::fabs(want) > double(FLT_MAX))
      return;
    w.add(ulpError(fn(x, y), want), x, y);
  };
  logSweep(0x1p-149, FLT_MAX, nx, false, [&](float x) {
    double l = std::log2(double(x));
    double lo = l == 0 ? -1e6 : std::min(-155.0 / l, 128.0 / l);
    double hi = l == 0 ? 1e6 : std::max(-155.0 / l, 128.0 / l);
    uniformSweep(lo, hi, ny, [&](float y) { visit(real, x, y); });
    uniformSweep(lo, hi, ny / 2, [&](float y) {
      float yi = std::nearbyint(y);
      visit(integer, x, yi);
      visit(integer, -x, yi);
    });
  });
  MESSAGE(describe("x log-spaced, y uniform", real, true));
  CHECK(real.count > 900'000);
  CHECK(real.ulp <= bound);
  MESSAGE(describe("x log-spaced with both signs, y integer", integer, true));
  CHECK(integer.count > 900'000);
  CHECK(integer.ulp <= bound);
}

} // namespace

TEST_CASE("sin precise") {
  trigSweeps([](float x) { return rm::sinPrecise(x); }, dsin, 1e5, 1.0, true);
}
// Denser than the sweeps above where the 1-ULP bound is tightest: every 97th
// float bit pattern in [0, 1e5] (12.3M points), the whole of it where
// resin_math_sweep runs with stride 1. Precise sin and cos evaluate |x| and set
// the sign by bits, so the negative half is checked as exact symmetry.
template <class Fn> void denseTrigSweep(Fn fn, double (*ref)(double), bool odd) {
  Worst w;
  long asymmetric = 0;
  const uint32_t top = bits(1e5f);
  for (uint32_t b = 0; b <= top; b += 97) {
    float x;
    std::memcpy(&x, &b, sizeof x);
    float y = fn(x);
    w.add(ulpError(y, ref(double(x))), x);
    asymmetric += bits(fn(-x)) == bits(odd ? -y : y) ? 0 : 1;
  }
  report("every 97th float in [0, 1e5]", w, 1.0);
  CHECK(w.count > 12'000'000);
  CHECK(asymmetric == 0);
}

TEST_CASE("sin precise, dense") {
  denseTrigSweep([](float x) { return rm::sinPrecise(x); }, dsin, true);
}
TEST_CASE("cos precise, dense") {
  denseTrigSweep([](float x) { return rm::cosPrecise(x); }, dcos, false);
}
TEST_CASE("sin fast") {
  trigSweeps([](float x) { return rm::sinFast(x); }, dsin, 1e4, 4.0, false);
}
TEST_CASE("cos precise") {
  trigSweeps([](float x) { return rm::cosPrecise(x); }, dcos, 1e5, 1.0, true);
}
TEST_CASE("cos fast") {
  trigSweeps([](float x) { return rm::cosFast(x); }, dcos, 1e4, 4.0, false);
}
TEST_CASE("tan precise") {
  trigSweeps([](float x) { return rm::tanPrecise(x); }, dtan, 1e5, 1.0, false);
}
TEST_CASE("tan fast") {
  trigSweeps([](float x) { return rm::tanFast(x); }, dtan, 1e4, 4.0, false);
}
TEST_CASE("exp precise") {
  expSweeps([](float x) { return rm::expPrecise(x); }, 1.0);
}
TEST_CASE("exp fast") {
  expSweeps([](float x) { return rm::expFast(x); }, 4.0);
}
TEST_CASE("ln precise") {
  lnSweeps([](float x) { return rm::lnPrecise(x); }, 1.0);
}
TEST_CASE("ln fast") {
  lnSweeps([](float x) { return rm::lnFast(x); }, 4.0);
}
TEST_CASE("tanh precise") {
  tanhSweeps([](float x) { return rm::tanhPrecise(x); }, 1.0);
}
TEST_CASE("tanh fast") {
  tanhSweeps([](float x) { return rm::tanhFast(x); }, 4.0);
}
TEST_CASE("pow precise") {
  powSweeps([](float x, float y) { return rm::powPrecise(x, y); }, 2.0);
}
TEST_CASE("pow fast") {
  powSweeps([](float x, float y) { return rm::powFast(x, y); }, 8.0);
}
