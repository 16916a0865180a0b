// The baseline tier's instantiation of the value vocabulary of math/Scalar.h:
// lane types whose operations emit x86 instructions through asmjit's
// x86::Assembler, their registers given by the baseline's own register cache
// (VectorCache.h), with no IR in between. The same math/, noise/ and semantics/ templates that the
// interpreter runs on float and the LLVM tier on codegen::FV run here on
// AsmFloat, so the baseline rounds exactly as `interp` does, by construction.
//
// Every operation is one IEEE instruction (or a fixed short sequence for the
// few the ISA lacks: unsigned compares, toUint, scaleByPow2), in the order
// the template writes it; nothing is fused or reordered. AVX2 and FMA are
// required. Lanes are held in parts: float, uint32 and mask lanes in one
// register of up to 8 lanes (xmm up to 4 lanes, ymm for 8; 16 lanes are two
// ymm), double lanes in registers of up to 4 (xmm for one lane, else ymm).
// One lane uses the low lane of an xmm: the other lanes compute unused values
// that never reach memory. A mask remembers whether it came from a double
// comparison (64-bit lanes) and is converted where it meets float lanes.
//
// Include this header BEFORE any math/noise/semantics header (see
// codegen/IRValue.h for why: qualified `math::select` calls in noise/).
#pragma once

#include "resin/math/LaneLiterals.h"
#include "resin/math/Scalar.h"

#include "VectorCache.h"

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <utility>

#include <asmjit/x86.h>

namespace resin::baseline {

/// The lookup tables a module reads, emitted once each after its functions.
class AsmTables {
public:
  /// The label of `table`'s bytes (widened to uint32 each when `asUint32`).
  asmjit::Label label(x86::Assembler &a, std::span<const uint8_t> table, bool asUint32);
  /// Binds every label asked for to its data; call after the last function.
  void emit(x86::Assembler &a);

private:
  struct Entry {
    std::span<const uint8_t> table;
    bool asUint32;
    asmjit::Label label;
  };
  std::map<std::pair<const uint8_t *, bool>, Entry> entries_;
};

/// Where values are emitted: the register cache (and its assembler), the
/// lane count (1, 4, 8, 16) and the module's tables.
struct AsmLanes {
  VectorCache *cache;
  unsigned width;
  AsmTables *tables;

