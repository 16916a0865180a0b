// The IR-building lane types of IRValue.h: one instruction per operation of
// the value vocabulary, without fast-math flags.
#include "resin/codegen/IRValue.h"

#include <llvm/ADT/StringExtras.h>
#include <llvm/IR/Constants.h>
#include <llvm/IR/DerivedTypes.h>
#include <llvm/IR/GlobalVariable.h>
#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/IntrinsicsX86.h>

#include <cassert>
#include <string>
#include <vector>

namespace resin::codegen {

namespace {

llvm::Type *lanesOf(const Lanes &l, llvm::Type *scalar) {
  return l.width == 1 ? scalar : llvm::FixedVectorType::get(scalar, l.width);
}

llvm::IRBuilder<> &irb(const Lanes *l) {
  assert(l && l->builder && "a lane value without Lanes");
  // Bit-exact IEEE: the builder must not add fast-math flags (no contraction,
  // no reassociation) or constrained intrinsics.
  assert(!l->builder->getFastMathFlags().any() && !l->builder->getIsFPConstrained());
  return *l->builder;
}

const Lanes *same(const Lanes *a, const Lanes *b) {
  assert(a && b && a->width == b->width && a->builder == b->builder &&
         "values from different Lanes");
  (void)b;
  return a;
}

llvm::Value *unaryIntrinsic(const Lanes *l, llvm::Intrinsic::ID id, llvm::Value *v) {
  return irb(l).CreateUnaryIntrinsic(id, v);
}

// FNV-1a over the table's bytes: names the module's constant global, so equal
// tables share one global and the IR is the same from run to run.
uint64_t fnv1a(std::span<const uint8_t> bytes) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (uint8_t b : bytes)
    h = (h ^ b) * 0x100000001b3ull;
  return h;
}

/// Whether `g` holds `table`, as bytes or (`wide`) as uint32 entries.
bool holds(const llvm::GlobalVariable *g, std::span<const uint8_t> table, bool wide) {
  if (!g->hasInitializer())
    return false;
  auto *data = llvm::dyn_cast<llvm::ConstantDataArray>(g->getInitializer());
  if (!data || !data->getElementType()->isIntegerTy(wide ? 32 : 8) ||
      data->getNumElements() != table.size())
    return false;
  for (size_t i = 0; i < table.size(); ++i)
    if (data->getElementAsInteger(i) != table[i])
      return false;
  return true;
}

/// The module's constant copy of `table`: bytes for scalar loads, or uint32
/// entries (`wide`) so that W lanes are one 32-bit gather (vpgatherdd), where
/// x86 has no byte gather and bytes would be W scalar loads and inserts.
llvm::GlobalVariable *tableGlobal(const Lanes &l, std::span<const uint8_t> table, bool wide) {
  assert(l.module && "lookup needs the module");
  std::string base = std::string(wide ? "resin.table32." : "resin.table.") +
                     std::to_string(table.size()) + "." +
                     llvm::utohexstr(fnv1a(table), /*LowerCase=*/true);
  std::string name = base;
  for (unsigned n = 1;; ++n) {
    llvm::GlobalVariable *g = l.module->getNamedGlobal(name);
    if (!g)
      break;
    if (holds(g, table, wide))
      return g;
    name = base + "." + std::to_string(n); // a hash collision: another name
  }
  llvm::LLVMContext &ctx = l.module->getContext();
  std::vector<uint32_t> entries(table.begin(), table.end());
  llvm::Constant *init =
      wide ? llvm::ConstantDataArray::get(ctx, llvm::ArrayRef(entries))
           : llvm::ConstantDataArray::get(ctx, llvm::ArrayRef(table.data(), table.size()));
  auto *g = new llvm::GlobalVariable(*l.module, init->getType(), /*isConstant=*/true,
                                     llvm::GlobalValue::PrivateLinkage, init, name);
  g->setUnnamedAddr(llvm::GlobalValue::UnnamedAddr::Global);
  g->setAlignment(llvm::Align(64));
  return g;
}

} // namespace

llvm::Type *Lanes::floatType() const {
  return lanesOf(*this, builder->getFloatTy());
}
llvm::Type *Lanes::doubleType() const {
  return lanesOf(*this, builder->getDoubleTy());
}
llvm::Type *Lanes::uintType() const {
  return lanesOf(*this, builder->getInt32Ty());
}
llvm::Type *Lanes::maskType() const {
  return lanesOf(*this, builder->getInt1Ty());
}

