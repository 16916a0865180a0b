// The math contract (docs/reference/field-language.md): sin cos tan exp ln tanh pow
// in two accuracy levels, as templates over the value vocabulary of Scalar.h ("write the math
// once"): instantiated with float they are the reference interpreter, with the
// JIT's IR-building lanes they are the compiled code, op for op.
//
// The algorithms live in Trig.h, ExpLog.h, Tanh.h and Pow.h; docs/math.md
// describes them and lists the measured errors (test/math).
#pragma once

#include <cstdint>

#include "resin/math/ExpLog.h"
#include "resin/math/MathMode.h"
#include "resin/math/Pow.h"
#include "resin/math/Scalar.h"
#include "resin/math/Tanh.h"
#include "resin/math/Trig.h"

namespace resin::math {

// Dispatch on the accuracy level (a compile-time choice for the JIT).
template <class F> F sin(F x, MathMode m) {
  return m == MathMode::Fast ? sinFast(x) : sinPrecise(x);
}
template <class F> F cos(F x, MathMode m) {
  return m == MathMode::Fast ? cosFast(x) : cosPrecise(x);
}
template <class F> F tan(F x, MathMode m) {
  return m == MathMode::Fast ? tanFast(x) : tanPrecise(x);
}
template <class F> F exp(F x, MathMode m) {
  return m == MathMode::Fast ? expFast(x) : expPrecise(x);
}
template <class F> F ln(F x, MathMode m) {
  return m == MathMode::Fast ? lnFast(x) : lnPrecise(x);
}
template <class F> F tanh(F x, MathMode m) {
  return m == MathMode::Fast ? tanhFast(x) : tanhPrecise(x);
}
template <class F> F pow(F x, F y, MathMode m) {
  return m == MathMode::Fast ? powFast(x, y) : powPrecise(x, y);
}

} // namespace resin::math
