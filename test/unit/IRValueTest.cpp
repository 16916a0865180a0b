// The IR-building lane types (codegen/IRValue.h) against the scalar
// instantiation of the same templates: every math function, noise function,
// pure op, the context ops (time, osc, noise) and the stateful steps are
// compiled with ORC's LLJIT for W = 1, 4, 8, 16 lanes and compared bit for
// bit (any NaN equals any NaN) with the float templates over ~100k inputs.
//
// Set RESIN_IRVALUE_REPORT=1 to print one line per kernel and width.
#include "resin/codegen/IRValue.h" // first: see the note at its top

#include "resin/ir/Op.h"
#include "resin/semantics/OpConstants.h"
#include "resin/semantics/PureOps.h"
#include "resin/semantics/StatefulOps.h"
#include "resin/support/FloatEnv.h"

#include <doctest/doctest.h>

#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/ExecutionEngine/Orc/ThreadSafeModule.h>
#include <llvm/IR/Instructions.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Operator.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>
#include <llvm/TargetParser/Host.h>

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <limits>
#include <memory>
#include <numbers>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

using namespace resin;
using codegen::DV;
using codegen::FV;
using codegen::Lanes;
using codegen::MV;
using codegen::UV;

static_assert(std::is_same_v<math::WideOf<FV>, DV>);
static_assert(std::is_same_v<math::UintOf<FV>, UV>);
static_assert(std::is_same_v<math::MaskOf<FV>, MV>);
static_assert(std::is_same_v<math::WideOf<float>, double>);

