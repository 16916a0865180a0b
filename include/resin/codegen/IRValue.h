// The JIT's instantiation of the value vocabulary of math/Scalar.h
// (docs/architecture.md, "Math written once"): lane types whose operations emit LLVM IR.
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

#include "resin/math/LaneLiterals.h"
#include "resin/math/MathMode.h"
#include "resin/math/Scalar.h"

#include <cstdint>
#include <span>

#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Module.h>

namespace resin::codegen {

/// How the math functions of math/Math.h are emitted at some lanes: the
/// first `inlineBudget` uses are inlined (a kernel's few sin calls cost
/// nothing extra), every later one is a call to one internal function per
/// module, function, mode and width, so that a big graph's code, and its
/// compile time, grow by a call per use instead of a whole function body.
struct MathCalls {
  unsigned inlineBudget = 0;
};

/// Where values are built: the builder, the module (for constant tables) and the lane count.
struct Lanes {
  llvm::IRBuilder<> *builder;
  llvm::Module *module;
  unsigned width; // 1: scalar IR types (float, double, i32, i1); W > 1: <W x float> etc.
  /// AVX-512 VBMI is there: lookup() may use vpermi2b at 16 lanes.
  bool byteShuffles = false;
  /// Math functions inlined at every use when null.
  MathCalls *mathCalls = nullptr;

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

// ---- lane values with literals, either side (math/LaneLiterals.h) ---------

inline FV liftLiteral(const FV &like, float c) {
  return constantF(*like.lanes, c);
}
inline DV liftLiteral(const DV &like, double c) {
  return constantD(*like.lanes, c);
}
inline UV liftLiteral(const UV &like, uint32_t c) {
  return constantU(*like.lanes, c);
}
inline FV liftLiteral(const MV &m, float c) {
  return constantF(*m.lanes, c);
}
inline DV liftLiteral(const MV &m, double c) {
  return constantD(*m.lanes, c);
}
inline UV liftLiteral(const MV &m, uint32_t c) {
  return constantU(*m.lanes, c);
}

RESIN_LANE_LITERAL_OPERATORS(FV, DV, UV, MV)

// ---- select: the mask gives the lane count, so both sides may be literals ----

FV select(MV, FV, FV);
DV select(MV, DV, DV);
UV select(MV, UV, UV);
MV select(MV, MV, MV);

RESIN_LANE_LITERAL_SELECTS(FV, DV, UV, MV)

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
RESIN_LANE_LITERAL_FMA(FV)

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

// ---- the math functions of math/Math.h at these lanes ---------------------
// Inlined or called, as Lanes::mathCalls decides; either way the template's
// operations, so the result is the same bit for bit.

FV sin(FV, math::MathMode);
FV cos(FV, math::MathMode);
FV tan(FV, math::MathMode);
FV exp(FV, math::MathMode);
FV ln(FV, math::MathMode);
FV tanh(FV, math::MathMode);
FV pow(FV, FV, math::MathMode);

} // namespace resin::codegen

// noise/ calls these qualified (`math::select(...)`), which only finds what
// resin::math declares; make the IR overloads part of that set. ADL finds them
// everywhere else.
namespace resin::math {
using codegen::bitsOf;
using codegen::cos;
using codegen::exp;
using codegen::floatFromBits;
using codegen::ln;
using codegen::lookup;
using codegen::narrow;
using codegen::pow;
using codegen::scaleByPow2;
using codegen::select;
using codegen::sin;
using codegen::tan;
using codegen::tanh;
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
