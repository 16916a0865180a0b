// A value type that offers exactly the vocabulary documented in Scalar.h and
// nothing else: float lanes take float literals only, double lanes double
// literals only, uint lanes unsigned literals only, and nothing converts back
// to a plain number. Instantiating the math templates with it proves they use
// no std:: math, no implicit float/double mixing and no branching on values.
#pragma once

#include <cmath>
#include <concepts>
#include <cstdint>

#include "resin/math/Scalar.h"

namespace resin::mathtest::checked {

struct M {
  bool v;
};
inline M operator&&(M a, M b) {
  return {a.v && b.v};
}
inline M operator||(M a, M b) {
  return {a.v || b.v};
}
inline M operator!(M a) {
  return {!a.v};
}

// Each lane type is built implicitly from a literal of exactly its own type.
struct F {
  float v;
  template <std::same_as<float> T> F(T x) : v(x) {}
};
struct D {
  double v;
  template <std::same_as<double> T> D(T x) : v(x) {}
};
struct U {
  uint32_t v;
  template <std::same_as<uint32_t> T> U(T x) : v(x) {}
};

#define RESIN_CHECKED_ARITH(T)                                                                     \
  inline T operator+(T a, T b) {                                                                   \
    return a.v + b.v;                                                                              \
  }                                                                                                \
  inline T operator-(T a, T b) {                                                                   \
    return a.v - b.v;                                                                              \
  }                                                                                                \
  inline T operator*(T a, T b) {                                                                   \
    return a.v * b.v;                                                                              \
  }                                                                                                \
  inline M operator<(T a, T b) {                                                                   \
    return {a.v < b.v};                                                                            \
  }                                                                                                \
  inline M operator<=(T a, T b) {                                                                  \
    return {a.v <= b.v};                                                                           \
  }                                                                                                \
  inline M operator>(T a, T b) {                                                                   \
    return {a.v > b.v};                                                                            \
  }                                                                                                \
  inline M operator>=(T a, T b) {                                                                  \
    return {a.v >= b.v};                                                                           \
  }                                                                                                \
  inline M operator==(T a, T b) {                                                                  \
    return {a.v == b.v};                                                                           \
  }                                                                                                \
  inline M operator!=(T a, T b) {                                                                  \
    return {a.v != b.v};                                                                           \
  }                                                                                                \
  inline T select(M m, T a, T b) {                                                                 \
    return m.v ? a : b;                                                                            \
  }

RESIN_CHECKED_ARITH(F)
RESIN_CHECKED_ARITH(D)
RESIN_CHECKED_ARITH(U)
#undef RESIN_CHECKED_ARITH

inline F operator/(F a, F b) {
  return a.v / b.v;
}
inline D operator/(D a, D b) {
  return a.v / b.v;
}
inline F operator-(F a) {
  return -a.v;
}
inline D operator-(D a) {
  return -a.v;
}
inline U operator&(U a, U b) {
  return a.v & b.v;
}
inline U operator|(U a, U b) {
  return a.v | b.v;
}
inline U operator^(U a, U b) {
  return a.v ^ b.v;
}
inline U operator<<(U a, U b) {
  return uint32_t(a.v << b.v);
}
inline U operator>>(U a, U b) {
  return a.v >> b.v;
}

inline F vfloor(F x) {
  return math::vfloor(x.v);
}
inline F vceil(F x) {
  return math::vceil(x.v);
}
inline F vtrunc(F x) {
  return math::vtrunc(x.v);
}
inline F vrint(F x) {
  return math::vrint(x.v);
}
inline F vabs(F x) {
  return math::vabs(x.v);
}
inline F vsqrt(F x) {
  return math::vsqrt(x.v);
}
inline D vfloor(D x) {
  return math::vfloor(x.v);
}
inline D vceil(D x) {
  return math::vceil(x.v);
}
inline D vtrunc(D x) {
  return math::vtrunc(x.v);
}
inline D vrint(D x) {
  return math::vrint(x.v);
}
inline D vabs(D x) {
  return math::vabs(x.v);
}
inline D vsqrt(D x) {
  return math::vsqrt(x.v);
}
inline F vfma(F a, F b, F c) {
  return math::vfma(a.v, b.v, c.v);
}
inline U bitsOf(F x) {
  return math::bitsOf(x.v);
}
inline F floatFromBits(U u) {
  return math::floatFromBits(u.v);
}
inline F toFloat(U u) {
  if (u.v >= 0x80000000u)
    throw "toFloat: U out of contract";
  return math::toFloat(u.v);
}
inline U toUint(F x) {
  if (!(x.v >= 0.0f && x.v < 2147483648.0f) && x.v == x.v)
    throw "toUint: F out of contract";
  return math::toUint(x.v);
}
inline D widen(F x) {
  return math::widen(x.v);
}
inline F narrow(D x) {
  return math::narrow(x.v);
}
inline D scaleByPow2(D p, D k) {
  // The contract: integral k in [-1022, 1023].
  if (!(k.v == std::trunc(k.v) && k.v >= -1022.0 && k.v <= 1023.0))
    throw "scaleByPow2: k out of contract";
  return math::scaleByPow2(p.v, k.v);
}

} // namespace resin::mathtest::checked