namespace {

constexpr unsigned kWidths[] = {1, 4, 8, 16};
constexpr size_t kCount = 100000; // inputs per kernel, a multiple of 16

// ---- inputs -------------------------------------------------------------------

/// `columns` columns of `count` floats each, column j at data[j * count].
struct Pool {
  size_t count = kCount;
  unsigned columns = 0;
  std::vector<float> data;
};

float fromBits(uint32_t b) {
  return std::bit_cast<float>(b);
}

std::vector<float> specialValues() {
  constexpr float inf = std::numeric_limits<float>::infinity();
  std::vector<float> v = {0.0f,
                          -0.0f,
                          inf,
                          -inf,
                          std::numeric_limits<float>::quiet_NaN(),
                          -std::numeric_limits<float>::quiet_NaN(),
                          fromBits(0x7fa00000u), // signalling NaN
                          fromBits(0x7fc12345u), // NaN with a payload
                          fromBits(0xffc00001u),
                          std::numeric_limits<float>::denorm_min(),
                          -std::numeric_limits<float>::denorm_min(),
                          fromBits(0x007fffffu), // largest subnormal
                          fromBits(0x80400000u),
                          fromBits(0x00000123u),
                          std::numeric_limits<float>::min(),
                          -std::numeric_limits<float>::min(),
                          std::numeric_limits<float>::max(),
                          -std::numeric_limits<float>::max(),
                          std::numeric_limits<float>::epsilon(),
                          1.0f,
                          -1.0f,
                          0.5f,
                          -0.5f,
                          2.0f,
                          -2.0f,
                          3.0f,
                          -3.0f,
                          0.25f,
                          1e-6f,
                          -1e-6f,
                          1e-30f,
                          1e30f,
                          -1e30f,
                          1e38f,
                          1e10f,
                          -1e10f,
                          2147483648.0f,
                          -2147483648.0f,
                          16777216.0f,
                          16777217.0f,
                          8388608.5f,
                          1e5f,
                          -1e5f,
                          1e4f,
                          252.898209f,
                          88.7228394f,
                          88.7228469f,
                          89.0f,
                          -87.3365479f,
                          -103.972076f,
                          -104.0f,
                          -150.0f,
                          9.0f,
                          9.5f,
                          0.000244140625f,
                          0.000244140596f,
                          std::numbers::pi_v<float>,
                          -std::numbers::pi_v<float>,
                          std::numbers::pi_v<float> / 2,
                          std::numbers::pi_v<float> / 4,
                          0.70710677f,
                          1.41421354f,
                          0.99999994f,
                          1.00000012f};
  return v;
}

float logUniform(std::mt19937_64 &rng, float loExp, float hiExp) {
  std::uniform_real_distribution<float> e(loExp, hiExp);
  float sign = (rng() & 1) ? -1.0f : 1.0f;
  return sign * std::exp2(e(rng));
}

/// Inputs for one-argument math: special values, near multiples of pi/2,
/// random bit patterns and several ranges.
std::vector<float> unaryValues(size_t count, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<float> v = specialValues();
  std::uniform_int_distribution<int> kDist(-65000, 65000);
  while (v.size() < 12000) { // x near k pi/2, |x| <= 1e5, and neighbours
    float x = float(kDist(rng) * (std::numbers::pi / 2));
    v.push_back(x);
    v.push_back(std::nextafter(x, 1e9f));
    v.push_back(std::nextafter(x, -1e9f));
    v.push_back(std::nextafter(std::nextafter(x, 1e9f), 1e9f));
  }
  for (int k = -64; k <= 64; ++k) { // small multiples exactly and +-1 ulp
    float x = float(k * (std::numbers::pi / 2));
    v.insert(v.end(), {x, std::nextafter(x, 1e9f), std::nextafter(x, -1e9f)});
  }
  auto fill = [&](size_t upTo, auto gen) {
    while (v.size() < upTo)
      v.push_back(gen());
  };
  std::uniform_real_distribution<float> u10(-10, 10), u200(-200, 200), u1e5(-1e5f, 1e5f);
  fill(32000, [&] { return fromBits(uint32_t(rng())); });
  fill(52000, [&] { return u10(rng); });
  fill(67000, [&] { return u200(rng); });
  fill(87000, [&] { return logUniform(rng, -150, 128); });
  fill(count, [&] { return u1e5(rng); });
  v.resize(count);
  return v;
}

/// Columns that are shuffles of the unary values (multi-argument ops).
Pool shuffledPool(unsigned columns, uint64_t seed) {
  Pool p;
  p.columns = columns;
  std::vector<float> base = unaryValues(kCount, seed);
  std::mt19937_64 rng(seed + 1);
  for (unsigned j = 0; j < columns; ++j) {
    if (j > 0)
      std::shuffle(base.begin(), base.end(), rng);
    p.data.insert(p.data.end(), base.begin(), base.end());
  }
  return p;
}

/// pow's (x, y): every pair of special values, then random x with integral,
/// half-integral, special and random y.
Pool powPool() {
  Pool p;
  p.columns = 2;
  std::vector<float> xs(kCount), ys(kCount);
  std::vector<float> sp = specialValues();
  for (float y : {5.0f, -5.0f, 4.0f, -4.0f, 0.5f, -0.5f, 1.5f, 1e9f, -1e9f})
    sp.push_back(y);
  size_t i = 0;
  for (float x : sp)
    for (float y : sp)
      if (i < kCount)
        xs[i] = x, ys[i] = y, ++i;
  std::vector<float> xr = unaryValues(kCount, 77);
  std::mt19937_64 rng(78);
  std::uniform_int_distribution<int> yInt(-40, 40);
  std::uniform_real_distribution<float> yReal(-20, 20), xSmall(0, 4);
  std::uniform_int_distribution<size_t> spIdx(0, sp.size() - 1);
  for (size_t r = 0; i < kCount; ++i, ++r) {
    float x = r % 4 == 0 ? xSmall(rng) : (r % 7 == 0 ? -xr[r] : xr[r]);
    float y;
    switch (r % 6) {
    case 0:
      y = float(yInt(rng));
      break;
    case 1:
      y = float(yInt(rng)) + 0.5f;
      break;
    case 2:
      y = sp[spIdx(rng)];
      break;
    case 3:
      y = fromBits(uint32_t(rng()));
      break;
    default:
      y = yReal(rng);
      break;
    }
    xs[i] = x, ys[i] = y;
  }
  p.data = xs;
  p.data.insert(p.data.end(), ys.begin(), ys.end());
  return p;
}

/// Noise coordinates: mostly moderate, with integers and their neighbours,
/// huge values and special values.
Pool noisePool() {
  Pool p;
  p.columns = 3;
  std::mt19937_64 rng(99);
  std::vector<float> sp = specialValues();
  std::uniform_real_distribution<float> u50(-50, 50), u1e4(-1e4f, 1e4f);
  std::uniform_int_distribution<int> iDist(-300, 300);
  std::uniform_int_distribution<size_t> spIdx(0, sp.size() - 1);
  for (unsigned j = 0; j < 3; ++j)
    for (size_t i = 0; i < kCount; ++i) {
      float v;
      switch (i % 16) {
      case 0:
        v = float(iDist(rng));
        break;
      case 1:
        v = std::nextafter(float(iDist(rng)), (rng() & 1) ? 1e9f : -1e9f);
        break;
      case 2:
        v = u1e4(rng);
        break;
      case 3:
        v = (i / 16) % 8 == 0 ? sp[spIdx(rng)] : logUniform(rng, -30, 40);
        break;
      default:
        v = u50(rng);
        break;
      }
      p.data.push_back(v);
    }
  return p;
}

/// An audio-like signal for the stateful steps: sines and noise, a few loud
/// samples, and special values in the last stretch.
Pool audioPool() {
  Pool p;
  p.columns = 1;
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<float> u(-1, 1);
  for (size_t i = 0; i < kCount; ++i) {
    float s = 0.5f * float(std::sin(double(i) * 0.031)) + 0.25f * u(rng);
    if (i % 997 == 0)
      s *= 1000.0f;
    if (i % 20011 == 0)
      s = 0.0f;
    p.data.push_back(s);
  }
  std::vector<float> sp = specialValues();
  for (size_t j = 0; j < sp.size(); ++j)
    p.data[kCount - 1 - j] = sp[j];
  return p;
}

// ---- kernels ------------------------------------------------------------------

/// The sample index of each lane: n as double lanes and its low 32 bits.
struct IRIndex {
  DV d;
  UV u;
};
struct ScalarIndex {
  double d;
  uint32_t u;
};

struct Kernel {
  std::string name;
  const Pool *pool = nullptr;
  unsigned arity = 1;
  unsigned stateSlots = 0; // > 0: a stateful step, W = 1 only
  int64_t base = 0;        // sample index of the first input
  std::function<FV(const FV *, IRIndex, FV *)> build;
  std::function<float(const float *, ScalarIndex, float *)> ref;
};

/// One kernel from one generic body, instantiated for the IR lanes and for float.
template <class Body>
Kernel kernel(std::string name, const Pool &pool, unsigned arity, Body body,
              unsigned stateSlots = 0, int64_t base = 0) {
  Kernel k;
  k.name = std::move(name);
  k.pool = &pool;
  k.arity = arity;
  k.stateSlots = stateSlots;
  k.base = base;
  k.build = [body](const FV *a, IRIndex n, FV *s) -> FV { return body(a, n, s); };
  k.ref = [body](const float *a, ScalarIndex n, float *s) -> float { return body(a, n, s); };
  return k;
}

// ---- the JIT harness ----------------------------------------------------------

using KernelFn = void (*)(const float *in, float *out, int64_t n);

/// `void f(const float *in, float *out, int64_t n)`: for i in 0, W, 2W, ...
/// < n, out[i..i+W) = kernel(in[j*n + i..]) with unaligned vector accesses.
/// n must be a multiple of W. State slots live in allocas across iterations.
void emitKernel(llvm::Module &m, const std::string &name, const Kernel &k, unsigned width) {
  llvm::LLVMContext &ctx = m.getContext();
  llvm::IRBuilder<> b(ctx);
  llvm::Type *i64 = b.getInt64Ty();
  auto *fnTy = llvm::FunctionType::get(b.getVoidTy(), {b.getPtrTy(), b.getPtrTy(), i64}, false);
  auto *fn = llvm::Function::Create(fnTy, llvm::Function::ExternalLinkage, name, m);
  llvm::Value *in = fn->getArg(0), *out = fn->getArg(1), *n = fn->getArg(2);
  auto *entry = llvm::BasicBlock::Create(ctx, "entry", fn);
  auto *header = llvm::BasicBlock::Create(ctx, "header", fn);
  auto *body = llvm::BasicBlock::Create(ctx, "body", fn);
  auto *exit = llvm::BasicBlock::Create(ctx, "exit", fn);
  Lanes lanes{&b, &m, width};

  b.SetInsertPoint(entry);
  std::vector<llvm::AllocaInst *> slots;
  for (unsigned s = 0; s < k.stateSlots; ++s) {
    slots.push_back(b.CreateAlloca(b.getFloatTy()));
    b.CreateStore(llvm::ConstantFP::get(b.getFloatTy(), 0.0), slots.back());
  }
  b.CreateBr(header);

  b.SetInsertPoint(header);
  llvm::PHINode *i = b.CreatePHI(i64, 2);
  i->addIncoming(b.getInt64(0), entry);
  b.CreateCondBr(b.CreateICmpSLT(i, n), body, exit);

  b.SetInsertPoint(body);
  std::vector<FV> args;
  for (unsigned j = 0; j < k.arity; ++j) {
    llvm::Value *at = b.CreateAdd(b.CreateMul(b.getInt64(j), n), i);
    llvm::Value *p = b.CreateGEP(b.getFloatTy(), in, at);
    args.push_back({&lanes, b.CreateAlignedLoad(lanes.floatType(), p, llvm::Align(4))});
  }
  llvm::Value *index = b.CreateAdd(i, b.getInt64(uint64_t(k.base)));
  if (width > 1) {
    std::vector<llvm::Constant *> steps;
    for (unsigned l = 0; l < width; ++l)
      steps.push_back(b.getInt64(l));
    index = b.CreateAdd(b.CreateVectorSplat(width, index), llvm::ConstantVector::get(steps));
  }
  IRIndex idx{{&lanes, b.CreateSIToFP(index, lanes.doubleType())},
              {&lanes, b.CreateTrunc(index, lanes.uintType())}};
  std::vector<FV> state;
  for (llvm::AllocaInst *slot : slots)
    state.push_back({&lanes, b.CreateLoad(b.getFloatTy(), slot)});
  FV r = k.build(args.data(), idx, state.data());
  for (size_t s = 0; s < slots.size(); ++s)
    b.CreateStore(state[s].value, slots[s]);
  b.CreateAlignedStore(r.value, b.CreateGEP(b.getFloatTy(), out, i), llvm::Align(4));
  i->addIncoming(b.CreateAdd(i, b.getInt64(width)), b.GetInsertBlock());
  b.CreateBr(header);

  b.SetInsertPoint(exit);
  b.CreateRetVoid();
}

void optimize(llvm::Module &m, llvm::TargetMachine &tm) {
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  // The kernels are already written at their width: no loop vectorization,
  // SLP or unrolling (they only cost compile time here).
  llvm::PipelineTuningOptions tuning;
  tuning.LoopVectorization = false;
  tuning.SLPVectorization = false;
  tuning.LoopUnrolling = false;
  tuning.LoopInterleaving = false;
  llvm::PassBuilder pb(&tm, tuning);
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  pb.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O2).run(m, mam);
}