FV constantF(const Lanes &l, float c) {
  return {&l, llvm::ConstantFP::get(l.floatType(), llvm::APFloat(c))};
}
DV constantD(const Lanes &l, double c) {
  return {&l, llvm::ConstantFP::get(l.doubleType(), llvm::APFloat(c))};
}
UV constantU(const Lanes &l, uint32_t c) {
  return {&l, llvm::ConstantInt::get(l.uintType(), c)};
}
MV constantM(const Lanes &l, bool c) {
  return {&l, llvm::ConstantInt::get(l.maskType(), c ? 1 : 0)};
}

// ---- float and double lanes -------------------------------------------------

#define RESIN_FLOAT_OPS(V)                                                                         \
  V operator+(V a, V b) {                                                                          \
    const Lanes *l = same(a.lanes, b.lanes);                                                       \
    return {l, irb(l).CreateFAdd(a.value, b.value)};                                               \
  }                                                                                                \
  V operator-(V a, V b) {                                                                          \
    const Lanes *l = same(a.lanes, b.lanes);                                                       \
    return {l, irb(l).CreateFSub(a.value, b.value)};                                               \
  }                                                                                                \
  V operator*(V a, V b) {                                                                          \
    const Lanes *l = same(a.lanes, b.lanes);                                                       \
    return {l, irb(l).CreateFMul(a.value, b.value)};                                               \
  }                                                                                                \
  V operator/(V a, V b) {                                                                          \
    const Lanes *l = same(a.lanes, b.lanes);                                                       \
    return {l, irb(l).CreateFDiv(a.value, b.value)};                                               \
  }                                                                                                \
  V operator-(V a) {                                                                               \
    return {a.lanes, irb(a.lanes).CreateFNeg(a.value)};                                            \
  }                                                                                                \
  MV operator<(V a, V b) {                                                                         \
    const Lanes *l = same(a.lanes, b.lanes);                                                       \
    return {l, irb(l).CreateFCmpOLT(a.value, b.value)};                                            \
  }                                                                                                \
  MV operator<=(V a, V b) {                                                                        \
    const Lanes *l = same(a.lanes, b.lanes);                                                       \
    return {l, irb(l).CreateFCmpOLE(a.value, b.value)};                                            \
  }                                                                                                \
  MV operator>(V a, V b) {                                                                         \
    const Lanes *l = same(a.lanes, b.lanes);                                                       \
    return {l, irb(l).CreateFCmpOGT(a.value, b.value)};                                            \
  }                                                                                                \
  MV operator>=(V a, V b) {                                                                        \
    const Lanes *l = same(a.lanes, b.lanes);                                                       \
    return {l, irb(l).CreateFCmpOGE(a.value, b.value)};                                            \
  }                                                                                                \
  MV operator==(V a, V b) {                                                                        \
    const Lanes *l = same(a.lanes, b.lanes);                                                       \
    return {l, irb(l).CreateFCmpOEQ(a.value, b.value)};                                            \
  }                                                                                                \
  MV operator!=(V a, V b) {                                                                        \
    const Lanes *l = same(a.lanes, b.lanes);                                                       \
    return {l, irb(l).CreateFCmpUNE(a.value, b.value)};                                            \
  }                                                                                                \
  V vfloor(V a) {                                                                                  \
    return {a.lanes, unaryIntrinsic(a.lanes, llvm::Intrinsic::floor, a.value)};                    \
  }                                                                                                \
  V vceil(V a) {                                                                                   \
    return {a.lanes, unaryIntrinsic(a.lanes, llvm::Intrinsic::ceil, a.value)};                     \
  }                                                                                                \
  V vtrunc(V a) {                                                                                  \
    return {a.lanes, unaryIntrinsic(a.lanes, llvm::Intrinsic::trunc, a.value)};                    \
  }                                                                                                \
  V vrint(V a) {                                                                                   \
    return {a.lanes, unaryIntrinsic(a.lanes, llvm::Intrinsic::roundeven, a.value)};                \
  }                                                                                                \
  V vabs(V a) {                                                                                    \
    return {a.lanes, unaryIntrinsic(a.lanes, llvm::Intrinsic::fabs, a.value)};                     \
  }                                                                                                \
  V vsqrt(V a) {                                                                                   \
    return {a.lanes, unaryIntrinsic(a.lanes, llvm::Intrinsic::sqrt, a.value)};                     \
  }

