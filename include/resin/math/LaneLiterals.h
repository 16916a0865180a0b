// Literal operands for the emitting lane types (the LLVM tier's codegen::FV
// family, the baseline tier's AsmFloat family). The math templates write
// `x * 0.5f`, `select(m, 1.0f, 0.0f)` and `vfma(x, c, 1.0f)`; an emitting
// type turns the literal into a constant of the other operand's lanes with
// `liftLiteral(like, c)` (found by argument-dependent lookup in the lane
// type's namespace) and applies its own two-operand operation. The macros
// below write those overloads once for every such family.
//
// Literals: float lanes take `float` only (a double there would be a double
// operation in the interpreter's scalar code, so it is rejected at compile
// time), double lanes `float` or `double` (widened exactly), uint32 lanes
// integers of at most 32 bits (converted as C++ converts them).
#pragma once

#include <concepts>
#include <cstdint>

namespace resin::math {

template <class T>
concept FloatLiteral = std::same_as<T, float>;
template <class T>
concept DoubleLiteral = std::same_as<T, float> || std::same_as<T, double>;
template <class T>
concept UintLiteral = std::integral<T> && !std::same_as<T, bool> && sizeof(T) <= 4;

} // namespace resin::math

#define RESIN_LANE_LITERAL_OP(V, Concept, Result, op)                                              \
  template <::resin::math::Concept T> Result operator op(V a, T b) {                               \
    return a op liftLiteral(a, b);                                                                 \
  }                                                                                                \
  template <::resin::math::Concept T> Result operator op(T a, V b) {                               \
    return liftLiteral(b, a) op b;                                                                 \
  }

#define RESIN_LANE_LITERAL_ARITHMETIC(V, Concept, M)                                               \
  RESIN_LANE_LITERAL_OP(V, Concept, V, +)                                                          \
  RESIN_LANE_LITERAL_OP(V, Concept, V, -)                                                          \
  RESIN_LANE_LITERAL_OP(V, Concept, V, *)                                                          \
  RESIN_LANE_LITERAL_OP(V, Concept, M, <)                                                          \
  RESIN_LANE_LITERAL_OP(V, Concept, M, <=)                                                         \
  RESIN_LANE_LITERAL_OP(V, Concept, M, >)                                                          \
  RESIN_LANE_LITERAL_OP(V, Concept, M, >=)                                                         \
  RESIN_LANE_LITERAL_OP(V, Concept, M, ==)                                                         \
  RESIN_LANE_LITERAL_OP(V, Concept, M, !=)

/// Every operator of float lanes F, double lanes D and uint32 lanes U with a
/// literal on either side; comparisons give masks M.
#define RESIN_LANE_LITERAL_OPERATORS(F, D, U, M)                                                   \
  RESIN_LANE_LITERAL_ARITHMETIC(F, FloatLiteral, M)                                                \
  RESIN_LANE_LITERAL_OP(F, FloatLiteral, F, /)                                                     \
  RESIN_LANE_LITERAL_ARITHMETIC(D, DoubleLiteral, M)                                               \
  RESIN_LANE_LITERAL_OP(D, DoubleLiteral, D, /)                                                    \
  RESIN_LANE_LITERAL_ARITHMETIC(U, UintLiteral, M)                                                 \
  RESIN_LANE_LITERAL_OP(U, UintLiteral, U, &)                                                      \
  RESIN_LANE_LITERAL_OP(U, UintLiteral, U, |)                                                      \
  RESIN_LANE_LITERAL_OP(U, UintLiteral, U, ^)                                                      \
  RESIN_LANE_LITERAL_OP(U, UintLiteral, U, <<)                                                     \
  RESIN_LANE_LITERAL_OP(U, UintLiteral, U, >>)

/// select(M, a, b) with either or both of a and b literals: the mask gives the
/// lane count (`liftLiteral(mask, c)`).
#define RESIN_LANE_LITERAL_SELECTS(F, D, U, M)                                                     \
  template <::resin::math::FloatLiteral T> F select(M m, F a, T b) {                               \
    return select(m, a, liftLiteral(m, float(b)));                                                 \
  }                                                                                                \
  template <::resin::math::FloatLiteral T> F select(M m, T a, F b) {                               \
    return select(m, liftLiteral(m, float(a)), b);                                                 \
  }                                                                                                \
  template <::resin::math::FloatLiteral T, ::resin::math::FloatLiteral T2>                         \
  F select(M m, T a, T2 b) {                                                                       \
    return select(m, liftLiteral(m, float(a)), liftLiteral(m, float(b)));                          \
  }                                                                                                \
  template <::resin::math::DoubleLiteral T> D select(M m, D a, T b) {                              \
    return select(m, a, liftLiteral(m, double(b)));                                                \
  }                                                                                                \
  template <::resin::math::DoubleLiteral T> D select(M m, T a, D b) {                              \
    return select(m, liftLiteral(m, double(a)), b);                                                \
  }                                                                                                \
  template <class T, class T2>                                                                     \
  requires std::same_as<T, double> && std::same_as<T2, double> D select(M m, T a, T2 b) {          \
    return select(m, liftLiteral(m, double(a)), liftLiteral(m, double(b)));                        \
  }                                                                                                \
  template <::resin::math::UintLiteral T> U select(M m, U a, T b) {                                \
    return select(m, a, liftLiteral(m, uint32_t(b)));                                              \
  }                                                                                                \
  template <::resin::math::UintLiteral T> U select(M m, T a, U b) {                                \
    return select(m, liftLiteral(m, uint32_t(a)), b);                                              \
  }                                                                                                \
  template <class T, class T2>                                                                     \
  requires std::same_as<T, uint32_t> && std::same_as<T2, uint32_t> U select(M m, T a, T2 b) {      \
    return select(m, liftLiteral(m, uint32_t(a)), liftLiteral(m, uint32_t(b)));                    \
  }

/// vfma(a, b, c) with float literals for b, c or both (the math's constants).
#define RESIN_LANE_LITERAL_FMA(F)                                                                  \
  template <::resin::math::FloatLiteral T> F vfma(F a, F b, T c) {                                 \
    return vfma(a, b, liftLiteral(a, c));                                                          \
  }                                                                                                \
  template <::resin::math::FloatLiteral T> F vfma(F a, T b, F c) {                                 \
    return vfma(a, liftLiteral(a, b), c);                                                          \
  }                                                                                                \
  template <::resin::math::FloatLiteral T, ::resin::math::FloatLiteral T2>                         \
  F vfma(F a, T b, T2 c) {                                                                         \
    return vfma(a, liftLiteral(a, b), liftLiteral(a, c));                                          \
  }