template <class T> T orFail(llvm::Expected<T> e) {
  if (!e) {
    std::string msg = llvm::toString(e.takeError());
    FAIL(msg);
  }
  return std::move(*e);
}

/// Number of fast-math flags set on any instruction of the module (must be 0).
size_t fastMathFlagCount(const llvm::Module &m) {
  size_t count = 0;
  for (const llvm::Function &f : m)
    for (const llvm::BasicBlock &bb : f)
      for (const llvm::Instruction &inst : bb)
        if (llvm::isa<llvm::FPMathOperator>(inst) && inst.getFastMathFlags().any())
          ++count;
  return count;
}

class Jit {
public:
  Jit() {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    llvm::orc::JITTargetMachineBuilder jtmb =
        orFail(llvm::orc::JITTargetMachineBuilder::detectHost());
    tm_ = orFail(jtmb.createTargetMachine());
    jit_ = orFail(llvm::orc::LLJITBuilder().setJITTargetMachineBuilder(jtmb).create());
  }

  std::unique_ptr<llvm::Module> newModule(llvm::LLVMContext &ctx, const std::string &name) {
    auto m = std::make_unique<llvm::Module>(name, ctx);
    m->setDataLayout(jit_->getDataLayout());
    m->setTargetTriple(jit_->getTargetTriple().str());
    return m;
  }