RESIN_FLOAT_OPS(FV)
RESIN_FLOAT_OPS(DV)
#undef RESIN_FLOAT_OPS

FV vfma(FV a, FV b, FV c) {
  const Lanes *l = same(same(a.lanes, b.lanes), c.lanes);
  llvm::Value *r = irb(l).CreateIntrinsic(llvm::Intrinsic::fma, {a.value->getType()},
                                          {a.value, b.value, c.value});
  return {l, r};
}

// ---- uint32 lanes -----------------------------------------------------------

#define RESIN_UINT_OP(op, create)                                                                  \
  UV operator op(UV a, UV b) {                                                                     \
    const Lanes *l = same(a.lanes, b.lanes);                                                       \
    return {l, irb(l).create(a.value, b.value)};                                                   \
  }
RESIN_UINT_OP(+, CreateAdd)
RESIN_UINT_OP(-, CreateSub)
RESIN_UINT_OP(*, CreateMul)
RESIN_UINT_OP(&, CreateAnd)
RESIN_UINT_OP(|, CreateOr)
RESIN_UINT_OP(^, CreateXor)
RESIN_UINT_OP(<<, CreateShl)
RESIN_UINT_OP(>>, CreateLShr)
#undef RESIN_UINT_OP

#define RESIN_UINT_CMP(op, create)                                                                 \
  MV operator op(UV a, UV b) {                                                                     \
    const Lanes *l = same(a.lanes, b.lanes);                                                       \
    return {l, irb(l).create(a.value, b.value)};                                                   \
  }
RESIN_UINT_CMP(<, CreateICmpULT)
RESIN_UINT_CMP(<=, CreateICmpULE)
RESIN_UINT_CMP(>, CreateICmpUGT)
RESIN_UINT_CMP(>=, CreateICmpUGE)
RESIN_UINT_CMP(==, CreateICmpEQ)
RESIN_UINT_CMP(!=, CreateICmpNE)
#undef RESIN_UINT_CMP

// ---- masks ------------------------------------------------------------------

MV operator&&(MV a, MV b) {
  const Lanes *l = same(a.lanes, b.lanes);
  return {l, irb(l).CreateAnd(a.value, b.value)};
}
MV operator||(MV a, MV b) {
  const Lanes *l = same(a.lanes, b.lanes);
  return {l, irb(l).CreateOr(a.value, b.value)};
}
MV operator!(MV a) {
  return {a.lanes, irb(a.lanes).CreateNot(a.value)};
}

// ---- select -----------------------------------------------------------------

#define RESIN_SELECT(V)                                                                            \
  V select(MV m, V a, V b) {                                                                       \
    const Lanes *l = same(same(m.lanes, a.lanes), b.lanes);                                        \
    return {l, irb(l).CreateSelect(m.value, a.value, b.value)};                                    \
  }
RESIN_SELECT(FV)
RESIN_SELECT(DV)
RESIN_SELECT(UV)
RESIN_SELECT(MV)
#undef RESIN_SELECT

// ---- conversions ------------------------------------------------------------

UV bitsOf(FV a) {
  return {a.lanes, irb(a.lanes).CreateBitCast(a.value, a.lanes->uintType())};
}
FV floatFromBits(UV a) {
  return {a.lanes, irb(a.lanes).CreateBitCast(a.value, a.lanes->floatType())};
}
FV toFloat(UV a) {
  return {a.lanes, irb(a.lanes).CreateSIToFP(a.value, a.lanes->floatType())};
}
UV toUint(FV a) {
  // Lanes outside [0, 2^31) (NaN included) become 0 before a plain fptosi, so
  // the conversion never sees a value it would turn into poison. This is
  // llvm.fptosi.sat on the contract's domain, but x86 selects it as one
  // vcvttps2dq plus two compares, where fptosi.sat on vectors is split into
  // a scalar conversion and two compare-and-branch pairs per lane.
  llvm::IRBuilder<> &b = irb(a.lanes);
  llvm::Value *notBelow = b.CreateFCmpOGE(a.value, llvm::ConstantFP::get(a.value->getType(), 0.0));
  llvm::Value *below2p31 =
      b.CreateFCmpOLT(a.value, llvm::ConstantFP::get(a.value->getType(), 2147483648.0));
  llvm::Value *inDomain = b.CreateAnd(notBelow, below2p31);
  llvm::Value *safe =
      b.CreateSelect(inDomain, a.value, llvm::ConstantFP::get(a.value->getType(), 0.0));
  return {a.lanes, b.CreateFPToSI(safe, a.lanes->uintType())};
}
DV widen(FV a) {
  return {a.lanes, irb(a.lanes).CreateFPExt(a.value, a.lanes->doubleType())};
}
FV narrow(DV a) {
  return {a.lanes, irb(a.lanes).CreateFPTrunc(a.value, a.lanes->floatType())};
}

