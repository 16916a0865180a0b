// The value vocabulary as x86 instructions (AsmValue.h). Each function emits
// its operation part by part, one instruction per register of the value, on
// registers the VectorCache hands out.
#include "AsmValue.h"

#include <bit>
#include <cstring>
#include <optional>
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

// The shape of each lane type: parts and bytes a part.
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
unsigned bytesOf(const AsmFloat &v) {
  return v.lanes->floatBytes();
}
unsigned bytesOf(const AsmUint &v) {
  return v.lanes->floatBytes();
}
unsigned bytesOf(const AsmDouble &v) {
  return v.lanes->doubleBytes();
}
unsigned bytesOf(const AsmMask &m) {
  return m.wide ? m.lanes->doubleBytes() : m.lanes->floatBytes();
}

template <class V> V sameShape(const V &like) {
  V r;
  r.lanes = like.lanes;
  if constexpr (std::is_same_v<V, AsmMask>)
    r.wide = like.wide;
  return r;
}

/// r = op(a, b) part by part (three-operand AVX form; b may be memory).
template <class V, class R> R binary(InstId id, const V &a, const V &b, R r) {
  VectorCache &c = *a.lanes->cache;
  for (unsigned p = 0; p < partsOf(a); ++p)
    r.part[p] = c.define(bytesOf(r), [&](x86::Vec d) {
      c.assembler().emit(id, d, c.reg(a.part[p]), c.operand(b.part[p]));
    });
  return r;
}
template <class V> V binary(InstId id, const V &a, const V &b) {
  return binary(id, a, b, sameShape(a));
}
/// r = op(a, imm) part by part (vroundps, shifts by a constant, compares).
template <class V, class R>
R withImmediate(InstId id, const V &a, const V *b, uint32_t value, R r) {
  VectorCache &c = *a.lanes->cache;
  for (unsigned p = 0; p < partsOf(a); ++p)
    r.part[p] = c.define(bytesOf(r), [&](x86::Vec d) {
      if (b)
        c.assembler().emit(id, d, c.reg(a.part[p]), c.operand(b->part[p]), imm(value));
      else
        c.assembler().emit(id, d, c.operand(a.part[p]), imm(value));
    });
  return r;
}
template <class V> V withImmediate(InstId id, const V &a, uint32_t value) {
  return withImmediate(id, a, static_cast<const V *>(nullptr), value, sameShape(a));
}
/// r = op(a) part by part.
template <class V> V unary(InstId id, const V &a) {
  VectorCache &c = *a.lanes->cache;
  V r = sameShape(a);
  for (unsigned p = 0; p < partsOf(a); ++p)
    r.part[p] =
        c.define(bytesOf(r), [&](x86::Vec d) { c.assembler().emit(id, d, c.operand(a.part[p])); });
  return r;
}

AsmMask compareF(const AsmFloat &a, const AsmFloat &b, uint32_t predicate) {
  AsmMask m =
      withImmediate(Inst::kIdVcmpps, a, &b, predicate, AsmMask{a.lanes, false, {}, -1, {}, {}});
  if (predicate == kCmpLt || predicate == kCmpGt) {
    m.comparison = int(predicate);
    for (unsigned p = 0; p < kMaxFloatParts; ++p) {
      m.left[p] = a.part[p];
      m.right[p] = b.part[p];
    }
  }
  return m;
}
AsmMask compareD(const AsmDouble &a, const AsmDouble &b, uint32_t predicate) {
  return withImmediate(Inst::kIdVcmppd, a, &b, predicate, AsmMask{a.lanes, true, {}, -1, {}, {}});
}

/// A part holding `bits` in every 32-bit (or 64-bit) lane.
Piece constant32(const AsmLanes &lanes, uint32_t bits) {
  return lanes.cache->constant(&bits, 4, lanes.floatBytes());
}
Piece constant64(const AsmLanes &lanes, uint64_t bits) {
  return lanes.cache->constant(&bits, 8, lanes.doubleBytes());
}