  /// Verifies, optimizes (O2) and adds the module.
  void add(std::unique_ptr<llvm::Module> m, std::unique_ptr<llvm::LLVMContext> ctx) {
    std::string errors;
    llvm::raw_string_ostream os(errors);
    if (llvm::verifyModule(*m, &os))
      FAIL("invalid IR: " << errors);
    CHECK(fastMathFlagCount(*m) == 0);
    optimize(*m, *tm_);
    CHECK(fastMathFlagCount(*m) == 0);
    llvm::Error err = jit_->addIRModule(
        llvm::orc::ThreadSafeModule(std::move(m), llvm::orc::ThreadSafeContext(std::move(ctx))));
    if (err)
      FAIL(llvm::toString(std::move(err)));
  }

  KernelFn lookup(const std::string &name) { return orFail(jit_->lookup(name)).toPtr<KernelFn>(); }

private:
  std::unique_ptr<llvm::TargetMachine> tm_;
  std::unique_ptr<llvm::orc::LLJIT> jit_;
};

// ---- comparison ---------------------------------------------------------------

bool sameBits(float a, float b) {
  return std::bit_cast<uint32_t>(a) == std::bit_cast<uint32_t>(b) ||
         (std::isnan(a) && std::isnan(b));
}

std::string hexFloat(float v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%a (0x%08x)", double(v), std::bit_cast<uint32_t>(v));
  return buf;
}

// ---- the kernel list ----------------------------------------------------------

struct Pools {
  Pool unary = shuffledPool(6, 1);
  Pool pow = powPool();
  Pool noise = noisePool();
  Pool audio = audioPool();
};

OpConstants oscConstants(Wave wave, double phase, double increment, float duty) {
  OpConstants k;
  k.wave = wave;
  k.phase = phase;
  k.increment = increment;
  k.duty = duty;
  return k;
}

