// Shared helpers of the math accuracy tests: the ULP measure of the math contract
// (docs/reference/field-language.md) and input generators (log-spaced, uniform,
// near multiples of pi/2).
#pragma once

#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>

namespace resin::mathtest {

inline constexpr float kInf = std::numeric_limits<float>::infinity();
inline constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

inline uint32_t bits(float x) {
  uint32_t b;
  std::memcpy(&b, &x, sizeof b);
  return b;
}

// The spacing of floats at the float nearest to the exact value v: 2^-149
// below FLT_MIN (subnormals), 2^104 at and beyond FLT_MAX.
inline double ulpAt(double v) {
  double a = std::fabs(v);
  if (a < double(FLT_MIN))
    return std::ldexp(1.0, -149);
  float f = float(a);
  if (std::isinf(f))
    return std::ldexp(1.0, 104);
  int e;
  std::frexp(double(f), &e); // f = m 2^e, m in [0.5, 1)
  return std::ldexp(1.0, e - 24);
}

// Error of the float result `got` against the exact value `want`, in ULP of
// the float nearest `want`. NaN must match NaN; an infinite result is exact
// when `want` rounds to that infinity, and otherwise counts as +-2^128.
inline double ulpError(float got, double want) {
  if (std::isnan(want) || std::isnan(got))
    return std::isnan(want) && std::isnan(got) ? 0.0 : HUGE_VAL;
  if (std::isinf(got) && float(want) == got)
    return 0.0;
  double g = std::isinf(got) ? std::copysign(std::ldexp(1.0, 128), double(got)) : double(got);
  return std::fabs(g - want) / ulpAt(want);
}

// The worst point of a sweep.
struct Worst {
  double ulp = 0;
  float x = 0, y = 0;
  long count = 0;
  void add(double e, float xv, float yv = 0) {
    ++count;
    if (!(e <= ulp)) { // NaN errors count as worst too
      ulp = std::isnan(e) ? HUGE_VAL : e;
      x = xv;
      y = yv;
    }
  }
};

inline std::string describe(const char *what, const Worst &w, bool two = false) {
  char buf[200];
  if (two)
    std::snprintf(buf, sizeof buf, "%s: %ld points, max %.3f ULP at x=%.9g y=%.9g", what, w.count,
                  w.ulp, double(w.x), double(w.y));
  else
    std::snprintf(buf, sizeof buf, "%s: %ld points, max %.3f ULP at x=%.9g", what, w.count, w.ulp,
                  double(w.x));
  return buf;
}

// n floats log-spaced over [lo, hi] (lo > 0), visited as +x and -x when
// bothSigns (2n points then).
template <class Visit> void logSweep(double lo, double hi, long n, bool bothSigns, Visit visit) {
  double l0 = std::log2(lo), l1 = std::log2(hi);
  for (long i = 0; i < n; ++i) {
    float x = float(std::exp2(l0 + (l1 - l0) * (double(i) + 0.5) / double(n)));
    visit(x);
    if (bothSigns)
      visit(-x);
  }
}

// n floats uniform over [lo, hi].
template <class Visit> void uniformSweep(double lo, double hi, long n, Visit visit) {
  for (long i = 0; i < n; ++i)
    visit(float(lo + (hi - lo) * (double(i) + 0.5) / double(n)));
}

// For m = 1..mMax: the float nearest m pi/2 and its neighbours up to two ULP
// away, both signs (10 points per m).
template <class Visit> void nearPio2Sweep(long mMax, Visit visit) {
  const long double pio2 = 1.570796326794896619231321691639751442L;
  for (long m = 1; m <= mMax; ++m) {
    float x = float(pio2 * (long double)m);
    float lo = std::nextafter(std::nextafter(x, 0.0f), 0.0f);
    for (int j = 0; j < 5; ++j) {
      visit(lo);
      visit(-lo);
      lo = std::nextafter(lo, kInf);
    }
  }
}

} // namespace resin::mathtest
