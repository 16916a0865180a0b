// The math templates instantiated with a value type that offers only the
// vocabulary of Scalar.h (Checked.h) compile, keep scaleByPow2/toUint/toFloat
// within their contracts, and give the same bits as the float instantiation.
#include <cfloat>
#include <vector>

#include "Checked.h"
#include <doctest/doctest.h>

#include "MathTestUtil.h"
#include "resin/math/Math.h"

using namespace resin::mathtest;
namespace rm = resin::math;
using CF = checked::F;

namespace {

std::vector<float> inputs() {
  std::vector<float> xs = {0.0f,         -0.0f,       kInf,     -kInf,     kNaN,       FLT_MAX,
                           -FLT_MAX,     FLT_MIN,     -FLT_MIN, 0x1p-149f, -0x1p-149f, 1.0f,
                           -1.0f,        0.5f,        2.0f,     3.0f,      -3.0f,      88.7228394f,
                           -103.972084f, 1.57079637f, 1e5f,     1e4f};
  logSweep(0x1p-149, FLT_MAX, 5000, true, [&](float x) { xs.push_back(x); });
  return xs;
}

bool same(float a, float b) {
  return (a != a && b != b) || bits(a) == bits(b);
}

template <class FnF, class FnC> long mismatches(FnF f, FnC c, const std::vector<float> &xs) {
  long bad = 0;
  for (float x : xs)
    bad += same(f(x), c(CF(x)).v) ? 0 : 1;
  return bad;
}

} // namespace

TEST_CASE("vocabulary-only instantiation matches float") {
  const std::vector<float> xs = inputs();
#define RESIN_SAME(fn)                                                                             \
  CHECK_MESSAGE(                                                                                   \
      mismatches([](float x) { return rm::fn(x); }, [](CF x) { return rm::fn(x); }, xs) == 0, #fn)
  RESIN_SAME(sinPrecise);
  RESIN_SAME(cosPrecise);
  RESIN_SAME(tanPrecise);
  RESIN_SAME(expPrecise);
  RESIN_SAME(lnPrecise);
  RESIN_SAME(tanhPrecise);
  RESIN_SAME(sinFast);
  RESIN_SAME(cosFast);
  RESIN_SAME(tanFast);
  RESIN_SAME(expFast);
  RESIN_SAME(lnFast);
  RESIN_SAME(tanhFast);
#undef RESIN_SAME
  long badP = 0, badF = 0;
  for (size_t i = 0; i < xs.size(); i += 7)
    for (size_t j = 0; j < xs.size(); j += 11) {
      float x = xs[i], y = xs[j] * 0.01f;
      badP += same(rm::powPrecise(x, y), rm::powPrecise(CF(x), CF(y)).v) ? 0 : 1;
      badF += same(rm::powFast(x, y), rm::powFast(CF(x), CF(y)).v) ? 0 : 1;
    }
  CHECK_MESSAGE(badP == 0, "powPrecise");
  CHECK_MESSAGE(badF == 0, "powFast");
}