std::vector<Kernel> allKernels(const Pools &p) {
  using math::MathMode;
  std::vector<Kernel> ks;
  const char *modeNames[] = {"precise", "fast"};

  // The math functions, each level directly.
#define RESIN_UNARY_MATH(fn)                                                                       \
  ks.push_back(kernel(#fn, p.unary, 1, [](auto a, auto, auto) { return math::fn(a[0]); }));
  RESIN_UNARY_MATH(sinPrecise)
  RESIN_UNARY_MATH(sinFast)
  RESIN_UNARY_MATH(cosPrecise)
  RESIN_UNARY_MATH(cosFast)
  RESIN_UNARY_MATH(tanPrecise)
  RESIN_UNARY_MATH(tanFast)
  RESIN_UNARY_MATH(expPrecise)
  RESIN_UNARY_MATH(expFast)
  RESIN_UNARY_MATH(lnPrecise)
  RESIN_UNARY_MATH(lnFast)
  RESIN_UNARY_MATH(tanhPrecise)
  RESIN_UNARY_MATH(tanhFast)
#undef RESIN_UNARY_MATH
  ks.push_back(kernel("powPrecise", p.pow, 2,
                      [](auto a, auto, auto) { return math::powPrecise(a[0], a[1]); }));
  ks.push_back(
      kernel("powFast", p.pow, 2, [](auto a, auto, auto) { return math::powFast(a[0], a[1]); }));

  // Noise: seeds, octaves, lacunarity, gain, both bases.
  for (int32_t seed : {0, 1, 255, -1234567}) {
    std::string s = std::to_string(seed);
    ks.push_back(kernel("perlin2/" + s, p.noise, 2,
                        [seed](auto a, auto, auto) { return noise::perlin2(a[0], a[1], seed); }));
    ks.push_back(kernel("perlin3/" + s, p.noise, 3, [seed](auto a, auto, auto) {
      return noise::perlin3(a[0], a[1], a[2], seed);
    }));
    ks.push_back(kernel("simplex2/" + s, p.noise, 2,
                        [seed](auto a, auto, auto) { return noise::simplex2(a[0], a[1], seed); }));
    ks.push_back(kernel("simplex3/" + s, p.noise, 3, [seed](auto a, auto, auto) {
      return noise::simplex3(a[0], a[1], a[2], seed);
    }));
  }
  struct FbmCase {
    int octaves;
    float lacunarity, gain;
    int32_t seed;
  };
  for (FbmCase c : {FbmCase{1, 2, 0.5f, 0}, FbmCase{4, 2, 0.5f, 3}, FbmCase{6, 1.9f, 0.6f, -9},
                    FbmCase{2, 2, -1, 1}}) {
    for (noise::Basis basis : {noise::Basis::Perlin, noise::Basis::Simplex}) {
      noise::FbmParams fp{c.octaves, c.lacunarity, c.gain, basis, c.seed};
      std::string s = std::string(basis == noise::Basis::Perlin ? "perlin" : "simplex") + "/" +
                      std::to_string(c.octaves) + "oct/seed" + std::to_string(c.seed);
      ks.push_back(kernel("fbm2/" + s, p.noise, 2,
                          [fp](auto a, auto, auto) { return noise::fbm2(a[0], a[1], fp); }));
      ks.push_back(kernel("fbm3/" + s, p.noise, 3,
                          [fp](auto a, auto, auto) { return noise::fbm3(a[0], a[1], a[2], fp); }));
    }
  }

  // Every computed pure op, in both math modes where the mode matters.
  for (const OpInfo &info : allOps()) {
    Op op = info.op;
    if (!semantics::isComputedPure(op))
      continue;
    bool usesMode = op == Op::Pow || op == Op::Sin || op == Op::Cos || op == Op::Tan ||
                    op == Op::Exp || op == Op::Ln || op == Op::Tanh || op == Op::Softclip;
    bool isNoise = op == Op::Perlin2 || op == Op::Perlin3 || op == Op::Simplex2 ||
                   op == Op::Simplex3 || op == Op::Fbm2 || op == Op::Fbm3;
    const Pool &pool = op == Op::Pow ? p.pow : isNoise ? p.noise : p.unary;
    OpConstants k;
    if (isNoise)
      k.fbm = noise::FbmParams{5, 2.1f, 0.45f, noise::Basis::Simplex, 42};
    for (int mode = 0; mode < (usesMode ? 2 : 1); ++mode) {
      MathMode m = mode ? MathMode::Fast : MathMode::Precise;
      std::string name = "pure." + std::string(info.name) + (usesMode ? "." : "") +
                         (usesMode ? modeNames[mode] : "");
      ks.push_back(
          kernel(name, pool, unsigned(std::max<size_t>(info.numPorts, 1)),
                 [op, k, m](auto a, auto, auto) { return semantics::evalPure(op, a, k, m); }));
      if (isNoise && op != Op::Fbm2 && op != Op::Fbm3)
        break;
    }
    if (op == Op::Fbm2 || op == Op::Fbm3) { // perlin basis through evalPure too
      k.fbm = noise::FbmParams{3, 2, 0.5f, noise::Basis::Perlin, 7};
      ks.push_back(kernel("pure." + std::string(info.name) + ".perlin", pool,
                          unsigned(info.numPorts), [op, k](auto a, auto, auto) {
                            return semantics::evalPure(op, a, k, MathMode::Precise);
                          }));
    }
  }

  // Context ops over sample indices: time, osc, noise.
  for (int64_t base : {int64_t(0), int64_t(4294967000), int64_t(1) << 40}) {
    std::string b = "@" + std::to_string(base);
    for (double sr : {44100.0, 48000.0, 7.0}) {
      OpConstants k;
      k.sampleRate = sr;
      ks.push_back(kernel(
          "time/" + std::to_string(int(sr)) + b, p.unary, 0,
          [k](auto, auto n, auto) { return semantics::evalTime(n.d, k); }, 0, base));
    }
    int w = 0;
    for (Wave wave : {Wave::Sine, Wave::Saw, Wave::Square, Wave::Triangle, Wave::Pulse}) {
      for (OpConstants k :
           {oscConstants(wave, 0, 440.0 / 44100.0, 0.5f),
            oscConstants(wave, 0.25, 0.3333333333, 0.1f), oscConstants(wave, 0.9, 1e-7, 0.75f)}) {
        for (int mode = 0; mode < (wave == Wave::Sine ? 2 : 1); ++mode) {
          MathMode m = mode ? MathMode::Fast : MathMode::Precise;
          ks.push_back(kernel(
              "osc/" + std::to_string(w) + "/" + std::to_string(k.increment) + "/" +
                  modeNames[mode] + b,
              p.unary, 1,
              [k, m](auto a, auto n, auto) { return semantics::evalOsc(n.d, a[0], k, m); }, 0,
              base));
        }
      }
      ++w;
    }
    for (uint32_t seedTerm : {0u, 0x9E3779B9u, 12345u * 0x9E3779B9u}) {
      OpConstants k;
      k.noiseSeedTerm = seedTerm;
      ks.push_back(kernel(
          "noise/" + std::to_string(seedTerm) + b, p.unary, 1,
          [k](auto a, auto n, auto) { return semantics::evalNoise(n.u, a[0], k); }, 0, base));
    }
  }

  // vdelay's pure parts at every width.
  for (int64_t samples : {int64_t(1), int64_t(100), int64_t(1) << 24}) {
    OpConstants k;
    k.delaySamples = samples;
    ks.push_back(kernel("vdelayClampedTime/" + std::to_string(samples), p.unary, 1,
                        [k](auto a, auto, auto) { return semantics::vdelayClampedTime(k, a[0]); }));
  }
  ks.push_back(kernel("vdelayInterpolate", p.unary, 3, [](auto a, auto, auto) {
    return semantics::vdelayInterpolate(a[0], a[1], a[2]);
  }));

  // Stateful steps at W = 1.
  for (OnepoleMode mode : {OnepoleMode::Lowpass, OnepoleMode::Highpass}) {
    OpConstants k;
    k.onepoleMode = mode;
    double pole = 0.913;
    k.onepolePole = float(pole);
    k.onepoleGain = mode == OnepoleMode::Lowpass ? float(1 - pole) : float((1 + pole) / 2);
    ks.push_back(kernel(
        mode == OnepoleMode::Lowpass ? "onepole/lowpass" : "onepole/highpass", p.audio, 1,
        [k](auto a, auto, auto s) {
          using F = std::remove_cvref_t<decltype(a[0])>;
          semantics::OnepoleState<F> st{s[0], s[1]};
          F y = semantics::onepoleStep(k, st, a[0]);
          s[0] = st.x1, s[1] = st.y1;
          return y;
        },
        2));
  }
  for (const char *kind : {"lowpass", "highpass", "peak"}) {
    BiquadDesign d = designBiquad(kind, 1234.5, 0.9, 6.0, 44100);
    OpConstants k;
    k.b0 = float(d.b0), k.b1 = float(d.b1), k.b2 = float(d.b2), k.a1 = float(d.a1),
    k.a2 = float(d.a2);
    ks.push_back(kernel(
        std::string("biquad/") + kind, p.audio, 1,
        [k](auto a, auto, auto s) {
          using F = std::remove_cvref_t<decltype(a[0])>;
          semantics::BiquadState<F> st{s[0], s[1]};
          F y = semantics::biquadStep(k, st, a[0]);
          s[0] = st.z1, s[1] = st.z2;
          return y;
        },
        2));
  }
  {
    OpConstants k;
    k.coeff = -0.37f;
    ks.push_back(kernel(
        "allpass1", p.audio, 1,
        [k](auto a, auto, auto s) {
          using F = std::remove_cvref_t<decltype(a[0])>;
          semantics::AllpassState<F> st{s[0], s[1]};
          F y = semantics::allpassStep(k, st, a[0]);
          s[0] = st.x1, s[1] = st.y1;
          return y;
        },
        2));
  }
  {
    OpConstants k;
    double attack = std::exp(-1.0 / (0.001 * 44100)), release = std::exp(-1.0 / (0.1 * 44100));
    k.attackC = float(attack), k.attackOneMinusC = float(1 - attack);
    k.releaseC = float(release), k.releaseOneMinusC = float(1 - release);
    ks.push_back(kernel(
        "envelope", p.audio, 1,
        [k](auto a, auto, auto s) { return semantics::envelopeStep(k, s[0], a[0]); }, 1));
  }
  return ks;
}

bool reportEnabled() {
  const char *e = std::getenv("RESIN_IRVALUE_REPORT");
  return e && *e && *e != '0';
}

} // namespace

TEST_CASE("IRValue: JIT lanes match the scalar templates bit for bit") {
  auto start = std::chrono::steady_clock::now();
  Pools pools;
  std::vector<Kernel> kernels = allKernels(pools);

  // One module per width; stateful kernels only at W = 1.
  Jit jit;
  for (unsigned w : kWidths) {
    auto ctx = std::make_unique<llvm::LLVMContext>();
    auto m = jit.newModule(*ctx, "w" + std::to_string(w));
    for (size_t k = 0; k < kernels.size(); ++k)
      if (kernels[k].stateSlots == 0 || w == 1)
        emitKernel(*m, "k" + std::to_string(k) + "_w" + std::to_string(w), kernels[k], w);
    jit.add(std::move(m), std::move(ctx));
  }
  auto built = std::chrono::steady_clock::now();
  std::vector<std::vector<KernelFn>> fns(kernels.size(), std::vector<KernelFn>(std::size(kWidths)));
  for (size_t wi = 0; wi < std::size(kWidths); ++wi)
    for (size_t k = 0; k < kernels.size(); ++k)
      if (!kernels[k].stateSlots || kWidths[wi] == 1)
        fns[k][wi] = jit.lookup("k" + std::to_string(k) + "_w" + std::to_string(kWidths[wi]));
  auto compiled = std::chrono::steady_clock::now();

  ScopedFlushDenormals noFlush(false); // IEEE subnormals on both sides
  bool report = reportEnabled();
  size_t totalMismatches = 0, totalChecked = 0;
  std::vector<float> expected(kCount), actual(kCount);
  for (size_t k = 0; k < kernels.size(); ++k) {
    const Kernel &kn = kernels[k];
    const Pool &pool = *kn.pool;
    REQUIRE(pool.columns >= kn.arity);
    float state[4] = {0, 0, 0, 0};
    float args[6];
    for (size_t i = 0; i < pool.count; ++i) {
      for (unsigned j = 0; j < kn.arity; ++j)
        args[j] = pool.data[j * pool.count + i];
      int64_t n = kn.base + int64_t(i);
      expected[i] = kn.ref(args, ScalarIndex{double(n), uint32_t(uint64_t(n))}, state);
    }
    for (size_t wi = 0; wi < std::size(kWidths); ++wi) {
      unsigned w = kWidths[wi];
      KernelFn fn = fns[k][wi];
      if (!fn)
        continue;
      std::fill(actual.begin(), actual.end(), 0.0f);
      fn(pool.data.data(), actual.data(), int64_t(pool.count));
      size_t mismatches = 0, nanBitsDiffer = 0;
      for (size_t i = 0; i < pool.count; ++i) {
        if (sameBits(expected[i], actual[i])) {
          bool differ = std::bit_cast<uint32_t>(expected[i]) != std::bit_cast<uint32_t>(actual[i]);
          if (differ && report && nanBitsDiffer < 2)
            std::printf("  NaN bits: %s W=%u in %s scalar %s jit %s\n", kn.name.c_str(), w,
                        hexFloat(pool.data[i]).c_str(), hexFloat(expected[i]).c_str(),
                        hexFloat(actual[i]).c_str());
          nanBitsDiffer += differ;
          continue;
        }
        if (mismatches++ < 3) {
          std::string in;
          for (unsigned j = 0; j < kn.arity; ++j)
            in += hexFloat(pool.data[j * pool.count + i]) + " ";
          MESSAGE(kn.name << " W=" << w << " i=" << i << " in: " << in << "scalar: "
                          << hexFloat(expected[i]) << " jit: " << hexFloat(actual[i]));
        }
      }
      if (report)
        std::printf("%-44s W=%-2u inputs %zu mismatches %zu (NaNs with other bits: %zu)\n",
                    kn.name.c_str(), w, pool.count, mismatches, nanBitsDiffer);
      totalMismatches += mismatches;
      totalChecked += pool.count;
    }
  }
  auto done = std::chrono::steady_clock::now();
  auto ms = [](auto a, auto b) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(b - a).count();
  };
  if (report)
    std::printf("host avx512f: %s\n",
                llvm::sys::getHostCPUFeatures().lookup("avx512f") ? "yes" : "no");
  if (report)
    std::printf("%zu kernels, %zu values checked, %zu mismatches; IR+O2 %lld ms, machine code "
                "%lld ms, run and compare %lld ms\n",
                kernels.size(), totalChecked, totalMismatches, (long long)ms(start, built),
                (long long)ms(built, compiled), (long long)ms(compiled, done));
  CHECK(totalMismatches == 0);
}