/// Lanes 4h..4h+3 of a float-layout part as a 16-byte piece.
Piece quarterOf(const AsmLanes &lanes, const Piece &part, unsigned h) {
  VectorCache &c = *lanes.cache;
  if (c.bytesOf(part) == 16)
    return part;
  return c.define(16, [&](x86::Vec d) {
    x86::Vec whole = c.reg(part);
    if (h == 0)
      c.assembler().vmovaps(d, whole.xmm());
    else
      c.assembler().vextractf128(d, whole.as<x86::Ymm>(), imm(1));
  });
}

/// Where double part q's lanes are in float layout: part, and which 4 lanes.
std::pair<unsigned, unsigned> floatHome(const AsmLanes &lanes, unsigned q) {
  return lanes.width <= 4 ? std::pair{0u, 0u} : std::pair{q / 2, q % 2};
}

/// Float-layout part p from the double parts of the same lanes, each double
/// part shrunk to 16 bytes of 32-bit lanes by `shrink(destination, part)`.
template <class Shrink>
Piece fromDoubleParts(const AsmLanes &lanes, const Piece *parts, unsigned p, Shrink shrink) {
  VectorCache &c = *lanes.cache;
  if (lanes.width <= 4)
    return c.define(16, [&](x86::Vec d) { shrink(d.as<x86::Xmm>(), parts[0]); });
  Piece low = c.define(16, [&](x86::Vec d) { shrink(d.as<x86::Xmm>(), parts[2 * p]); });
  Piece high = c.define(16, [&](x86::Vec d) { shrink(d.as<x86::Xmm>(), parts[2 * p + 1]); });
  return c.define(32, [&](x86::Vec d) {
    x86::Vec lowReg = c.reg(low);
    c.assembler().emit(Inst::kIdVinsertf128, d, x86::ymm(lowReg.id()), c.operand(high), imm(1));
  });
}

AsmMask narrowMask(const AsmMask &m) {
  if (!m.wide)
    return m;
  const AsmLanes &lanes = *m.lanes;
  VectorCache &c = *lanes.cache;
  AsmMask r{m.lanes, false, {}, -1, {}, {}};
  for (unsigned p = 0; p < lanes.floatParts(); ++p)
    r.part[p] = fromDoubleParts(lanes, m.part, p, [&](x86::Xmm to, const Piece &from) {
      // Each 64-bit lane is all ones or all zeros: its low dword is the mask.
      x86::Vec whole = c.reg(from);
      if (whole.isXmm()) {
        c.assembler().vshufps(to, whole.as<x86::Xmm>(), whole.as<x86::Xmm>(), imm(0x88));
        return;
      }
      c.assembler().vextractf128(to, whole.as<x86::Ymm>(), imm(1));
      c.assembler().vshufps(to, whole.xmm(), to, imm(0x88));
    });
  return r;
}
AsmMask wideMask(const AsmMask &m) {
  if (m.wide)
    return m;
  const AsmLanes &lanes = *m.lanes;
  VectorCache &c = *lanes.cache;
  AsmMask r{m.lanes, true, {}, -1, {}, {}};
  for (unsigned q = 0; q < lanes.doubleParts(); ++q) {
    auto [p, h] = floatHome(lanes, q);
    Piece quarter = quarterOf(lanes, m.part[p], h);
    r.part[q] = c.define(lanes.doubleBytes(), [&](x86::Vec d) {
      c.assembler().vpmovsxdq(d, c.reg(quarter).as<x86::Xmm>());
    });
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
  return binary(Inst::kIdVpcmpgtd, sa, sb, AsmMask{a.lanes, false, {}, -1, {}, {}});
}

} // namespace

// ---- tables -------------------------------------------------------------------

asmjit::Label AsmTables::label(x86::Assembler &a, std::span<const uint8_t> table, bool asUint32) {
  auto key = std::pair{table.data(), asUint32};
  auto found = entries_.find(key);
  if (found != entries_.end())
    return found->second.label;
  asmjit::Label label = a.newLabel();
  entries_.emplace(key, Entry{table, asUint32, label});
  return label;
}

