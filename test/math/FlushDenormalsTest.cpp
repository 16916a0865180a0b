// Under flush-to-zero and denormals-are-zero (the audio engine's MXCSR mode)
// every function must still terminate with sane results: within its bound,
// or what flushing explains (a subnormal input read as +-0, a subnormal result
// flushed to 0).
#include <cfloat>
#include <cmath>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "MathTestUtil.h"
#include "resin/math/Math.h"
#include "resin/support/FloatEnv.h"

using namespace resin::mathtest;
namespace rm = resin::math;
using rm::MathMode;

namespace {

bool sameValue(float a, float b) {
  return (std::isnan(a) && std::isnan(b)) || a == b;
}

struct Failure {
  long count = 0;
  float x = 0, y = 0, got = 0;
};

// got is acceptable under FTZ/DAZ for input(s) with exact value want.
bool acceptable(float got, double want, double bound, bool subIn, float gotAtZero) {
  if (ulpError(got, want) <= bound)
    return true;
  if (std::fabs(want) < double(FLT_MIN) && got == 0.0f)
    return true;                             // result flushed
  return subIn && sameValue(got, gotAtZero); // input read as zero
}

bool isSub(float x) {
  return x != 0.0f && std::fabs(x) < FLT_MIN;
}

template <class Fn>
Failure unaryUnderFlush(Fn fn, double (*ref)(double), double lo, double hi, double bound) {
  std::vector<float> xs = {0.0f, -0.0f, kInf, -kInf, kNaN, FLT_MIN, -FLT_MIN, 0x1p-149f};
  logSweep(lo, hi, 100'000, true, [&](float x) { xs.push_back(x); });
  std::vector<double> want;
  std::vector<char> sub; // classified outside the flush scope: DAZ makes x != 0 false
  for (float x : xs) {
    want.push_back(ref(double(x)));
    sub.push_back(isSub(x));
  }
  Failure f;
  resin::ScopedFlushDenormals flush(true);
  for (size_t i = 0; i < xs.size(); ++i) {
    float x = xs[i], got = fn(x);
    if (!acceptable(got, want[i], bound, sub[i], fn(std::copysign(0.0f, x)))) {
      ++f.count;
      f.x = x;
      f.got = got;
    }
  }
  return f;
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

} // namespace

TEST_CASE("results under FTZ/DAZ") {
  for (MathMode m : {MathMode::Precise, MathMode::Fast}) {
    const bool fast = m == MathMode::Fast;
    const double trigRange = fast ? 1e4 : 1e5, b = fast ? 4.0 : 1.0;
    struct Row {
      const char *name;
      Failure f;
    };
    Row rows[] = {
        {"sin",
         unaryUnderFlush([m](float x) { return rm::sin(x, m); }, dsin, 0x1p-149, trigRange, b)},
        {"cos",
         unaryUnderFlush([m](float x) { return rm::cos(x, m); }, dcos, 0x1p-149, trigRange, b)},
        {"tan",
         unaryUnderFlush([m](float x) { return rm::tan(x, m); }, dtan, 0x1p-149, trigRange, b)},
        {"exp", unaryUnderFlush([m](float x) { return rm::exp(x, m); }, dexp, 0x1p-149, 110.0, b)},
        {"ln", unaryUnderFlush([m](float x) { return rm::ln(x, m); }, dlog, 0x1p-149, FLT_MAX, b)},
        {"tanh",
         unaryUnderFlush([m](float x) { return rm::tanh(x, m); }, dtanh, 0x1p-149, 20.0, b)},
    };
    for (const Row &r : rows) {
      INFO((std::string(fast ? "fast " : "precise ") + r.name)
           << ": " << r.f.count << " bad, e.g. x=" << r.f.x << " gave " << r.f.got);
      CHECK(r.f.count == 0);
    }
    // pow on a grid, both operands possibly subnormal.
    std::vector<float> xs = {0.0f, -0.0f, 0x1p-149f, -0x1p-140f, FLT_MIN, 1.0f, -1.0f, kInf};
    logSweep(0x1p-149, FLT_MAX, 300, true, [&](float x) { xs.push_back(x); });
    std::vector<float> ys;
    uniformSweep(-40.0, 40.0, 300, [&](float y) { ys.push_back(y); });
    ys.push_back(0x1p-140f);
    ys.push_back(3.0f);
    std::vector<double> want;
    std::vector<float> x0, y0; // the operands as DAZ reads them
    for (float x : xs)
      for (float y : ys)
        want.push_back(std::pow(double(x), double(y)));
    for (float x : xs)
      x0.push_back(isSub(x) ? std::copysign(0.0f, x) : x);
    for (float y : ys)
      y0.push_back(isSub(y) ? std::copysign(0.0f, y) : y);
    Failure f;
    {
      resin::ScopedFlushDenormals flush(true);
      size_t i = 0;
      for (size_t ix = 0; ix < xs.size(); ++ix)
        for (size_t iy = 0; iy < ys.size(); ++iy) {
          float x = xs[ix], y = ys[iy];
          float got = rm::pow(x, y, m);
          bool sub = bits(x) != bits(x0[ix]) || bits(y) != bits(y0[iy]);
          float atZero = rm::pow(x0[ix], y0[iy], m);
          if (!acceptable(got, want[i++], fast ? 8.0 : 2.0, sub, atZero)) {
            ++f.count;
            f.x = x;
            f.y = y;
            f.got = got;
          }
        }
    }
    INFO(std::string(fast ? "fast" : "precise")
         << " pow: " << f.count << " bad, e.g. pow(" << f.x << ", " << f.y << ") gave " << f.got);
    CHECK(f.count == 0);
  }
}