namespace {

/// A function `void f(<W x float>, <W x float>, <W x float>)` with the builder
/// in its body, for looking at the IR a template emits.
struct Scratch {
  llvm::LLVMContext ctx;
  llvm::Module module{"scratch", ctx};
  llvm::IRBuilder<> builder{ctx};
  Lanes lanes;
  std::vector<FV> args;

  explicit Scratch(unsigned width) : lanes{&builder, &module, width} {
    llvm::Type *t = lanes.floatType();
    auto *fn =
        llvm::Function::Create(llvm::FunctionType::get(builder.getVoidTy(), {t, t, t}, false),
                               llvm::Function::ExternalLinkage, "f", module);
    builder.SetInsertPoint(llvm::BasicBlock::Create(ctx, "entry", fn));
    for (llvm::Argument &a : fn->args())
      args.push_back({&lanes, &a});
  }

  size_t count(unsigned opcode, llvm::Intrinsic::ID id = llvm::Intrinsic::not_intrinsic) const {
    size_t n = 0;
    for (const llvm::Instruction &inst : module.getFunction("f")->getEntryBlock()) {
      if (inst.getOpcode() != opcode)
        continue;
      if (auto *call = llvm::dyn_cast<llvm::CallInst>(&inst))
        n += call->getIntrinsicID() == id;
      else
        ++n;
    }
    return n;
  }
};

} // namespace

