// The value vocabulary as x86 instructions (AsmValue.h). Each function emits
// its operation part by part: one instruction per register of the value.
#include "AsmValue.h"

#include <bit>
#include <cstring>
#include <vector>

namespace resin::baseline {

namespace {

using asmjit::imm;
using asmjit::InstId;
namespace Inst = x86::Inst;

// vcmpps/vcmppd predicates: ordered for < <= > >= ==, unordered for != (so
// NaN compares as in C++).
constexpr uint32_t kCmpEq = 0x00, kCmpLt = 0x01, kCmpLe = 0x02, kCmpNe = 0x04, kCmpGe = 0x0D,
                   kCmpGt = 0x0E;
// vroundps/vroundpd: rounding mode in bits 0-1, precision exception suppressed.
constexpr uint32_t kRoundNearest = 0x08, kRoundFloor = 0x09, kRoundCeil = 0x0A, kRoundTrunc = 0x0B;

unsigned partsOf(const AsmFloat &v) {
  return v.lanes->floatParts();
}
unsigned partsOf(const AsmUint &v) {
  return v.lanes->floatParts();
}
unsigned partsOf(const AsmDouble &v) {
  return v.lanes->doubleParts();
}
unsigned partsOf(const AsmMask &m) {
  return m.wide ? m.lanes->doubleParts() : m.lanes->floatParts();
}
x86::Vec newPartOf(const AsmFloat &v) {
  return v.lanes->newFloatPart();
}
x86::Vec newPartOf(const AsmUint &v) {
  return v.lanes->newFloatPart();
}
x86::Vec newPartOf(const AsmDouble &v) {
  return v.lanes->newDoublePart();
}
x86::Vec newPartOf(const AsmMask &m) {
  return m.wide ? m.lanes->newDoublePart() : m.lanes->newFloatPart();
}

template <class V> V sameShape(const V &like) {
  V r;
  r.lanes = like.lanes;
  if constexpr (std::is_same_v<V, AsmMask>)
    r.wide = like.wide;
  return r;
}

/// r = op(a, b) part by part (three-operand AVX form).
template <class V, class R = V> R binary(InstId id, const V &a, const V &b, R r) {
  for (unsigned p = 0; p < partsOf(a); ++p) {
    r.part[p] = newPartOf(r);
    a.lanes->cc->emit(id, r.part[p], a.part[p], b.part[p]);
  }
  return r;
}
template <class V> V binary(InstId id, const V &a, const V &b) {
  return binary(id, a, b, sameShape(a));
}
/// r = op(a, imm) part by part (vroundps, shifts by a constant).
template <class V> V withImmediate(InstId id, const V &a, uint32_t value) {
  V r = sameShape(a);
  for (unsigned p = 0; p < partsOf(a); ++p) {
    r.part[p] = newPartOf(r);
    a.lanes->cc->emit(id, r.part[p], a.part[p], imm(value));
  }
  return r;
}
template <class V> V unary(InstId id, const V &a) {
  V r = sameShape(a);
  for (unsigned p = 0; p < partsOf(a); ++p) {
    r.part[p] = newPartOf(r);
    a.lanes->cc->emit(id, r.part[p], a.part[p]);
  }
  return r;
}

AsmMask compareF(const AsmFloat &a, const AsmFloat &b, uint32_t predicate) {
  AsmMask m{a.lanes, false, {}};
  for (unsigned p = 0; p < partsOf(a); ++p) {
    m.part[p] = a.lanes->newFloatPart();
    a.lanes->cc->vcmpps(m.part[p], a.part[p], b.part[p], imm(predicate));
  }
  return m;
}
AsmMask compareD(const AsmDouble &a, const AsmDouble &b, uint32_t predicate) {
  AsmMask m{a.lanes, true, {}};
  for (unsigned p = 0; p < partsOf(a); ++p) {
    m.part[p] = a.lanes->newDoublePart();
    a.lanes->cc->vcmppd(m.part[p], a.part[p], b.part[p], imm(predicate));
  }
  return m;
}

/// The same 4- or 8-byte pattern in every lane of a part.
x86::Vec broadcast32(const AsmLanes &lanes, uint32_t bits) {
  x86::Vec r = lanes.newFloatPart();
  if (bits == 0)
    lanes.cc->vxorps(r, r, r);
  else
    lanes.cc->vbroadcastss(r, lanes.cc->newUInt32Const(asmjit::ConstPoolScope::kGlobal, bits));
  return r;
}
x86::Vec broadcast64(const AsmLanes &lanes, uint64_t bits) {
  x86::Vec r = lanes.newDoublePart();
  x86::Mem m = lanes.cc->newUInt64Const(asmjit::ConstPoolScope::kGlobal, bits);
  if (bits == 0)
    lanes.cc->vxorpd(r, r, r);
  else if (r.isXmm())
    lanes.cc->vmovddup(r, m);
  else
    lanes.cc->vbroadcastsd(r, m);
  return r;
}

/// Lanes 4h..4h+3 of a float-layout part as an xmm (the part itself up to 4 lanes).
x86::Xmm quarterOf(const AsmLanes &lanes, const x86::Vec &part, unsigned h) {
  if (part.isXmm())
    return part.as<x86::Xmm>();
  if (h == 0)
    return part.xmm();
  x86::Xmm r = lanes.cc->newXmm();
  lanes.cc->vextractf128(r, part.as<x86::Ymm>(), imm(1));
  return r;
}
/// Float-layout part p from the double-layout parts of the same lanes, each
/// double part shrunk to 4 (or 1) 32-bit lanes by `shrink`.
template <class Shrink>
x86::Vec fromDoubleParts(const AsmLanes &lanes, const x86::Vec *parts, unsigned p, Shrink shrink) {
  if (lanes.width <= 4) {
    x86::Ymm r = lanes.cc->newYmm();
    shrink(r.xmm(), parts[0]);
    return r.xmm();
  }
  x86::Ymm low = lanes.cc->newYmm(), high = lanes.cc->newYmm();
  shrink(low.xmm(), parts[2 * p]);
  shrink(high.xmm(), parts[2 * p + 1]);
  x86::Ymm r = lanes.cc->newYmm();
  lanes.cc->vinsertf128(r, low, high.xmm(), imm(1));
  return r;
}

/// Where double part q's lanes are in float layout: part, and which 4 lanes.
std::pair<unsigned, unsigned> floatHome(const AsmLanes &lanes, unsigned q) {
  return lanes.width <= 4 ? std::pair{0u, 0u} : std::pair{q / 2, q % 2};
}

AsmMask narrowMask(const AsmMask &m) {
  if (!m.wide)
    return m;
  const AsmLanes &lanes = *m.lanes;
  AsmMask r{m.lanes, false, {}};
  for (unsigned p = 0; p < lanes.floatParts(); ++p)
    r.part[p] = fromDoubleParts(lanes, m.part, p, [&](x86::Xmm to, const x86::Vec &from) {
      // Each 64-bit lane is all ones or all zeros: its low dword is the mask.
      x86::Xmm low = from.isXmm() ? from.as<x86::Xmm>() : from.xmm();
      x86::Xmm high = low;
      if (!from.isXmm()) {
        high = lanes.cc->newXmm();
        lanes.cc->vextractf128(high, from.as<x86::Ymm>(), imm(1));
      }
      lanes.cc->vshufps(to, low, high, imm(0x88));
    });
  return r;
}
AsmMask wideMask(const AsmMask &m) {
  if (m.wide)
    return m;
  const AsmLanes &lanes = *m.lanes;
  AsmMask r{m.lanes, true, {}};
  for (unsigned q = 0; q < lanes.doubleParts(); ++q) {
    auto [p, h] = floatHome(lanes, q);
    r.part[q] = lanes.newDoublePart();
    lanes.cc->vpmovsxdq(r.part[q], quarterOf(lanes, m.part[p], h));
  }
  return r;
}
/// `b` in the layout of `a`.
AsmMask layoutOf(const AsmMask &a, const AsmMask &b) {
  return a.wide ? wideMask(b) : narrowMask(b);
}

/// Unsigned a > b: both with the sign bit flipped, then a signed compare.
AsmMask unsignedGreater(const AsmUint &a, const AsmUint &b) {
  AsmUint bias = constantU(*a.lanes, 0x80000000u);
  AsmUint sa = a ^ bias, sb = b ^ bias;
  return binary(Inst::kIdVpcmpgtd, sa, sb, AsmMask{a.lanes, false, {}});
}

} // namespace

// ---- lanes and tables -----------------------------------------------------------

x86::Vec AsmLanes::newFloatPart() const {
  if (width <= 4)
    return cc->newXmm();
  return cc->newYmm();
}
x86::Vec AsmLanes::newDoublePart() const {
  if (width == 1)
    return cc->newXmm();
  return cc->newYmm();
}

asmjit::Label AsmTables::label(x86::Compiler &cc, std::span<const uint8_t> table, bool asUint32) {
  auto key = std::pair{table.data(), asUint32};
  auto found = entries_.find(key);
  if (found != entries_.end())
    return found->second.label;
  asmjit::Label label = cc.newLabel();
  entries_.emplace(key, Entry{table, asUint32, label});
  return label;
}

void AsmTables::emit(x86::Compiler &cc) {
  for (auto &[key, entry] : entries_) {
    cc.align(asmjit::AlignMode::kData, 64);
    cc.bind(entry.label);
    if (!entry.asUint32) {
      cc.embed(entry.table.data(), entry.table.size());
      continue;
    }
    std::vector<uint32_t> wide(entry.table.begin(), entry.table.end());
    cc.embed(wide.data(), wide.size() * sizeof(uint32_t));
  }
}

// ---- constants ----------------------------------------------------------------

AsmFloat constantF(const AsmLanes &lanes, float c) {
  uint32_t bits;
  std::memcpy(&bits, &c, sizeof bits);
  AsmFloat r{&lanes, {}};
  for (unsigned p = 0; p < lanes.floatParts(); ++p)
    r.part[p] = broadcast32(lanes, bits);
  return r;
}
AsmDouble constantD(const AsmLanes &lanes, double c) {
  uint64_t bits;
  std::memcpy(&bits, &c, sizeof bits);
  AsmDouble r{&lanes, {}};
  for (unsigned p = 0; p < lanes.doubleParts(); ++p)
    r.part[p] = broadcast64(lanes, bits);
  return r;
}
AsmUint constantU(const AsmLanes &lanes, uint32_t c) {
  AsmUint r{&lanes, {}};
  for (unsigned p = 0; p < lanes.floatParts(); ++p)
    r.part[p] = broadcast32(lanes, c);
  return r;
}
AsmMask constantM(const AsmLanes &lanes, bool c) {
  AsmMask r{&lanes, false, {}};
  for (unsigned p = 0; p < lanes.floatParts(); ++p)
    r.part[p] = broadcast32(lanes, c ? 0xFFFFFFFFu : 0u);
  return r;
}

// ---- float lanes ----------------------------------------------------------------

AsmFloat operator+(AsmFloat a, AsmFloat b) {
  return binary(Inst::kIdVaddps, a, b);
}
AsmFloat operator-(AsmFloat a, AsmFloat b) {
  return binary(Inst::kIdVsubps, a, b);
}
AsmFloat operator*(AsmFloat a, AsmFloat b) {
  return binary(Inst::kIdVmulps, a, b);
}
AsmFloat operator/(AsmFloat a, AsmFloat b) {
  return binary(Inst::kIdVdivps, a, b);
}
AsmFloat operator-(AsmFloat a) {
  return binary(Inst::kIdVxorps, a, constantF(*a.lanes, -0.0f));
}
AsmMask operator<(AsmFloat a, AsmFloat b) {
  return compareF(a, b, kCmpLt);
}
AsmMask operator<=(AsmFloat a, AsmFloat b) {
  return compareF(a, b, kCmpLe);
}
AsmMask operator>(AsmFloat a, AsmFloat b) {
  return compareF(a, b, kCmpGt);
}
AsmMask operator>=(AsmFloat a, AsmFloat b) {
  return compareF(a, b, kCmpGe);
}
AsmMask operator==(AsmFloat a, AsmFloat b) {
  return compareF(a, b, kCmpEq);
}
AsmMask operator!=(AsmFloat a, AsmFloat b) {
  return compareF(a, b, kCmpNe);
}

// ---- double lanes ---------------------------------------------------------------

AsmDouble operator+(AsmDouble a, AsmDouble b) {
  return binary(Inst::kIdVaddpd, a, b);
}
AsmDouble operator-(AsmDouble a, AsmDouble b) {
  return binary(Inst::kIdVsubpd, a, b);
}
AsmDouble operator*(AsmDouble a, AsmDouble b) {
  return binary(Inst::kIdVmulpd, a, b);
}
AsmDouble operator/(AsmDouble a, AsmDouble b) {
  return binary(Inst::kIdVdivpd, a, b);
}
AsmDouble operator-(AsmDouble a) {
  return binary(Inst::kIdVxorpd, a, constantD(*a.lanes, -0.0));
}
AsmMask operator<(AsmDouble a, AsmDouble b) {
  return compareD(a, b, kCmpLt);
}
AsmMask operator<=(AsmDouble a, AsmDouble b) {
  return compareD(a, b, kCmpLe);
}
AsmMask operator>(AsmDouble a, AsmDouble b) {
  return compareD(a, b, kCmpGt);
}
AsmMask operator>=(AsmDouble a, AsmDouble b) {
  return compareD(a, b, kCmpGe);
}
AsmMask operator==(AsmDouble a, AsmDouble b) {
  return compareD(a, b, kCmpEq);
}
AsmMask operator!=(AsmDouble a, AsmDouble b) {
  return compareD(a, b, kCmpNe);
}

// ---- uint32 lanes ---------------------------------------------------------------

AsmUint operator+(AsmUint a, AsmUint b) {
  return binary(Inst::kIdVpaddd, a, b);
}
AsmUint operator-(AsmUint a, AsmUint b) {
  return binary(Inst::kIdVpsubd, a, b);
}
AsmUint operator*(AsmUint a, AsmUint b) {
  return binary(Inst::kIdVpmulld, a, b);
}
AsmUint operator&(AsmUint a, AsmUint b) {
  return binary(Inst::kIdVpand, a, b);
}
AsmUint operator|(AsmUint a, AsmUint b) {
  return binary(Inst::kIdVpor, a, b);
}
AsmUint operator^(AsmUint a, AsmUint b) {
  return binary(Inst::kIdVpxor, a, b);
}
AsmUint operator<<(AsmUint a, AsmUint b) {
  return binary(Inst::kIdVpsllvd, a, b);
}
AsmUint operator>>(AsmUint a, AsmUint b) {
  return binary(Inst::kIdVpsrlvd, a, b);
}
AsmMask operator<(AsmUint a, AsmUint b) {
  return unsignedGreater(b, a);
}
AsmMask operator<=(AsmUint a, AsmUint b) {
  return !unsignedGreater(a, b);
}
AsmMask operator>(AsmUint a, AsmUint b) {
  return unsignedGreater(a, b);
}
AsmMask operator>=(AsmUint a, AsmUint b) {
  return !unsignedGreater(b, a);
}
AsmMask operator==(AsmUint a, AsmUint b) {
  return binary(Inst::kIdVpcmpeqd, a, b, AsmMask{a.lanes, false, {}});
}
AsmMask operator!=(AsmUint a, AsmUint b) {
  return !(a == b);
}

// ---- masks ----------------------------------------------------------------------

AsmMask operator&&(AsmMask a, AsmMask b) {
  return binary(Inst::kIdVandps, a, layoutOf(a, b));
}
AsmMask operator||(AsmMask a, AsmMask b) {
  return binary(Inst::kIdVorps, a, layoutOf(a, b));
}
AsmMask operator!(AsmMask a) {
  AsmMask ones = a.wide ? wideMask(constantM(*a.lanes, true)) : constantM(*a.lanes, true);
  return binary(Inst::kIdVxorps, a, ones);
}

// ---- select: vblendv takes its second source where the mask is set --------------

namespace {
template <class V> V blend(InstId id, const AsmMask &m, const V &a, const V &b) {
  V r = sameShape(a);
  for (unsigned p = 0; p < partsOf(a); ++p) {
    r.part[p] = newPartOf(r);
    a.lanes->cc->emit(id, r.part[p], b.part[p], a.part[p], m.part[p]);
  }
  return r;
}
} // namespace

AsmFloat select(AsmMask m, AsmFloat a, AsmFloat b) {
  return blend(Inst::kIdVblendvps, narrowMask(m), a, b);
}
AsmDouble select(AsmMask m, AsmDouble a, AsmDouble b) {
  return blend(Inst::kIdVblendvpd, wideMask(m), a, b);
}
AsmUint select(AsmMask m, AsmUint a, AsmUint b) {
  return blend(Inst::kIdVblendvps, narrowMask(m), a, b);
}
AsmMask select(AsmMask m, AsmMask a, AsmMask b) {
  return blend(m.wide ? Inst::kIdVblendvpd : Inst::kIdVblendvps, m, layoutOf(m, a), layoutOf(m, b));
}

// ---- functions of the vocabulary ----------------------------------------------------

AsmFloat vfloor(AsmFloat a) {
  return withImmediate(Inst::kIdVroundps, a, kRoundFloor);
}
AsmFloat vceil(AsmFloat a) {
  return withImmediate(Inst::kIdVroundps, a, kRoundCeil);
}
AsmFloat vtrunc(AsmFloat a) {
  return withImmediate(Inst::kIdVroundps, a, kRoundTrunc);
}
AsmFloat vrint(AsmFloat a) {
  return withImmediate(Inst::kIdVroundps, a, kRoundNearest);
}
AsmFloat vabs(AsmFloat a) {
  return binary(Inst::kIdVandps, a, constantF(*a.lanes, std::bit_cast<float>(0x7FFFFFFFu)));
}
AsmFloat vsqrt(AsmFloat a) {
  return unary(Inst::kIdVsqrtps, a);
}
AsmDouble vfloor(AsmDouble a) {
  return withImmediate(Inst::kIdVroundpd, a, kRoundFloor);
}
AsmDouble vceil(AsmDouble a) {
  return withImmediate(Inst::kIdVroundpd, a, kRoundCeil);
}
AsmDouble vtrunc(AsmDouble a) {
  return withImmediate(Inst::kIdVroundpd, a, kRoundTrunc);
}
AsmDouble vrint(AsmDouble a) {
  return withImmediate(Inst::kIdVroundpd, a, kRoundNearest);
}
AsmDouble vabs(AsmDouble a) {
  return binary(Inst::kIdVandpd, a,
                constantD(*a.lanes, std::bit_cast<double>(0x7FFFFFFFFFFFFFFFull)));
}
AsmDouble vsqrt(AsmDouble a) {
  return unary(Inst::kIdVsqrtpd, a);
}

AsmFloat vfma(AsmFloat a, AsmFloat b, AsmFloat c) {
  AsmFloat r = sameShape(a);
  for (unsigned p = 0; p < partsOf(a); ++p) {
    r.part[p] = newPartOf(r);
    a.lanes->cc->emit(Inst::kIdVmovaps, r.part[p], a.part[p]);
    a.lanes->cc->emit(Inst::kIdVfmadd213ps, r.part[p], b.part[p], c.part[p]); // r = r*b + c
  }
  return r;
}

AsmUint bitsOf(AsmFloat a) {
  AsmUint r{a.lanes, {}};
  for (unsigned p = 0; p < kMaxFloatParts; ++p)
    r.part[p] = a.part[p];
  return r;
}
AsmFloat floatFromBits(AsmUint a) {
  AsmFloat r{a.lanes, {}};
  for (unsigned p = 0; p < kMaxFloatParts; ++p)
    r.part[p] = a.part[p];
  return r;
}
AsmFloat toFloat(AsmUint a) {
  return floatFromBits(unary(Inst::kIdVcvtdq2ps, a));
}
AsmUint toUint(AsmFloat a) {
  AsmUint truncated = bitsOf(unary(Inst::kIdVcvttps2dq, a));
  AsmMask inRange = a >= 0.0f && a < 2147483648.0f;
  return binary(Inst::kIdVpand, truncated,
                AsmUint{inRange.lanes, {inRange.part[0], inRange.part[1]}});
}

AsmDouble widen(AsmFloat a) {
  const AsmLanes &lanes = *a.lanes;
  AsmDouble r{a.lanes, {}};
  for (unsigned q = 0; q < lanes.doubleParts(); ++q) {
    auto [p, h] = floatHome(lanes, q);
    r.part[q] = lanes.newDoublePart();
    lanes.cc->vcvtps2pd(r.part[q], quarterOf(lanes, a.part[p], h));
  }
  return r;
}
AsmFloat narrow(AsmDouble a) {
  const AsmLanes &lanes = *a.lanes;
  AsmFloat r{a.lanes, {}};
  for (unsigned p = 0; p < lanes.floatParts(); ++p)
    r.part[p] = fromDoubleParts(lanes, a.part, p, [&](x86::Xmm to, const x86::Vec &from) {
      lanes.cc->vcvtpd2ps(to, from);
    });
  return r;
}

AsmDouble scaleByPow2(AsmDouble p, AsmDouble k) {
  AsmDouble biased = k + 4503599627371519.0; // 2^52 + 1023: k + 1023 in the low bits
  AsmDouble power = withImmediate(Inst::kIdVpsllq, biased, 52);
  return p * power;
}

AsmUint lookup(std::span<const uint8_t> table, AsmUint i) {
  const AsmLanes &lanes = *i.lanes;
  x86::Compiler &cc = *lanes.cc;
  x86::Gp base = cc.newIntPtr();
  AsmUint r{i.lanes, {}};
  if (lanes.width == 1) {
    cc.lea(base, x86::ptr(lanes.tables->label(cc, table, false)));
    x86::Gp index = cc.newUInt64(), value = cc.newUInt32();
    cc.vmovd(index.r32(), i.part[0].as<x86::Xmm>());
    cc.movzx(value, x86::byte_ptr(base, index));
    x86::Xmm v = cc.newXmm();
    cc.vmovd(v, value);
    r.part[0] = v;
    return r;
  }
  cc.lea(base, x86::ptr(lanes.tables->label(cc, table, true)));
  for (unsigned p = 0; p < lanes.floatParts(); ++p) {
    // vpgatherdd clears its mask as it goes: a fresh all-ones mask each time.
    x86::Vec mask = broadcast32(lanes, 0xFFFFFFFFu);
    r.part[p] = lanes.newFloatPart();
    cc.vxorps(r.part[p], r.part[p], r.part[p]);
    cc.vpgatherdd(r.part[p], x86::ptr(base, i.part[p], 2), mask);
  }
  return r;
}

// ---- memory and lane moves ----------------------------------------------------------

AsmFloat loadFloats(const AsmLanes &lanes, x86::Mem at) {
  AsmFloat r{&lanes, {}};
  for (unsigned p = 0; p < lanes.floatParts(); ++p) {
    r.part[p] = lanes.newFloatPart();
    x86::Mem m = at.cloneAdjusted(int64_t(p) * 32);
    if (lanes.width == 1)
      lanes.cc->vmovss(r.part[p].as<x86::Xmm>(), m);
    else
      lanes.cc->vmovups(r.part[p], m);
  }
  return r;
}
void storeFloats(const AsmLanes &lanes, x86::Mem at, AsmFloat value) {
  for (unsigned p = 0; p < lanes.floatParts(); ++p) {
    x86::Mem m = at.cloneAdjusted(int64_t(p) * 32);
    if (lanes.width == 1)
      lanes.cc->vmovss(m, value.part[p].as<x86::Xmm>());
    else
      lanes.cc->vmovups(m, value.part[p]);
  }
}
AsmFloat broadcastF(const AsmLanes &lanes, x86::Xmm scalar) {
  AsmFloat r{&lanes, {}};
  for (unsigned p = 0; p < lanes.floatParts(); ++p) {
    r.part[p] = lanes.newFloatPart();
    lanes.cc->vbroadcastss(r.part[p], scalar);
  }
  return r;
}

AsmDouble laneIndexAsDouble(const AsmLanes &lanes, x86::Gp base) {
  x86::Xmm scalar = lanes.cc->newXmm();
  lanes.cc->vxorpd(scalar, scalar, scalar);
  lanes.cc->vcvtsi2sd(scalar, scalar, base.r64());
  AsmDouble r{&lanes, {}};
  for (unsigned q = 0; q < lanes.doubleParts(); ++q) {
    r.part[q] = lanes.newDoublePart();
    if (r.part[q].isXmm())
      lanes.cc->vmovddup(r.part[q], scalar);
    else
      lanes.cc->vbroadcastsd(r.part[q], scalar);
  }
  if (lanes.width == 1)
    return r;
  // + (4q + j) in lane j of part q: exact, as the sum stays below 2^53.
  for (unsigned q = 0; q < lanes.doubleParts(); ++q) {
    double steps[4] = {4.0 * q, 4.0 * q + 1, 4.0 * q + 2, 4.0 * q + 3};
    x86::Mem m = lanes.cc->newConst(asmjit::ConstPoolScope::kGlobal, steps, sizeof steps);
    x86::Vec sum = lanes.newDoublePart();
    lanes.cc->vaddpd(sum, r.part[q], m);
    r.part[q] = sum;
  }
  return r;
}
AsmUint laneIndexLow32(const AsmLanes &lanes, x86::Gp base) {
  x86::Xmm scalar = lanes.cc->newXmm();
  lanes.cc->vmovd(scalar, base.r32());
  AsmUint r{&lanes, {}};
  for (unsigned p = 0; p < lanes.floatParts(); ++p) {
    r.part[p] = lanes.newFloatPart();
    lanes.cc->vpbroadcastd(r.part[p], scalar);
    if (lanes.width == 1)
      continue;
    uint32_t steps[8];
    unsigned count = lanes.width <= 4 ? 4 : 8;
    for (unsigned j = 0; j < count; ++j)
      steps[j] = p * 8 + j;
    x86::Mem m = lanes.cc->newConst(asmjit::ConstPoolScope::kGlobal, steps, count * 4);
    x86::Vec sum = lanes.newFloatPart();
    lanes.cc->vpaddd(sum, r.part[p], m);
    r.part[p] = sum;
  }
  return r;
}

} // namespace resin::baseline
