// The math contract of field.md: sin cos tan exp ln tanh pow in two accuracy
// levels, as templates over the value vocabulary of Scalar.h.
//
// STUB: replaced by the real approximations (issue 3, math work). Until then
// these call libm so the rest of the tree builds.
#pragma once

#include "resin/math/Scalar.h"

namespace resin::math {

enum class MathMode : uint8_t { Precise, Fast };

template <class F> F sinPrecise(F x) {
  return std::sin(x);
}
template <class F> F cosPrecise(F x) {
  return std::cos(x);
}
template <class F> F tanPrecise(F x) {
  return std::tan(x);
}
template <class F> F expPrecise(F x) {
  return std::exp(x);
}
template <class F> F lnPrecise(F x) {
  return std::log(x);
}
template <class F> F tanhPrecise(F x) {
  return std::tanh(x);
}
template <class F> F powPrecise(F x, F y) {
  return std::pow(x, y);
}
template <class F> F sinFast(F x) {
  return std::sin(x);
}
template <class F> F cosFast(F x) {
  return std::cos(x);
}
template <class F> F tanFast(F x) {
  return std::tan(x);
}
template <class F> F expFast(F x) {
  return std::exp(x);
}
template <class F> F lnFast(F x) {
  return std::log(x);
}
template <class F> F tanhFast(F x) {
  return std::tanh(x);
}
template <class F> F powFast(F x, F y) {
  return std::pow(x, y);
}

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