TEST_CASE("IRValue: lane types, constant tables, no fast-math flags") {
  for (unsigned w : kWidths) {
    CAPTURE(w);
    Scratch s(w);
    FV x = s.args[0], y = s.args[1], z = s.args[2];
    FV r = noise::perlin2(x, y, 3);
    r = r + noise::simplex3(x, y, z, 5) + noise::perlin3(x, y, z, 9) + noise::simplex2(x, y, 0);
    r = r + math::powPrecise(x, y) + math::tanFast(z);
    CHECK(r.value->getType() == s.lanes.floatType());
    CHECK(r.value->getType()->isVectorTy() == (w > 1));
    CHECK(math::widen(x).value->getType() == s.lanes.doubleType());
    CHECK(math::bitsOf(x).value->getType() == s.lanes.uintType());
    CHECK((x < y).value->getType() == s.lanes.maskType());
    s.builder.CreateRetVoid();

    // One private constant global per distinct table (kHash, used twice),
    // however many lookups.
    CHECK(s.module.global_size() == 1);
    for (const llvm::GlobalVariable &g : s.module.globals()) {
      CHECK(g.isConstant());
      CHECK(g.hasPrivateLinkage());
      CHECK(g.getValueType()->getArrayNumElements() == noise::kHashTableSize);
    }
    size_t gathers = s.count(llvm::Instruction::Call, llvm::Intrinsic::masked_gather);
    size_t loads = s.count(llvm::Instruction::Load);
    CHECK(gathers == (w > 1 ? 6u + 12u + 14u + 6u : 0u));
    CHECK(loads == (w > 1 ? 0u : 6u + 12u + 14u + 6u));
    // tanFast's 11 (Trig.h: the magic-number rounding, the 3-step reduction,
    // 7-coefficient Horner, the final term); noise and pow use none.
    CHECK(s.count(llvm::Instruction::Call, llvm::Intrinsic::fma) == 11);
    CHECK(fastMathFlagCount(s.module) == 0);
    CHECK_FALSE(llvm::verifyModule(s.module, &llvm::errs()));
  }
}

TEST_CASE("IRValue: literals on either side and selects of literals") {
  Scratch s(4);
  FV x = s.args[0];
  using codegen::select;
  FV a = 2.0f * x - 1.0f;
  FV b = 1.0f - x / 3.0f;
  MV m = ((0.5f < x) && !(x >= 3.0f)) || (x != x);
  FV c = select(m, 1.0f, 0.0f) + select(m, a, 0.0f) + select(m, 0.0f, b);
  DV d = select(m, 1.0, math::widen(c)) * 0.5 + 2.0f;
  UV u = math::bitsOf(c) >> 16;
  u = select(u < 7u, u, 7u) ^ 0x80000000u;
  c = math::floatFromBits(u) + math::narrow(d);
  s.builder.CreateRetVoid();
  CHECK(c.value->getType() == s.lanes.floatType());
  CHECK(s.count(llvm::Instruction::FNeg) == 0);
  CHECK(s.count(llvm::Instruction::Select) == 5);
  CHECK_FALSE(llvm::verifyModule(s.module, &llvm::errs()));
}