DV scaleByPow2(DV p, DV k) {
  const Lanes *l = same(p.lanes, k.lanes);
  llvm::IRBuilder<> &b = irb(l);
  llvm::Type *i64 = lanesOf(*l, b.getInt64Ty());
  llvm::Value *e = b.CreateFPToSI(k.value, i64);
  e = b.CreateAdd(e, llvm::ConstantInt::get(i64, 1023));
  e = b.CreateShl(e, llvm::ConstantInt::get(i64, 52));
  llvm::Value *scale = b.CreateBitCast(e, l->doubleType());
  return {l, b.CreateFMul(p.value, scale)};
}

namespace {

/// Whether table[i] == table[i mod 256] for every i: the noise hashes repeat
/// the permutation so that sums of bytes need no mask.
bool periodic256(std::span<const uint8_t> table) {
  if (table.size() % 256 != 0)
    return false;
  for (size_t at = 256; at < table.size(); ++at)
    if (table[at] != table[at % 256])
      return false;
  return true;
}

/// table[i] for 16 lanes with two vpermi2b, each looking up 128 of the 256
/// entries by bits 0-6 of every index byte, and a blend on bit 7. Only each
/// lane's low byte matters (i mod 256, which the table's period allows); the
/// other bytes look up entries that the final mask drops. Four constant
/// registers replace six 2 KiB gathers, each about 21 cycles on Zen 4.
UV permuteLookup(const Lanes &l, std::span<const uint8_t> table, UV i) {
  llvm::IRBuilder<> &b = irb(&l);
  auto *bytes = llvm::FixedVectorType::get(b.getInt8Ty(), 64);
  auto quarter = [&](size_t from) {
    return llvm::ConstantDataVector::get(b.getContext(),
                                         llvm::ArrayRef(table.data() + from, size_t(64)));
  };
  llvm::Value *index = b.CreateBitCast(i.value, bytes);
  llvm::Value *low = b.CreateIntrinsic(llvm::Intrinsic::x86_avx512_vpermi2var_qi_512, {},
                                       {quarter(0), index, quarter(64)});
  llvm::Value *high = b.CreateIntrinsic(llvm::Intrinsic::x86_avx512_vpermi2var_qi_512, {},
                                        {quarter(128), index, quarter(192)});
  llvm::Value *bit7 = b.CreateICmpSLT(index, llvm::Constant::getNullValue(bytes));
  llvm::Value *picked = b.CreateBitCast(b.CreateSelect(bit7, high, low), l.uintType());
  return {&l, b.CreateAnd(picked, llvm::ConstantInt::get(l.uintType(), 255))};
}

} // namespace

UV lookup(std::span<const uint8_t> table, UV i) {
  const Lanes *l = i.lanes;
  llvm::IRBuilder<> &b = irb(l);
  if (l->width == 1) {
    // Indices are below the table size (< 2^31): zero-extended to i64, the
    // address computation needs no sign extension.
    llvm::Value *index = b.CreateZExt(i.value, b.getInt64Ty());
    llvm::Type *i8 = b.getInt8Ty();
    llvm::Value *at = b.CreateInBoundsGEP(i8, tableGlobal(*l, table, false), index);
    return {l, b.CreateZExt(b.CreateAlignedLoad(i8, at, llvm::Align(1)), l->uintType())};
  }
  if (l->width == 16 && l->byteShuffles && periodic256(table))
    return permuteLookup(*l, table, i);
  // Vector indices stay i32 (the GEP sign-extends them, which for indices
  // below 2^31 is the same value): x86 then gathers 16 lanes with one
  // vpgatherdd, where i64 indices take two vpgatherqd of 8 lanes each plus
  // the widening and re-packing around them.
  llvm::Type *i32 = b.getInt32Ty();
  llvm::Value *ptrs = b.CreateInBoundsGEP(i32, tableGlobal(*l, table, true), i.value);
  return {l, b.CreateMaskedGather(l->uintType(), ptrs, llvm::Align(4))};
}

} // namespace resin::codegen