  /// Registers per value: float/uint32/mask lanes (8 a register), double lanes (4).
  unsigned floatParts() const { return width <= 8 ? 1 : width / 8; }
  unsigned doubleParts() const { return width <= 4 ? 1 : width / 4; }
  /// Bytes of one part: an xmm (16) or a ymm (32).
  unsigned floatBytes() const { return width <= 4 ? 16 : 32; }
  unsigned doubleBytes() const { return width == 1 ? 16 : 32; }
  x86::Assembler &assembler() const { return cache->assembler(); }
};

inline constexpr unsigned kMaxFloatParts = 2;
inline constexpr unsigned kMaxDoubleParts = 4;

struct AsmMask;
struct AsmFloat { // float lanes
  const AsmLanes *lanes = nullptr;
  Piece part[kMaxFloatParts];
  /// Set when the value is select(m, 1, -1): a product with it is then
  /// select(m, x, -x), as GCC and LLVM fold it in the other engines (a real
  /// multiply would flush a subnormal x under DAZ; the fold does not).
  std::shared_ptr<const AsmMask> plusOrMinusOne = nullptr;
};
struct AsmDouble { // double lanes
  const AsmLanes *lanes = nullptr;
  Piece part[kMaxDoubleParts];
};
struct AsmUint { // uint32 lanes
  const AsmLanes *lanes = nullptr;
  Piece part[kMaxFloatParts];
};
struct AsmMask { // all-ones or all-zero lanes
  const AsmLanes *lanes = nullptr;
  bool wide = false; // 64-bit lanes in double parts (from a double comparison)
  Piece part[kMaxDoubleParts];
  /// A float `<` or `>` remembers its operands: a select between the same two
  /// values is then a min or max instruction, as GCC and LLVM compile it in
  /// the other engines (under DAZ those read a subnormal operand as zero,
  /// which a blend would not).
  int comparison = -1;
  Piece left[kMaxFloatParts], right[kMaxFloatParts];
};

AsmFloat constantF(const AsmLanes &, float);
AsmDouble constantD(const AsmLanes &, double);
AsmUint constantU(const AsmLanes &, uint32_t);
AsmMask constantM(const AsmLanes &, bool);

// ---- float lanes ------------------------------------------------------------

AsmFloat operator+(AsmFloat, AsmFloat);
AsmFloat operator-(AsmFloat, AsmFloat);
AsmFloat operator*(AsmFloat, AsmFloat);
AsmFloat operator/(AsmFloat, AsmFloat);
AsmFloat operator-(AsmFloat);
AsmMask operator<(AsmFloat, AsmFloat);
AsmMask operator<=(AsmFloat, AsmFloat);
AsmMask operator>(AsmFloat, AsmFloat);
AsmMask operator>=(AsmFloat, AsmFloat);
AsmMask operator==(AsmFloat, AsmFloat);
AsmMask operator!=(AsmFloat, AsmFloat);

// ---- double lanes -----------------------------------------------------------

AsmDouble operator+(AsmDouble, AsmDouble);
AsmDouble operator-(AsmDouble, AsmDouble);
AsmDouble operator*(AsmDouble, AsmDouble);
AsmDouble operator/(AsmDouble, AsmDouble);
AsmDouble operator-(AsmDouble);
AsmMask operator<(AsmDouble, AsmDouble);
AsmMask operator<=(AsmDouble, AsmDouble);
AsmMask operator>(AsmDouble, AsmDouble);
AsmMask operator>=(AsmDouble, AsmDouble);
AsmMask operator==(AsmDouble, AsmDouble);
AsmMask operator!=(AsmDouble, AsmDouble);

// ---- uint32 lanes -----------------------------------------------------------

AsmUint operator+(AsmUint, AsmUint);
AsmUint operator-(AsmUint, AsmUint);
AsmUint operator*(AsmUint, AsmUint);
AsmUint operator&(AsmUint, AsmUint);
AsmUint operator|(AsmUint, AsmUint);
AsmUint operator^(AsmUint, AsmUint);
AsmUint operator<<(AsmUint, AsmUint);
AsmUint operator>>(AsmUint, AsmUint);
AsmMask operator<(AsmUint, AsmUint);
AsmMask operator<=(AsmUint, AsmUint);
AsmMask operator>(AsmUint, AsmUint);
AsmMask operator>=(AsmUint, AsmUint);
AsmMask operator==(AsmUint, AsmUint);
AsmMask operator!=(AsmUint, AsmUint);

// ---- masks ------------------------------------------------------------------

AsmMask operator&&(AsmMask, AsmMask);
AsmMask operator||(AsmMask, AsmMask);
AsmMask operator!(AsmMask);

// ---- literals on either side, select with literals, vfma with literals ------

inline AsmFloat liftLiteral(const AsmFloat &like, float c) {
  return constantF(*like.lanes, c);
}
inline AsmDouble liftLiteral(const AsmDouble &like, double c) {
  return constantD(*like.lanes, c);
}
inline AsmUint liftLiteral(const AsmUint &like, uint32_t c) {
  return constantU(*like.lanes, c);
}
inline AsmFloat liftLiteral(const AsmMask &m, float c) {
  return constantF(*m.lanes, c);
}
inline AsmDouble liftLiteral(const AsmMask &m, double c) {
  return constantD(*m.lanes, c);
}
inline AsmUint liftLiteral(const AsmMask &m, uint32_t c) {
  return constantU(*m.lanes, c);
}

RESIN_LANE_LITERAL_OPERATORS(AsmFloat, AsmDouble, AsmUint, AsmMask)

AsmFloat select(AsmMask, AsmFloat, AsmFloat);
AsmDouble select(AsmMask, AsmDouble, AsmDouble);
AsmUint select(AsmMask, AsmUint, AsmUint);
AsmMask select(AsmMask, AsmMask, AsmMask);

RESIN_LANE_LITERAL_SELECTS(AsmFloat, AsmDouble, AsmUint, AsmMask)

// ---- functions of the vocabulary --------------------------------------------

AsmFloat vfloor(AsmFloat);
AsmFloat vceil(AsmFloat);
AsmFloat vtrunc(AsmFloat);
AsmFloat vrint(AsmFloat); // round to nearest even (vroundps 8)
AsmFloat vabs(AsmFloat);
AsmFloat vsqrt(AsmFloat);
AsmDouble vfloor(AsmDouble);
AsmDouble vceil(AsmDouble);
AsmDouble vtrunc(AsmDouble);
AsmDouble vrint(AsmDouble);
AsmDouble vabs(AsmDouble);
AsmDouble vsqrt(AsmDouble);
AsmFloat vfma(AsmFloat, AsmFloat, AsmFloat);
RESIN_LANE_LITERAL_FMA(AsmFloat)

AsmUint bitsOf(AsmFloat);
AsmFloat floatFromBits(AsmUint);
/// float(int32_t(u)).
AsmFloat toFloat(AsmUint);
/// Truncation to int32 for lanes in [0, 2^31); NaN and any other lane give 0.
AsmUint toUint(AsmFloat);
AsmDouble widen(AsmFloat);
AsmFloat narrow(AsmDouble);
/// p * 2^k for integral k in [-1022, 1023]: 2^k from its exponent bits
/// (k + 1023 + 2^52 holds k + 1023 in its low bits; shifted left by 52 they
/// are the exponent field), then one multiply.
AsmDouble scaleByPow2(AsmDouble p, AsmDouble k);
/// table[i]: a byte load at one lane, a gather (vpgatherdd) from a uint32
/// copy of the table in the constant pool otherwise.
AsmUint lookup(std::span<const uint8_t> table, AsmUint i);

// ---- for the lowering: memory and lane moves ----------------------------------

/// W consecutive floats at `at` (a movss at one lane).
AsmFloat loadFloats(const AsmLanes &, x86::Mem at);
void storeFloats(const AsmLanes &, x86::Mem at, const AsmFloat &value);
/// The float at `at` in every lane.
AsmFloat broadcastFloat(const AsmLanes &, x86::Mem at);
/// The double at `at` in every lane.
AsmDouble broadcastDouble(const AsmLanes &, x86::Mem at);
/// The register holding lane 0 (for the lowering's scalar moves: ring
/// buffers, returns), pinned until the cache's release().
x86::Xmm laneZero(const AsmFloat &scalar);
/// (double)(base + j) in lane j, for an int64 `base` (|base| < 2^53).
AsmDouble laneIndexAsDouble(const AsmLanes &, x86::Gp base);
/// uint32(base + j) in lane j.
AsmUint laneIndexLow32(const AsmLanes &, x86::Gp base);

} // namespace resin::baseline

// noise/ calls these qualified (`math::select(...)`); see codegen/IRValue.h.
namespace resin::math {
using baseline::bitsOf;
using baseline::floatFromBits;
using baseline::lookup;
using baseline::narrow;
using baseline::scaleByPow2;
using baseline::select;
using baseline::toFloat;
using baseline::toUint;
using baseline::vabs;
using baseline::vceil;
using baseline::vfloor;
using baseline::vfma;
using baseline::vrint;
using baseline::vsqrt;
using baseline::vtrunc;
using baseline::widen;
} // namespace resin::math