void AsmTables::emit(x86::Assembler &a) {
  for (auto &[key, entry] : entries_) {
    a.align(asmjit::AlignMode::kData, 64);
    a.bind(entry.label);
    if (!entry.asUint32) {
      a.embed(entry.table.data(), entry.table.size());
      continue;
    }
    std::vector<uint32_t> wide(entry.table.begin(), entry.table.end());
    a.embed(wide.data(), wide.size() * sizeof(uint32_t));
  }
}

// ---- constants ----------------------------------------------------------------

AsmFloat constantF(const AsmLanes &lanes, float c) {
  AsmFloat r{&lanes, {}};
  for (unsigned p = 0; p < lanes.floatParts(); ++p)
    r.part[p] = constant32(lanes, std::bit_cast<uint32_t>(c));
  return r;
}
AsmDouble constantD(const AsmLanes &lanes, double c) {
  AsmDouble r{&lanes, {}};
  for (unsigned p = 0; p < lanes.doubleParts(); ++p)
    r.part[p] = constant64(lanes, std::bit_cast<uint64_t>(c));
  return r;
}
AsmUint constantU(const AsmLanes &lanes, uint32_t c) {
  AsmUint r{&lanes, {}};
  for (unsigned p = 0; p < lanes.floatParts(); ++p)
    r.part[p] = constant32(lanes, c);
  return r;
}
AsmMask constantM(const AsmLanes &lanes, bool c) {
  AsmMask r{&lanes, false, {}, -1, {}, {}};
  for (unsigned p = 0; p < lanes.floatParts(); ++p)
    r.part[p] = constant32(lanes, c ? 0xFFFFFFFFu : 0u);
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
  if (a.plusOrMinusOne)
    return select(*a.plusOrMinusOne, b, -b);
  if (b.plusOrMinusOne)
    return select(*b.plusOrMinusOne, a, -a);
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
  return binary(Inst::kIdVpcmpeqd, a, b, AsmMask{a.lanes, false, {}, -1, {}, {}});
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
  AsmMask ones{a.lanes, a.wide, {}, -1, {}, {}};
  for (unsigned p = 0; p < partsOf(a); ++p)
    ones.part[p] = a.wide ? constant64(*a.lanes, ~uint64_t(0)) : constant32(*a.lanes, ~0u);
  return binary(Inst::kIdVxorps, a, ones);
}

// ---- select: vblendv takes its second source where the mask is set --------------

namespace {
template <class V> V blend(InstId id, const AsmMask &m, const V &a, const V &b) {
  VectorCache &c = *a.lanes->cache;
  V r = sameShape(a);
  for (unsigned p = 0; p < partsOf(a); ++p)
    r.part[p] = c.define(bytesOf(r), [&](x86::Vec d) {
      c.assembler().emit(id, d, c.reg(b.part[p]), c.operand(a.part[p]), c.reg(m.part[p]));
    });
  return r;
}
} // namespace

/// select(x < y, x, y) is minps(x, y) and select(x > y, x, y) maxps(x, y),
/// exactly (both give the second operand when unordered or equal); with the
/// operands swapped, the other one. nullopt: no such pattern.
std::optional<InstId> minMaxOf(const AsmMask &m, const AsmFloat &a, const AsmFloat &b) {
  if (m.comparison < 0)
    return std::nullopt;
  VectorCache &c = *a.lanes->cache;
  bool direct = true, swapped = true;
  for (unsigned p = 0; p < partsOf(a); ++p) {
    direct &= c.same(m.left[p], a.part[p]) && c.same(m.right[p], b.part[p]);
    swapped &= c.same(m.left[p], b.part[p]) && c.same(m.right[p], a.part[p]);
  }
  bool less = m.comparison == int(kCmpLt);
  if (direct)
    return less ? Inst::kIdVminps : Inst::kIdVmaxps;
  if (swapped)
    return less ? Inst::kIdVmaxps : Inst::kIdVminps;
  return std::nullopt;
}

