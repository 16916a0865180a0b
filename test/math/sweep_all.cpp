// resin_math_sweep [stride] [filter]: every stride-th float bit pattern
// (default 5) through each unary function at both levels whose name contains
// `filter`, inside its contract range, with the max ULP error against double
// libm. Produces the table of docs/math.md; not part of the test run (it
// takes minutes). Stride 1 is exhaustive: `resin_math_sweep 1 precise` checks
// every float of the sin/cos/tan range (about 2.4e9 each), split over the
// hardware threads.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "MathTestUtil.h"
#include "resin/math/Math.h"

using namespace resin::mathtest;
namespace rm = resin::math;

namespace {

std::string gFilter;

template <class Fn>
void run(const char *name, Fn fn, double (*ref)(double), double lo, double hi, uint32_t stride) {
  if (std::string(name).find(gFilter) == std::string::npos)
    return;
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  std::vector<Worst> worst(threads);
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      // Thread t takes the patterns t*stride, (t + threads)*stride, ...
      uint64_t step = uint64_t(stride) * threads;
      for (uint64_t b = uint64_t(t) * stride; b < (uint64_t(1) << 32); b += step) {
        uint32_t u = uint32_t(b);
        float x;
        std::memcpy(&x, &u, sizeof x);
        if (x >= lo && x <= hi)
          worst[t].add(ulpError(fn(x), ref(double(x))), x);
      }
    });
  Worst w;
  for (unsigned t = 0; t < threads; ++t) {
    pool[t].join();
    long count = w.count + worst[t].count;
    if (!(worst[t].ulp <= w.ulp))
      w = worst[t];
    w.count = count;
  }
  std::printf("%s\n", describe(name, w).c_str());
  std::fflush(stdout);
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

int main(int argc, char **argv) {
  uint32_t stride = argc > 1 ? uint32_t(std::atoi(argv[1])) : 5u;
  gFilter = argc > 2 ? argv[2] : "";
  const double inf = HUGE_VAL;
  run(
      "sin precise", [](float x) { return rm::sinPrecise(x); }, dsin, -1e5, 1e5, stride);
  run(
      "sin fast", [](float x) { return rm::sinFast(x); }, dsin, -1e4, 1e4, stride);
  run(
      "cos precise", [](float x) { return rm::cosPrecise(x); }, dcos, -1e5, 1e5, stride);
  run(
      "cos fast", [](float x) { return rm::cosFast(x); }, dcos, -1e4, 1e4, stride);
  run(
      "tan precise", [](float x) { return rm::tanPrecise(x); }, dtan, -1e5, 1e5, stride);
  run(
      "tan fast", [](float x) { return rm::tanFast(x); }, dtan, -1e4, 1e4, stride);
  run(
      "exp precise", [](float x) { return rm::expPrecise(x); }, dexp, -inf, inf, stride);
  run(
      "exp fast", [](float x) { return rm::expFast(x); }, dexp, -inf, inf, stride);
  run(
      "ln precise", [](float x) { return rm::lnPrecise(x); }, dlog, 0.0, inf, stride);
  run(
      "ln fast", [](float x) { return rm::lnFast(x); }, dlog, 0.0, inf, stride);
  run(
      "tanh precise", [](float x) { return rm::tanhPrecise(x); }, dtanh, -inf, inf, stride);
  run(
      "tanh fast", [](float x) { return rm::tanhFast(x); }, dtanh, -inf, inf, stride);
}
