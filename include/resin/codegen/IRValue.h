// The JIT's instantiation of the value vocabulary of math/Scalar.h
// (architecture.md, idea 3): lane types whose operations emit LLVM IR.
//
// math/, noise/ and semantics/ templates instantiated with FV (float lanes),
// DV (double lanes), UV (uint32 lanes) and MV (masks) build the IR of the same
// computation the interpreter does with float, double, uint32_t and bool,
// operation for operation. Each value carries its Lanes (the builder, the
// module and the lane count: 1 gives scalar IR types, W > 1 <W x T> vectors).
//
// Every operation is one IR instruction (or intrinsic call) without
// fast-math flags: plain fadd/fsub/fmul/fdiv are never contracted into fma by
// LLVM, and only vfma emits llvm.fma. Comparisons are the ordered fcmp of C++
// (`!=` is `une`), so NaN behaves as in the interpreter.
//
// Literals: F lanes combine with `float` only (a double there would be a
// double operation in the scalar code, so it is rejected at compile time),
// D lanes with `float` or `double` (exactly widened), U lanes with integers of
// at most 32 bits (converted to uint32_t as C++ does).
//
// Include this header BEFORE any math/noise/semantics header in a
// translation unit: noise/ calls some functions qualified (`math::select`),
// and a qualified name only sees the overloads declared before the template
// that uses it; the using-declarations at the end of this file put the IR
// overloads into resin::math for that reason.
#pragma once

#include "resin/math/Scalar.h"

#include <concepts>
#include <cstdint>
#include <span>

#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Module.h>

namespace resin::codegen {

/// Where values are built: the builder, the module (for constant tables) and the lane count.
struct Lanes {
  llvm::IRBuilder<> *builder;
  llvm::Module *module;
  unsigned width; // 1: scalar IR types (float, double, i32, i1); W > 1: <W x float> etc.
  /// AVX-512 VBMI is there: lookup() may use vpermi2b at 16 lanes.
  bool byteShuffles = false;