AsmFloat select(AsmMask m, AsmFloat a, AsmFloat b) {
  if (auto minMax = minMaxOf(m, a, b))
    return binary(*minMax, a, b);
  AsmFloat r = blend(Inst::kIdVblendvps, narrowMask(m), a, b);
  VectorCache &c = *a.lanes->cache;
  if (c.constantBits(a.part[0]) == std::bit_cast<uint32_t>(1.0f) &&
      c.constantBits(b.part[0]) == std::bit_cast<uint32_t>(-1.0f))
    r.plusOrMinusOne = std::make_shared<const AsmMask>(m);
  return r;
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
  VectorCache &cache = *a.lanes->cache;
  AsmFloat r = sameShape(a);
  for (unsigned p = 0; p < partsOf(a); ++p)
    r.part[p] = cache.define(bytesOf(r), [&](x86::Vec d) {
      cache.assembler().emit(Inst::kIdVmovups, d, cache.operand(a.part[p]));
      // d = d * b + c, one rounding
      cache.assembler().emit(Inst::kIdVfmadd213ps, d, cache.reg(b.part[p]),
                             cache.operand(c.part[p]));
    });
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
  VectorCache &c = *lanes.cache;
  AsmDouble r{a.lanes, {}};
  for (unsigned q = 0; q < lanes.doubleParts(); ++q) {
    auto [p, h] = floatHome(lanes, q);
    Piece quarter = quarterOf(lanes, a.part[p], h);
    r.part[q] = c.define(lanes.doubleBytes(), [&](x86::Vec d) {
      c.assembler().vcvtps2pd(d, c.reg(quarter).as<x86::Xmm>());
    });
  }
  return r;
}
AsmFloat narrow(AsmDouble a) {
  const AsmLanes &lanes = *a.lanes;
  VectorCache &c = *lanes.cache;
  AsmFloat r{a.lanes, {}};
  for (unsigned p = 0; p < lanes.floatParts(); ++p)
    r.part[p] = fromDoubleParts(lanes, a.part, p, [&](x86::Xmm to, const Piece &from) {
      c.assembler().vcvtpd2ps(to, c.reg(from));
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
  VectorCache &c = *lanes.cache;
  x86::Assembler &a = c.assembler();
  // rax and r11 are the vocabulary's scratch registers (AsmLowering.cpp).
  AsmUint r{i.lanes, {}};
  if (lanes.width == 1) {
    a.vmovd(x86::eax, c.reg(i.part[0]).as<x86::Xmm>());
    c.release();
    a.lea(x86::r11, x86::ptr(lanes.tables->label(a, table, false)));
    a.movzx(x86::eax, x86::byte_ptr(x86::r11, x86::rax));
    r.part[0] = c.define(16, [&](x86::Vec d) { a.vmovd(d.as<x86::Xmm>(), x86::eax); });
    return r;
  }
  a.lea(x86::r11, x86::ptr(lanes.tables->label(a, table, true)));
  for (unsigned p = 0; p < lanes.floatParts(); ++p) {
    // vpgatherdd clears its mask as it goes: a fresh all-ones mask each time.
    Piece mask = c.define(lanes.floatBytes(), [&](x86::Vec d) { a.vpcmpeqd(d, d, d); });
    r.part[p] = c.define(lanes.floatBytes(), [&](x86::Vec d) {
      a.vpxor(d, d, d);
      a.vpgatherdd(d, x86::ptr(x86::r11, c.reg(i.part[p]), 2), c.reg(mask));
    });
  }
  return r;
}

// ---- memory and lane moves ----------------------------------------------------------

AsmFloat loadFloats(const AsmLanes &lanes, x86::Mem at) {
  VectorCache &c = *lanes.cache;
  AsmFloat r{&lanes, {}};
  for (unsigned p = 0; p < lanes.floatParts(); ++p) {
    x86::Mem m = at.cloneAdjusted(int64_t(p) * 32);
    r.part[p] = c.define(lanes.floatBytes(), [&](x86::Vec d) {
      if (lanes.width == 1)
        c.assembler().vmovss(d.as<x86::Xmm>(), m);
      else
        c.assembler().vmovups(d, m);
    });
  }
  return r;
}
void storeFloats(const AsmLanes &lanes, x86::Mem at, const AsmFloat &value) {
  VectorCache &c = *lanes.cache;
  for (unsigned p = 0; p < lanes.floatParts(); ++p) {
    x86::Mem m = at.cloneAdjusted(int64_t(p) * 32);
    if (lanes.width == 1)
      c.assembler().vmovss(m, c.reg(value.part[p]).as<x86::Xmm>());
    else
      c.assembler().vmovups(m, c.reg(value.part[p]));
    c.release();
  }
}
AsmFloat broadcastFloat(const AsmLanes &lanes, x86::Mem at) {
  VectorCache &c = *lanes.cache;
  AsmFloat r{&lanes, {}};
  at.setSize(4);
  for (unsigned p = 0; p < lanes.floatParts(); ++p)
    r.part[p] =
        c.define(lanes.floatBytes(), [&](x86::Vec d) { c.assembler().vbroadcastss(d, at); });
  return r;
}
AsmDouble broadcastDouble(const AsmLanes &lanes, x86::Mem at) {
  VectorCache &c = *lanes.cache;
  AsmDouble r{&lanes, {}};
  at.setSize(8);
  for (unsigned q = 0; q < lanes.doubleParts(); ++q)
    r.part[q] = c.define(lanes.doubleBytes(), [&](x86::Vec d) {
      if (lanes.width == 1)
        c.assembler().vmovsd(d.as<x86::Xmm>(), at);
      else
        c.assembler().vbroadcastsd(d.as<x86::Ymm>(), at);
    });
  return r;
}
x86::Xmm laneZero(const AsmFloat &scalar) {
  return scalar.lanes->cache->reg(scalar.part[0]).as<x86::Xmm>();
}

AsmDouble laneIndexAsDouble(const AsmLanes &lanes, x86::Gp base) {
  VectorCache &c = *lanes.cache;
  x86::Assembler &a = c.assembler();
  Piece scalar = c.define(16, [&](x86::Vec d) {
    a.vxorpd(d, d, d);
    a.vcvtsi2sd(d.as<x86::Xmm>(), d.as<x86::Xmm>(), base.r64());
  });
  AsmDouble r{&lanes, {}};
  for (unsigned q = 0; q < lanes.doubleParts(); ++q) {
    if (lanes.width == 1) {
      r.part[q] = scalar;
      continue;
    }
    // + (4q + j) in lane j of part q: exact, as the sum stays below 2^53.
    static constexpr double kSteps[16] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    Piece offsets = c.constant(&kSteps[4 * q], 32, 32);
    r.part[q] = c.define(32, [&](x86::Vec d) {
      a.vbroadcastsd(d.as<x86::Ymm>(), c.reg(scalar).as<x86::Xmm>());
      a.emit(Inst::kIdVaddpd, d, d, c.operand(offsets));
    });
  }
  return r;
}
AsmUint laneIndexLow32(const AsmLanes &lanes, x86::Gp base) {
  VectorCache &c = *lanes.cache;
  x86::Assembler &a = c.assembler();
  Piece scalar = c.define(16, [&](x86::Vec d) { a.vmovd(d.as<x86::Xmm>(), base.r32()); });
  AsmUint r{&lanes, {}};
  for (unsigned p = 0; p < lanes.floatParts(); ++p) {
    if (lanes.width == 1) {
      r.part[p] = scalar;
      continue;
    }
    static constexpr uint32_t kSteps[16] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    // Four lanes: 0..3 repeated; eight a part: 8p..8p+7.
    Piece offsets = c.constant(&kSteps[8 * p], lanes.width == 4 ? 16 : 32, lanes.floatBytes());
    r.part[p] = c.define(lanes.floatBytes(), [&](x86::Vec d) {
      a.vpbroadcastd(d, c.reg(scalar).as<x86::Xmm>());
      a.emit(Inst::kIdVpaddd, d, d, c.operand(offsets));
    });
  }
  return r;
}

} // namespace resin::baseline