  llvm::Type *floatType() const;
  llvm::Type *doubleType() const;
  llvm::Type *uintType() const;
  llvm::Type *maskType() const;
};

struct FV { // float lanes
  const Lanes *lanes = nullptr;
  llvm::Value *value = nullptr;
};
struct DV { // double lanes
  const Lanes *lanes = nullptr;
  llvm::Value *value = nullptr;
};
struct UV { // uint32 lanes (i32)
  const Lanes *lanes = nullptr;
  llvm::Value *value = nullptr;
};
struct MV { // masks (i1 lanes)
  const Lanes *lanes = nullptr;
  llvm::Value *value = nullptr;
};

FV constantF(const Lanes &, float);
DV constantD(const Lanes &, double);
UV constantU(const Lanes &, uint32_t);
MV constantM(const Lanes &, bool);

/// The literal types each lane type accepts (see the top of this file).
template <class T>
concept FloatLiteral = std::same_as<T, float>;
template <class T>
concept DoubleLiteral = std::same_as<T, float> || std::same_as<T, double>;
template <class T>
concept UintLiteral = std::integral<T> && !std::same_as<T, bool> && sizeof(T) <= 4;

// ---- float lanes ------------------------------------------------------------

FV operator+(FV, FV);
FV operator-(FV, FV);
FV operator*(FV, FV);
FV operator/(FV, FV);
FV operator-(FV);
MV operator<(FV, FV);
MV operator<=(FV, FV);
MV operator>(FV, FV);
MV operator>=(FV, FV);
MV operator==(FV, FV);
MV operator!=(FV, FV);

// ---- double lanes -----------------------------------------------------------

DV operator+(DV, DV);
DV operator-(DV, DV);
DV operator*(DV, DV);
DV operator/(DV, DV);
DV operator-(DV);
MV operator<(DV, DV);
MV operator<=(DV, DV);
MV operator>(DV, DV);
MV operator>=(DV, DV);
MV operator==(DV, DV);
MV operator!=(DV, DV);

// ---- uint32 lanes -----------------------------------------------------------

UV operator+(UV, UV);
UV operator-(UV, UV);
UV operator*(UV, UV);
UV operator&(UV, UV);
UV operator|(UV, UV);
UV operator^(UV, UV);
UV operator<<(UV, UV);
UV operator>>(UV, UV);
MV operator<(UV, UV);
MV operator<=(UV, UV);
MV operator>(UV, UV);
MV operator>=(UV, UV);
MV operator==(UV, UV);
MV operator!=(UV, UV);

// ---- masks ------------------------------------------------------------------

MV operator&&(MV, MV);
MV operator||(MV, MV);
MV operator!(MV);

// ---- lane values with literals, either side ---------------------------------

namespace detail {
inline FV lift(const FV &like, float c) {
  return constantF(*like.lanes, c);
}
inline DV lift(const DV &like, double c) {
  return constantD(*like.lanes, c);
}
inline UV lift(const UV &like, uint32_t c) {
  return constantU(*like.lanes, c);
}
} // namespace detail

#define RESIN_IRVALUE_LITERAL_OP(V, Concept, Result, op)                                           \
  template <Concept T> Result operator op(V a, T b) {                                              \
    return a op detail::lift(a, b);                                                                \
  }                                                                                                \
  template <Concept T> Result operator op(T a, V b) {                                              \
    return detail::lift(b, a) op b;                                                                \
  }
#define RESIN_IRVALUE_LITERAL_OPS(V, Concept)                                                      \
  RESIN_IRVALUE_LITERAL_OP(V, Concept, V, +)                                                       \
  RESIN_IRVALUE_LITERAL_OP(V, Concept, V, -)                                                       \
  RESIN_IRVALUE_LITERAL_OP(V, Concept, V, *)                                                       \
  RESIN_IRVALUE_LITERAL_OP(V, Concept, MV, <)                                                      \
  RESIN_IRVALUE_LITERAL_OP(V, Concept, MV, <=)                                                     \
  RESIN_IRVALUE_LITERAL_OP(V, Concept, MV, >)                                                      \
  RESIN_IRVALUE_LITERAL_OP(V, Concept, MV, >=)                                                     \
  RESIN_IRVALUE_LITERAL_OP(V, Concept, MV, ==)                                                     \
  RESIN_IRVALUE_LITERAL_OP(V, Concept, MV, !=)

RESIN_IRVALUE_LITERAL_OPS(FV, FloatLiteral)
RESIN_IRVALUE_LITERAL_OP(FV, FloatLiteral, FV, /)
RESIN_IRVALUE_LITERAL_OPS(DV, DoubleLiteral)
RESIN_IRVALUE_LITERAL_OP(DV, DoubleLiteral, DV, /)
RESIN_IRVALUE_LITERAL_OPS(UV, UintLiteral)
RESIN_IRVALUE_LITERAL_OP(UV, UintLiteral, UV, &)
RESIN_IRVALUE_LITERAL_OP(UV, UintLiteral, UV, |)
RESIN_IRVALUE_LITERAL_OP(UV, UintLiteral, UV, ^)
RESIN_IRVALUE_LITERAL_OP(UV, UintLiteral, UV, <<)
RESIN_IRVALUE_LITERAL_OP(UV, UintLiteral, UV, >>)

#undef RESIN_IRVALUE_LITERAL_OPS
#undef RESIN_IRVALUE_LITERAL_OP

// ---- select: the mask gives the lane count, so both sides may be literals ----

FV select(MV, FV, FV);
DV select(MV, DV, DV);
UV select(MV, UV, UV);
MV select(MV, MV, MV);

template <FloatLiteral T> FV select(MV m, FV a, T b) {
  return select(m, a, constantF(*m.lanes, b));
}
template <FloatLiteral T> FV select(MV m, T a, FV b) {
  return select(m, constantF(*m.lanes, a), b);
}
template <FloatLiteral T, FloatLiteral T2> FV select(MV m, T a, T2 b) {
  return select(m, constantF(*m.lanes, a), constantF(*m.lanes, b));
}
template <DoubleLiteral T> DV select(MV m, DV a, T b) {
  return select(m, a, constantD(*m.lanes, b));
}
template <DoubleLiteral T> DV select(MV m, T a, DV b) {
  return select(m, constantD(*m.lanes, a), b);
}
template <class T, class T2>
requires std::same_as<T, double> && std::same_as<T2, double> DV select(MV m, T a, T2 b) {
  return select(m, constantD(*m.lanes, a), constantD(*m.lanes, b));
}
template <UintLiteral T> UV select(MV m, UV a, T b) {
  return select(m, a, constantU(*m.lanes, uint32_t(b)));
}
template <UintLiteral T> UV select(MV m, T a, UV b) {
  return select(m, constantU(*m.lanes, uint32_t(a)), b);
}
template <class T, class T2>
requires std::same_as<T, uint32_t> && std::same_as<T2, uint32_t> UV select(MV m, T a, T2 b) {
  return select(m, constantU(*m.lanes, a), constantU(*m.lanes, b));
}

// ---- functions of the vocabulary --------------------------------------------

FV vfloor(FV);
FV vceil(FV);
FV vtrunc(FV);
FV vrint(FV); // llvm.roundeven: std::nearbyint in the default rounding mode
FV vabs(FV);
FV vsqrt(FV);
DV vfloor(DV);
DV vceil(DV);
DV vtrunc(DV);
DV vrint(DV);
DV vabs(DV);
DV vsqrt(DV);
FV vfma(FV, FV, FV);
// vfma with float literals (the math templates' constants).
template <FloatLiteral T> FV vfma(FV a, FV b, T c) {
  return vfma(a, b, constantF(*a.lanes, c));
}
template <FloatLiteral T> FV vfma(FV a, T b, FV c) {
  return vfma(a, constantF(*a.lanes, b), c);
}
template <FloatLiteral T, FloatLiteral T2> FV vfma(FV a, T b, T2 c) {
  return vfma(a, constantF(*a.lanes, b), constantF(*a.lanes, c));
}

UV bitsOf(FV);
FV floatFromBits(UV);
/// sitofp: float(int32_t(u)).
FV toFloat(UV);
/// fptosi to i32 for lanes in [0, 2^31) (truncates); NaN and any other lane
/// give 0.
UV toUint(FV);
DV widen(FV);
FV narrow(DV);
/// p * 2^k for integral k in [-1022, 1023]: 2^k built from its exponent bits,
/// then one multiply (equal to std::ldexp, which rounds the same product).
DV scaleByPow2(DV p, DV k);
/// table[i]: a private constant global per distinct table contents in the
/// module; a gather for W > 1 (two vpermi2b instead at W = 16 with
/// byteShuffles, for tables that repeat every 256 entries), a load for W = 1;
/// i8 zero-extended to i32.
UV lookup(std::span<const uint8_t> table, UV i);

} // namespace resin::codegen

// noise/ calls these qualified (`math::select(...)`), which only finds what
// resin::math declares; make the IR overloads part of that set. ADL finds them
// everywhere else.
namespace resin::math {
using codegen::bitsOf;
using codegen::floatFromBits;
using codegen::lookup;
using codegen::narrow;
using codegen::scaleByPow2;
using codegen::select;
using codegen::toFloat;
using codegen::toUint;
using codegen::vabs;
using codegen::vceil;
using codegen::vfloor;
using codegen::vfma;
using codegen::vrint;
using codegen::vsqrt;
using codegen::vtrunc;
using codegen::widen;
} // namespace resin::math
