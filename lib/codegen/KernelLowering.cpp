// Graph -> LLVM IR kernels. Every value is computed by the templates the
// interpreter uses, so the kernel rounds exactly as `interp` does. A pure
// audio graph or a field has one body: the loop's last pass runs it on
// zero-padded copies of the remaining samples (a field's row likewise; its
// eval has a one-lane copy). A graph with state emits its body twice: W
// lanes for the main loop and one lane for the tail.
#include "resin/codegen/KernelLowering.h"

#include "KernelFunctions.h"
#include "LoopShapes.h"
#include "resin/codegen/IRValue.h"
#include "resin/engine/Schedule.h"
#include "resin/engine/StateLayout.h"
#include "resin/semantics/PureOps.h"
#include "resin/semantics/StatefulOps.h"

#include <algorithm>
#include <array>
#include <bit>
#include <map>
#include <tuple>

#include <llvm/IR/Constants.h>
#include <llvm/IR/Function.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/IntrinsicsX86.h>
#include <llvm/IR/Module.h>

namespace resin::codegen {

namespace {

using namespace semantics;
using llvm::Value;

/// Emits kernel bodies for one schedule.
class BodyEmitter {
public:
  BodyEmitter(const Schedule &schedule, const KernelOptions &options, llvm::Module &module,
              llvm::IRBuilder<> &builder)
      : schedule_(schedule), layout_(schedule), options_(options), module_(module), b_(builder),
        f32_(builder.getFloatTy()), i64_(builder.getInt64Ty()) {}

  const StateLayout &layout() const { return layout_; }

  /// The filters' and envelopes' state floats live in SSA values while the
  /// kernel runs (phis of its loops, see emitLoop), loaded from the state
  /// struct before the loops and stored back after them: no store and load
  /// of state per sample on the recurrence's critical path.
  std::vector<Value *> &carried() { return carried_; }
  void loadCarried(Value *state) {
    carried_.clear();
    carriedAt_.assign(schedule_.order.size(), 0);
    carriedOffsets_.clear();
    for (size_t i = 0; i < schedule_.order.size(); ++i) {
      carriedAt_[i] = carried_.size();
      for (unsigned f = 0; f < carriedFloats(schedule_.order[i].op); ++f) {
        carried_.push_back(b_.CreateLoad(f32_, offsetPtr(state, layout_.offset[i] + 4 * f)));
        carriedOffsets_.push_back(layout_.offset[i] + 4 * f);
      }
    }
  }
  void storeCarried(Value *state) {
    for (size_t k = 0; k < carried_.size(); ++k)
      b_.CreateStore(carried_[k], offsetPtr(state, carriedOffsets_[k]));
  }

  /// Where a body reads its inputs and writes its outputs. A body holds
  /// `copies` independent iterations (an unrolled loop), numbered by `copy`.
  struct Io {
    std::function<FV(const Lanes &, uint32_t channel, unsigned copy)> input;
    std::function<void(const Lanes &, uint32_t channel, unsigned copy, FV value)> output;
    std::vector<Value *> n; // audio: per copy, the index of its first lane's sample (i64)
    Value *state = nullptr; // audio: the state struct (ptr)
  };

  /// Emits `copies` iterations of `width` lanes. The copies are interleaved
  /// node by node, so that independent dependency chains sit side by side
  /// and keep more operations in flight even where code generation (at
  /// CodeGenOptLevel::Less in the JIT) schedules little across them. Stateful
  /// ops need one copy (their lanes follow each other through the state).
  /// A `tail` body is the one-lane loop after a stateful kernel's W-lane
  /// loop (KernelOptions::tailCallsMath).
  void emitBody(unsigned width, unsigned copies, const Io &io, bool tail = false) {
    // The budget counts math uses per copy: unrolling does not push a
    // small graph's uses into calls.
    unsigned budget =
        (tail && options_.tailCallsMath) || recurrenceSteps(width) > options_.recurrenceBoundSteps
            ? 0
            : options_.mathInlineBudget;
    MathCalls mathCalls{budget > ~0u / copies ? ~0u : budget * copies};
    Lanes lanes{&b_, &module_, width, options_.byteShuffles, &mathCalls};
    Lanes one{&b_, &module_, 1, false, &mathCalls};
    std::vector<std::vector<FV>> values(copies,
                                        std::vector<FV>(schedule_.numNodes, FV{&lanes, nullptr}));
    fromConstants_.assign(schedule_.numNodes, false);
    unrolledLeft_ = options_.unrolledLaneSteps;
    const auto &order = schedule_.order;
    for (size_t i = 0; i < order.size(); ++i) {
      const ScheduledNode &sn = order[i];
      // A const bound to params is a load, not an llvm::Constant.
      bool constant = (sn.op == Op::Const && !sn.boundToParams) || semantics::isComputedPure(sn.op);
      for (size_t p = 0; p < sn.numPorts; ++p)
        constant &= sn.portSource[p] == kNoNode || fromConstants_[sn.portSource[p]];
      fromConstants_[sn.id] = constant;
      for (unsigned copy = 0; copy < copies; ++copy) {
        FV ports[kMaxPorts];
        for (size_t p = 0; p < kMaxPorts; ++p)
          ports[p] = p < sn.numPorts && sn.portSource[p] != kNoNode
                         ? values[copy][sn.portSource[p]]
                         : constantF(lanes, p < sn.numPorts ? sn.portValue[p] : 0.0f);
        values[copy][sn.id] = emitNode(i, sn, ports, lanes, one, io, copy);
      }
    }
    for (size_t i = 0; i < order.size(); ++i)
      if (order[i].deferredInput)
        pushLanes(i, values[0][order[i].portSource[0]], lanes, one, io);
  }

private:
  /// The one-lane steps a body of `width` lanes spends in recurrences
  /// (perLane's stateful users; delays step no lanes, delayLanes).
  uint64_t recurrenceSteps(unsigned width) const {
    if (width == 1)
      return 0;
    uint64_t steps = 0;
    for (const ScheduledNode &sn : schedule_.order)
      if (carriedFloats(sn.op) || sn.op == Op::Vdelay)
        steps += width;
    return steps;
  }

  FV emitNode(size_t index, const ScheduledNode &sn, const FV *ports, const Lanes &lanes,
              const Lanes &one, const Io &io, unsigned copy) {
    const OpConstants &k = sn.constants;
    MathMode math = options_.math;
    switch (sn.op) {
    case Op::Input:
      return io.input(lanes, k.channel, copy);
    case Op::Output:
      io.output(lanes, k.channel, copy, ports[0]);
      return ports[0];
    case Op::Const:
      if (sn.boundToParams)
        return splatF(lanes, control(io, f32_, index, control::kValue));
      return constantF(lanes, k.value);
    case Op::Param:
      return splatF(lanes, controlLoad(io, f32_, layout_.paramsOffset + 4 * k.paramIndex));
    case Op::Time:
      return evalTime(sampleIndexAsDouble(lanes, io.n[copy]), k);
    case Op::Osc:
      if (sn.boundToParams) {
        Value *origin = control(io, i64_, index, control::kPhaseOrigin);
        return evalOsc(sampleIndexAsDouble(lanes, io.n[copy], origin), ports[0],
                       loadedConstants(index, sn, lanes, io), math);
      }
      return evalOsc(sampleIndexAsDouble(lanes, io.n[copy]), ports[0], k, math);
    case Op::Noise:
      return evalNoise(sampleIndexLow32(lanes, io.n[copy]), ports[0], k);
    case Op::Onepole:
    case Op::Biquad:
    case Op::Allpass1:
    case Op::Envelope:
      return perLane(
          index, lanes, one, [&](FV x) { return recurrence(index, sn, x, one, io); }, ports[0]);
    case Op::Delay:
      return delay(index, sn, ports[0], lanes, one, io);
    case Op::Vdelay:
      return vdelay(index, sn, ports[0], ports[1], lanes, one, io);
    default: {
      FV result = evalPure(sn.op, ports, k, math);
      result = keepFlushing(sn, ports, result, io);
      if (options_.mutateOp == sn.op && options_.mutateWidth == lanes.width)
        result = floatFromBits(bitsOf(result) + 1u); // the test hook: one ulp off
      return result;
    }
    }
  }

  /// Under FTZ/DAZ, `x * 1` turns a subnormal x into 0, and interp computes
  /// exactly that multiply. But LLVM folds `x * 1`, `x / 1`, `x - 0`,
  /// `x + -0` to `x` (and `x * -1`, `-0 - x` to a sign flip), since it
  /// treats flushing as optional, and x86 cannot select llvm.canonicalize on
  /// vectors. So where an arithmetic op has a constant operand of +-1 or
  /// +-0, its result is flushed explicitly: |r| < FLT_MIN gives a zero of
  /// r's sign, what DAZ and FTZ give. Other constants need nothing: LLVM
  /// keeps the real operation, which the hardware flushes. Likewise any op
  /// whose ports are all constant, which LLVM folds without flushing.
  FV keepFlushing(const ScheduledNode &sn, const FV *ports, FV result, const Io &io) {
    if (!options_.flushDenormals || io.state == nullptr)
      return result; // fields never flush
    auto flushed = [&] {
      FV signedZero = floatFromBits(bitsOf(result) & 0x80000000u);
      return select(vabs(result) < 1.17549435e-38f, signedZero, result);
    };
    // min and max pick an operand: under DAZ interp's minss/maxss (and the
    // baseline's vminps) return a subnormal operand as zero, but LLVM may
    // merge the compare-and-select with the NaN test into one blend, which
    // returns the subnormal bits unchanged. Flushing the compare's result
    // makes every engine agree whatever instruction is chosen; a NaN first
    // operand gives the second as it is, a plain select in interp too.
    if (sn.op == Op::Min || sn.op == Op::Max)
      return select(ports[0] != ports[0], result, flushed());
    // Which ports hold a factor and which an addend, per op.
    auto factor = [&](size_t p) {
      switch (sn.op) {
      case Op::Gain:
      case Op::Div:
      case Op::Affine:
        return p == 1;
      case Op::Mul:
        return true;
      case Op::Fma:
        return p <= 1;
      default:
        return false;
      }
    };
    auto addend = [&](size_t p) {
      switch (sn.op) {
      case Op::Offset:
        return p == 1;
      case Op::Add:
      case Op::Sub:
        return true;
      case Op::Affine:
      case Op::Fma:
        return p == 2;
      default:
        return false;
      }
    };
    // When every port is a constant, LLVM computes the op while compiling,
    // without flushing (exp(-100) would stay subnormal): flush the result.
    // A port computed from constants only (abs(const(-1)), finite(const(-0)))
    // is not yet an llvm::Constant here, as calls to intrinsics are folded
    // only by LLVM's passes: its value may turn out to be +-1 or +-0.
    auto fromConstants = [&](size_t p) {
      return sn.portSource[p] != kNoNode && fromConstants_[sn.portSource[p]];
    };
    bool allConstant = true;
    for (size_t p = 0; p < sn.numPorts; ++p)
      allConstant &= llvm::isa<llvm::Constant>(ports[p].value) || fromConstants(p);
    bool foldable = allConstant;
    bool one[kMaxPorts] = {}, zero[kMaxPorts] = {};
    for (size_t p = 0; p < sn.numPorts; ++p) {
      auto *c = llvm::dyn_cast<llvm::Constant>(ports[p].value);
      foldable |= !c && fromConstants(p);
      if (!c)
        continue;
      auto *splat =
          llvm::dyn_cast_or_null<llvm::ConstantFP>(c->getSplatValue() ? c->getSplatValue() : c);
      if (!splat)
        continue;
      double v = splat->getValueAPF().convertToFloat();
      one[p] = factor(p) && (v == 1 || v == -1);
      zero[p] = addend(p) && v == 0;
    }
    // x * +-1 + b folds to +-x + b, still an add that the hardware flushes
    // (DAZ reads a subnormal x as 0, as interp's multiply does): only when
    // the addend is +-0 too may nothing be left.
    if (sn.op == Op::Affine || sn.op == Op::Fma)
      foldable |= (one[0] || one[1]) && zero[2];
    else
      for (size_t p = 0; p < sn.numPorts; ++p)
        foldable |= one[p] || zero[p];
    return foldable ? flushed() : result;
  }

  /// n + lane for each lane, as i64 lanes.
  Value *sampleIndex(const Lanes &lanes, Value *n) {
    if (lanes.width == 1)
      return n;
    std::vector<llvm::Constant *> steps;
    for (unsigned j = 0; j < lanes.width; ++j)
      steps.push_back(llvm::ConstantInt::get(i64_, j));
    return b_.CreateAdd(b_.CreateVectorSplat(lanes.width, n), llvm::ConstantVector::get(steps));
  }
  /// n + lane - origin for each lane, as double lanes (origin: an i64, or
  /// null for 0).
  DV sampleIndexAsDouble(const Lanes &lanes, Value *n, Value *origin = nullptr) {
    llvm::Type *type = b_.getDoubleTy();
    if (lanes.width > 1)
      type = llvm::FixedVectorType::get(type, lanes.width);
    if (origin)
      n = b_.CreateSub(n, origin);
    return DV{&lanes, b_.CreateSIToFP(sampleIndex(lanes, n), type)};
  }

  /// A scalar as W lanes.
  FV splatF(const Lanes &lanes, Value *scalar) {
    return FV{&lanes, lanes.width == 1 ? scalar : b_.CreateVectorSplat(lanes.width, scalar)};
  }
  DV splatD(const Lanes &lanes, Value *scalar) {
    return DV{&lanes, lanes.width == 1 ? scalar : b_.CreateVectorSplat(lanes.width, scalar)};
  }

  /// A value of the control area (engine/StateLayout.h) at `offset`, loaded
  /// once per call in the kernel's entry block: a param holds still over a
  /// call, so the sample loops see a loop-invariant value, as they would an
  /// immediate. Loads are shared by every body of the function.
  Value *controlLoad(const Io &io, llvm::Type *type, uint64_t offset) {
    llvm::Function *function = b_.GetInsertBlock()->getParent();
    auto key = std::make_pair(function, offset);
    auto found = controlLoads_.find(key);
    if (found != controlLoads_.end())
      return found->second;
    llvm::IRBuilder<> entry(&function->getEntryBlock(), function->getEntryBlock().begin());
    Value *value = entry.CreateLoad(
        type, entry.CreateConstInBoundsGEP1_64(entry.getInt8Ty(), io.state, offset));
    controlLoads_.emplace(key, value);
    return value;
  }
  /// A field of node `index`'s control record.
  Value *control(const Io &io, llvm::Type *type, size_t index, uint64_t field) {
    return controlLoad(io, type, layout_.control[index] + field);
  }

  /// The constants of a node bound to params with the members the
  /// semantics templates read as lane values loaded from its control record.
  struct LoadedConstants {
    OnepoleMode onepoleMode = OnepoleMode::Lowpass;
    Wave wave = Wave::Sine;
    FV onepoleGain, onepolePole, b0, b1, b2, a1, a2, coeff;
    FV attackC, attackOneMinusC, releaseC, releaseOneMinusC, duty;
    DV phase, increment;
  };
  LoadedConstants loadedConstants(size_t index, const ScheduledNode &sn, const Lanes &lanes,
                                  const Io &io) {
    using namespace control;
    auto f = [&](uint64_t field) { return splatF(lanes, control(io, f32_, index, field)); };
    LoadedConstants c;
    c.onepoleMode = sn.constants.onepoleMode;
    c.wave = sn.constants.wave;
    switch (sn.op) {
    case Op::Osc:
      c.phase = splatD(lanes, control(io, b_.getDoubleTy(), index, kPhase));
      c.increment = splatD(lanes, control(io, b_.getDoubleTy(), index, kIncrement));
      c.duty = f(kDuty);
      break;
    case Op::Onepole:
      c.onepoleGain = f(kOnepoleGain);
      c.onepolePole = f(kOnepolePole);
      break;
    case Op::Biquad:
      c.b0 = f(kB0), c.b1 = f(kB1), c.b2 = f(kB2), c.a1 = f(kA1), c.a2 = f(kA2);
      break;
    case Op::Allpass1:
      c.coeff = f(kCoeff);
      break;
    case Op::Envelope:
      c.attackC = f(kAttackC), c.attackOneMinusC = f(kAttackOneMinusC);
      c.releaseC = f(kReleaseC), c.releaseOneMinusC = f(kReleaseOneMinusC);
      break;
    default:
      break;
    }
    return c;
  }
  UV sampleIndexLow32(const Lanes &lanes, Value *n) {
    llvm::Type *type = b_.getInt32Ty();
    if (lanes.width > 1)
      type = llvm::FixedVectorType::get(type, lanes.width);
    return UV{&lanes, b_.CreateTrunc(sampleIndex(lanes, n), type)};
  }

  /// Applies a one-lane function to each lane in order: lane j of every
  /// input is given to `fn`, which makes lane j of the result and steps
  /// node `index`'s state. While a body's KernelOptions::unrolledLaneSteps
  /// last, a node is W straight-line copies of `fn`; after that, a loop over
  /// the lanes (inputs and results through stack arrays, the node's carried
  /// state in the loop's phis), one copy of `fn`: a huge graph's code then
  /// grows by one step per node, not W. Straight-line steps of successive
  /// nodes overlap (lane j of the next node starts once lane j of this one
  /// is done); a loop ends that, which is why it is the exception.
  template <class Fn, class... Inputs>
  FV perLane(size_t index, const Lanes &lanes, const Lanes &one, Fn fn, Inputs... inputs) {
    if (lanes.width == 1)
      return FV{&lanes, fn(FV{&one, inputs.value}...).value};
    if (unrolledLeft_ >= lanes.width) {
      unrolledLeft_ -= lanes.width;
      Value *result = llvm::PoisonValue::get(lanesType(f32_, lanes.width));
      for (unsigned j = 0; j < lanes.width; ++j) {
        FV lane = fn(FV{&one, b_.CreateExtractElement(inputs.value, uint64_t(j))}...);
        result = b_.CreateInsertElement(result, lane.value, uint64_t(j));
      }
      return FV{&lanes, result};
    }
    llvm::Function *function = b_.GetInsertBlock()->getParent();
    llvm::IRBuilder<> entry(&function->getEntryBlock(), function->getEntryBlock().begin());
    llvm::Type *array = llvm::ArrayType::get(f32_, lanes.width);
    auto spill = [&](FV vector) {
      Value *slot = entry.CreateAlloca(array, nullptr, "lanes.in");
      b_.CreateAlignedStore(vector.value, slot, llvm::Align(4));
      return slot;
    };
    std::array<Value *, sizeof...(Inputs)> slots{spill(inputs)...};
    Value *results = entry.CreateAlloca(array, nullptr, "lanes.out");
    size_t first = carriedAt_[index];
    std::vector<Value *> state(carried_.begin() + ptrdiff_t(first),
                               carried_.begin() +
                                   ptrdiff_t(first + carriedFloats(schedule_.order[index].op)));
    emitLoop(
        b_, function, b_.getInt64(0), b_.getInt64(lanes.width), 1, "lanes",
        [&](Value *j) {
          std::copy(state.begin(), state.end(), carried_.begin() + ptrdiff_t(first));
          auto laneOf = [&](Value *slot) {
            return FV{&one,
                      b_.CreateLoad(f32_, b_.CreateInBoundsGEP(array, slot, {b_.getInt64(0), j}))};
          };
          FV y = std::apply([&](auto... slot) { return fn(laneOf(slot)...); }, slots);
          b_.CreateStore(y.value, b_.CreateInBoundsGEP(array, results, {b_.getInt64(0), j}));
          std::copy(carried_.begin() + ptrdiff_t(first),
                    carried_.begin() + ptrdiff_t(first + state.size()), state.begin());
        },
        &state);
    std::copy(state.begin(), state.end(), carried_.begin() + ptrdiff_t(first));
    return FV{&lanes, b_.CreateAlignedLoad(lanesType(f32_, lanes.width), results, llvm::Align(4))};
  }

  Value *offsetPtr(Value *state, uint64_t offset) {
    return b_.CreateConstInBoundsGEP1_64(b_.getInt8Ty(), state, offset);
  }
  Value *statePtr(const Io &io, uint64_t offset) { return offsetPtr(io.state, offset); }
  FV loadFloat(const Lanes &one, Value *ptr) { return FV{&one, b_.CreateLoad(f32_, ptr)}; }

  /// One sample of a filter or the envelope, state loaded and stored back.
  FV recurrence(size_t index, const ScheduledNode &sn, FV x, const Lanes &one, const Io &io) {
    if (sn.boundToParams)
      return recurrence(index, sn, x, one, loadedConstants(index, sn, one, io));
    return recurrence(index, sn, x, one, sn.constants);
  }
  template <class K>
  FV recurrence(size_t index, const ScheduledNode &sn, FV x, const Lanes &one, const K &k) {
    Value *&v0 = carried_[carriedAt_[index]];
    Value *&v1 = carried_[carriedAt_[index] + (sn.op == Op::Envelope ? 0 : 1)];
    FV y = x;
    switch (sn.op) {
    case Op::Onepole: {
      OnepoleState<FV> s{FV{&one, v0}, FV{&one, v1}};
      y = onepoleStep(k, s, x);
      v0 = s.x1.value;
      v1 = s.y1.value;
      break;
    }
    case Op::Biquad: {
      BiquadState<FV> s{FV{&one, v0}, FV{&one, v1}};
      y = biquadStep(k, s, x);
      v0 = s.z1.value;
      v1 = s.z2.value;
      break;
    }
    case Op::Allpass1: {
      AllpassState<FV> s{FV{&one, v0}, FV{&one, v1}};
      y = allpassStep(k, s, x);
      v0 = s.x1.value;
      v1 = s.y1.value;
      break;
    }
    default: { // envelope
      FV level{&one, v0};
      y = envelopeStep(k, level, x);
      v0 = level.value;
      break;
    }
    }
    return y;
  }

  /// Ring buffer helpers: position at `offset`, floats after it.
  Value *ringSlot(const Io &io, size_t index, Value *position) {
    Value *ring = statePtr(io, layout_.offset[index] + 8);
    return b_.CreateInBoundsGEP(f32_, ring, position);
  }
  /// (position + step) wrapped into [0, length) for 0 <= position < length,
  /// -length <= step < length.
  Value *wrap(Value *position, Value *length) {
    Value *low = b_.CreateAdd(position, length);
    Value *high = b_.CreateSub(position, length);
    Value *wrapped = b_.CreateSelect(b_.CreateICmpSLT(position, b_.getInt64(0)), low, position);
    return b_.CreateSelect(b_.CreateICmpSGE(wrapped, length), high, wrapped);
  }
  void pushOne(size_t index, Value *x, Value *length, const Io &io) {
    Value *posPtr = statePtr(io, layout_.offset[index]);
    Value *pos = b_.CreateLoad(i64_, posPtr);
    b_.CreateStore(x, ringSlot(io, index, pos));
    b_.CreateStore(wrap(b_.CreateAdd(pos, b_.getInt64(1)), length), posPtr);
  }
  Value *ringLengthOf(const ScheduledNode &sn) { return b_.getInt64(ringLength(sn)); }
  void pushLanes(size_t index, FV x, const Lanes &lanes, const Lanes &one, const Io &io) {
    Value *length = ringLengthOf(schedule_.order[index]);
    perLane(
        index, lanes, one,
        [&](FV lane) {
          pushOne(index, lane.value, length, io);
          return lane;
        },
        x);
  }

  FV delay(size_t index, const ScheduledNode &sn, FV in, const Lanes &lanes, const Lanes &one,
           const Io &io) {
    int64_t samples = sn.constants.delaySamples;
    if (samples == 0)
      return in;
    Value *length = b_.getInt64(samples);
    Value *posPtr = statePtr(io, layout_.offset[index]);
    if (sn.deferredInput) { // lane j reads in[n+j-samples], already in the ring (j < samples)
      // (`in` is not computed yet: it comes later in the schedule.)
      Value *pos = b_.CreateLoad(i64_, posPtr);
      Value *result = llvm::PoisonValue::get(lanesType(f32_, lanes.width));
      for (unsigned j = 0; j < lanes.width; ++j) {
        Value *slot = wrap(b_.CreateAdd(pos, b_.getInt64(j)), length);
        Value *y = b_.CreateLoad(f32_, ringSlot(io, index, slot));
        result = lanes.width == 1 ? y : b_.CreateInsertElement(result, y, uint64_t(j));
      }
      return FV{&lanes, result};
    }
    if (lanes.width > 1)
      return delayLanes(index, in, samples, lanes, io);
    return perLane(
        index, lanes, one,
        [&](FV x) {
          Value *pos = b_.CreateLoad(i64_, posPtr);
          // tap(samples) is the slot about to be written.
          FV y = loadFloat(one, ringSlot(io, index, pos));
          pushOne(index, x.value, length, io);
          return y;
        },
        in);
  }

  /// slot + 1 in a ring of `length` slots (0 <= slot < length).
  Value *nextSlot(Value *slot, int64_t length) {
    Value *next = b_.CreateAdd(slot, b_.getInt64(1));
    return b_.CreateSelect(b_.CreateICmpEQ(next, b_.getInt64(length)), b_.getInt64(0), next);
  }

  /// A delay of k samples over W lanes, what W one-lane steps (read the
  /// slot at the position, write the input there, advance) leave, without
  /// stepping: lane j < k reads the slot j after the position (no step of
  /// this pass has written it yet), lane j >= k is input lane j - k (a
  /// shuffle); of the W writes only the last min(k, W) survive (slots repeat
  /// every k), and the position advances by W. The ring and position end as
  /// the steps leave them, so the state stays the baseline tier's (tiered
  /// execution copies it across). W straight-line steps cost about 14
  /// instructions each (the position loaded and stored through the state
  /// every time, as nothing tells LLVM the ring cannot overlap it); this is
  /// about 4 per slot touched, min(k, W) reads and writes. Delays take
  /// nothing from KernelOptions::unrolledLaneSteps.
  FV delayLanes(size_t index, FV in, int64_t samples, const Lanes &lanes, const Io &io) {
    unsigned width = lanes.width;
    Value *posPtr = statePtr(io, layout_.offset[index]);
    Value *pos = b_.CreateLoad(i64_, posPtr);
    int64_t reads = std::min<int64_t>(samples, width);
    Value *fromRing = llvm::PoisonValue::get(lanesType(f32_, width));
    Value *slot = pos;
    for (int64_t j = 0; j < reads; ++j) {
      if (j > 0)
        slot = nextSlot(slot, samples);
      Value *y = b_.CreateLoad(f32_, ringSlot(io, index, slot));
      fromRing = b_.CreateInsertElement(fromRing, y, uint64_t(j));
    }
    Value *result = fromRing;
    if (samples < int64_t(width)) {
      std::vector<int> mask(width);
      for (unsigned j = 0; j < width; ++j)
        mask[j] = int64_t(j) < samples ? int(width + j) : int(j - samples);
      result = b_.CreateShuffleVector(in.value, fromRing, mask);
    }
    // The first surviving write is lane W - k's (or 0's): its slot is the
    // position advanced by that many, modulo k.
    int64_t first = std::max<int64_t>(0, int64_t(width) - samples);
    slot = first == 0 ? pos
                      : b_.CreateURem(b_.CreateAdd(pos, b_.getInt64(first)), b_.getInt64(samples));
    for (int64_t j = first; j < int64_t(width); ++j) {
      if (j > first)
        slot = nextSlot(slot, samples);
      b_.CreateStore(b_.CreateExtractElement(in.value, uint64_t(j)), ringSlot(io, index, slot));
    }
    b_.CreateStore(nextSlot(slot, samples), posPtr);
    return FV{&lanes, result};
  }

  FV vdelay(size_t index, const ScheduledNode &sn, FV in, FV time, const Lanes &lanes,
            const Lanes &one, const Io &io) {
    Value *length = ringLengthOf(sn);
    Value *posPtr = statePtr(io, layout_.offset[index]);
    return perLane(
        index, lanes, one,
        [&](FV x, FV t) {
          FV d = vdelayClampedTime(sn.constants, t);
          Value *whole = b_.CreateFPToSI(vfloor(d).value, i64_);
          Value *pos = b_.CreateLoad(i64_, posPtr);
          Value *slotA = wrap(b_.CreateSub(pos, whole), length);
          Value *slotB = wrap(b_.CreateSub(b_.CreateSub(pos, whole), b_.getInt64(1)), length);
          FV y = vdelayInterpolate(d, loadFloat(one, ringSlot(io, index, slotA)),
                                   loadFloat(one, ringSlot(io, index, slotB)));
          if (!sn.deferredInput)
            pushOne(index, x.value, length, io);
          return y;
        },
        in, time);
  }

  const Schedule &schedule_;
  StateLayout layout_;
  const KernelOptions &options_;
  llvm::Module &module_;
  llvm::IRBuilder<> &b_;
  llvm::Type *f32_;
  llvm::Type *i64_;
  /// Per node of the body being emitted: computed from constants only (const
  /// nodes and computed pure ops of them), see keepFlushing.
  std::vector<bool> fromConstants_;
  unsigned unrolledLeft_ = 0;            // see perLane
  std::vector<Value *> carried_;         // see carried()
  std::vector<size_t> carriedAt_;        // per schedule index: its first carried value
  std::vector<uint64_t> carriedOffsets_; // per carried value: its offset in the state
  /// Per function and control-area offset: its load in the entry block.
  std::map<std::pair<llvm::Function *, uint64_t>, Value *> controlLoads_;
};

} // namespace

KernelInfo lowerAudioKernel(const Graph &graph, const KernelOptions &options,
                            llvm::Module &module) {
  Schedule schedule = buildSchedule(graph);
  llvm::LLVMContext &ctx = module.getContext();
  llvm::IRBuilder<> b(ctx);
  BodyEmitter emitter(schedule, options, module, b);
  KernelInfo info;
  info.stateSize = emitter.layout().size;
  info.width = schedule.maxSpan >= int64_t(options.width) ? options.width : 1;

  llvm::Type *ptr = b.getPtrTy(), *i64 = b.getInt64Ty();
  auto define = [&](const std::string &name, llvm::Type *result, std::vector<llvm::Type *> args) {
    auto *fn = llvm::Function::Create(llvm::FunctionType::get(result, args, false),
                                      llvm::Function::ExternalLinkage, options.name + name, module);
    setKernelAttributes(fn, options, true);
    b.SetInsertPoint(llvm::BasicBlock::Create(ctx, "entry", fn));
    return fn;
  };

  define("_state_size", i64, {});
  b.CreateRet(b.getInt64(info.stateSize));

  llvm::Function *init = define("_init", b.getVoidTy(), {ptr});
  emitZeroFill(b, init, init->getArg(0), info.stateSize);
  b.CreateRetVoid();

  llvm::Function *process = define("_process", b.getVoidTy(), {ptr, ptr, ptr, i64});
  process->addParamAttr(0, llvm::Attribute::NoAlias);
  Value *state = process->getArg(0);
  // The ABI's len is signed: a negative one processes nothing, as 0 does
  // (the chunked loops below assume len >= 0).
  Value *len = nonNegative(b, process->getArg(3));
  std::vector<Value *> inputs, outputs;
  for (size_t c = 0; c < schedule.inputs.size(); ++c)
    inputs.push_back(
        b.CreateLoad(ptr, b.CreateConstInBoundsGEP1_64(ptr, process->getArg(1), c), "in"));
  for (size_t c = 0; c < schedule.outputs.size(); ++c)
    outputs.push_back(
        b.CreateLoad(ptr, b.CreateConstInBoundsGEP1_64(ptr, process->getArg(2), c), "out"));
  Value *n0 = b.CreateLoad(i64, state, "n0");
  llvm::Type *f32 = b.getFloatTy();
  BodyEmitter::Io io;
  io.state = state;
  bool stateful = std::any_of(schedule.order.begin(), schedule.order.end(),
                              [](const ScheduledNode &sn) { return opInfo(sn.op).isStateful(); });
  if (!stateful) {
    // One body of `copies` iterations of W lanes per pass, in one block.
    // The last pass, when fewer samples are left, reads its inputs from
    // and writes its outputs to zeroed buffers on the stack, copied from the
    // caller's before the loop and to them after it (reading every input
    // before writing that stretch of output, as the loop does elsewhere).
    unsigned width = info.width;
    unsigned copies = chooseUnroll(options, schedule.order.size(), width);
    uint64_t chunk = uint64_t(width) * copies; // a power of two
    llvm::Type *vector = lanesType(f32, width);
    llvm::Type *buffer = llvm::ArrayType::get(f32, chunk);
    Value *tail = b.CreateAnd(len, b.getInt64(~(chunk - 1)), "tail");
    Value *left = b.CreateSub(len, tail);
    std::vector<Value *> spareIn, spareOut; // allocas first, in the entry block
    for (size_t c = 0; c < inputs.size(); ++c)
      spareIn.push_back(b.CreateAlloca(buffer, nullptr, "spare.in"));
    for (size_t c = 0; c < outputs.size(); ++c)
      spareOut.push_back(b.CreateAlloca(buffer, nullptr, "spare.out"));
    for (size_t c = 0; c < inputs.size(); ++c) {
      b.CreateMemSet(spareIn[c], b.getInt8(0), b.getInt64(chunk * 4), llvm::MaybeAlign(4));
      emitCopy(b, process, spareIn[c], b.CreateInBoundsGEP(f32, inputs[c], tail), left);
    }
    std::vector<Value *> from(inputs.size()), to(outputs.size());
    io.input = [&](const Lanes &lanes, uint32_t channel, unsigned copy) {
      Value *at = b.CreateConstInBoundsGEP1_64(f32, from[channel], copy * width);
      return FV{&lanes, b.CreateAlignedLoad(vector, at, llvm::Align(4))};
    };
    io.output = [&](const Lanes &, uint32_t channel, unsigned copy, FV value) {
      Value *at = b.CreateConstInBoundsGEP1_64(f32, to[channel], copy * width);
      b.CreateAlignedStore(value.value, at, llvm::Align(4));
    };
    emitChunkLoop(b, process, len, unsigned(chunk), [&](Value *i) {
      Value *last = b.CreateICmpEQ(i, tail);
      for (size_t c = 0; c < inputs.size(); ++c)
        from[c] = b.CreateSelect(last, spareIn[c], b.CreateInBoundsGEP(f32, inputs[c], i));
      for (size_t c = 0; c < outputs.size(); ++c)
        to[c] = b.CreateSelect(last, spareOut[c], b.CreateInBoundsGEP(f32, outputs[c], i));
      io.n.clear();
      for (unsigned copy = 0; copy < copies; ++copy)
        io.n.push_back(b.CreateAdd(n0, b.CreateAdd(i, b.getInt64(copy * width))));
      emitter.emitBody(width, copies, io);
    });
    for (size_t c = 0; c < outputs.size(); ++c)
      emitCopy(b, process, b.CreateInBoundsGEP(f32, outputs[c], tail), spareOut[c], left);
  } else {
    // Recurrences step lane after lane through their state: W lanes per
    // iteration, then a scalar loop for the rest.
    Value *index = nullptr; // the loop's i, set per iteration
    io.input = [&](const Lanes &lanes, uint32_t channel, unsigned) {
      Value *at = b.CreateInBoundsGEP(f32, inputs[channel], index);
      return FV{&lanes, b.CreateAlignedLoad(lanesType(f32, lanes.width), at, llvm::Align(4))};
    };
    io.output = [&](const Lanes &, uint32_t channel, unsigned, FV value) {
      Value *at = b.CreateInBoundsGEP(f32, outputs[channel], index);
      b.CreateAlignedStore(value.value, at, llvm::Align(4));
    };
    auto body = [&](unsigned width, bool tail) {
      return [&, width, tail](Value *i) {
        index = i;
        io.n = {b.CreateAdd(n0, i)};
        emitter.emitBody(width, 1, io, tail);
      };
    };
    emitter.loadCarried(state);
    Value *stop = b.getInt64(0);
    if (info.width > 1)
      stop = emitLoop(b, process, stop, len, info.width, "vector", body(info.width, false),
                      &emitter.carried());
    emitLoop(b, process, stop, len, 1, "tail", body(1, info.width > 1), &emitter.carried());
    emitter.storeCarried(state);
  }
  b.CreateStore(b.CreateAdd(n0, len), state);
  b.CreateRetVoid();
  if (options.setsFloatEnv)
    wrapWithFloatEnv(process, options.flushDenormals);
  return info;
}

KernelInfo lowerFieldKernel(const Graph &field, const KernelOptions &options,
                            llvm::Module &module) {
  Schedule schedule = buildSchedule(field);
  llvm::LLVMContext &ctx = module.getContext();
  llvm::IRBuilder<> b(ctx);
  BodyEmitter emitter(schedule, options, module, b);
  KernelInfo info;
  info.width = options.width;
  llvm::Type *f32 = b.getFloatTy(), *ptr = b.getPtrTy(), *i64 = b.getInt64Ty();
  auto define = [&](const std::string &name, llvm::Type *result, std::vector<llvm::Type *> args) {
    auto *fn = llvm::Function::Create(llvm::FunctionType::get(result, args, false),
                                      llvm::Function::ExternalLinkage, options.name + name, module);
    setKernelAttributes(fn, options, false);
    b.SetInsertPoint(llvm::BasicBlock::Create(ctx, "entry", fn));
    return fn;
  };

  // The W-lane body: NAME_points(x lanes, y, z, t) -> W lanes, internal and
  // always inlined into row (kernels call nothing), which runs it once per
  // W points, its last pass included: no scalar tail copy.
  unsigned width = info.width;
  llvm::Type *vector = lanesType(f32, width);
  auto *points =
      llvm::Function::Create(llvm::FunctionType::get(vector, {vector, f32, f32, f32}, false),
                             llvm::Function::InternalLinkage, options.name + "_points", module);
  setKernelAttributes(points, options, false);
  points->addFnAttr(llvm::Attribute::AlwaysInline); // kernels call nothing
  b.SetInsertPoint(llvm::BasicBlock::Create(ctx, "entry", points));
  Value *result = nullptr;
  BodyEmitter::Io io;
  io.input = [&](const Lanes &lanes, uint32_t channel, unsigned) {
    Value *v = points->getArg(channel);
    return FV{&lanes, channel == 0 || width == 1 ? v : b.CreateVectorSplat(width, v)};
  };
  io.output = [&](const Lanes &, uint32_t, unsigned, FV value) { result = value.value; };
  emitter.emitBody(width, 1, io);
  b.CreateRet(result);

  // NAME_eval(x, y, z, t): the body on one lane, a second copy (a W-lane
  // body shrunk to one lane would cost more to generate, gathers and all).
  llvm::Function *eval = define("_eval", f32, {f32, f32, f32, f32});
  io.input = [&](const Lanes &lanes, uint32_t channel, unsigned) {
    return FV{&lanes, eval->getArg(channel)};
  };
  emitter.emitBody(1, 1, io);
  b.CreateRet(result);

  // NAME_row(x0, dx, y, z, t, out, len): x = x0 + float(i) * dx.
  llvm::Function *row = define("_row", b.getVoidTy(), {f32, f32, f32, f32, f32, ptr, i64});
  Value *len = nonNegative(b, row->getArg(6)), *out = row->getArg(5);
  // A last pass with fewer than W points left writes to `spare`, copied out
  // after the loop.
  Value *tail = b.CreateAnd(len, b.getInt64(~uint64_t(width - 1)), "tail");
  Value *spare = b.CreateAlloca(llvm::ArrayType::get(f32, width), nullptr, "spare.out");
  emitChunkLoop(b, row, len, width, [&](Value *i) {
    Value *to = b.CreateSelect(b.CreateICmpEQ(i, tail), spare, b.CreateInBoundsGEP(f32, out, i));
    Value *index =
        width == 1 ? i : b.CreateAdd(b.CreateVectorSplat(width, i), laneSteps(ctx, width));
    Value *x0 = row->getArg(0), *dx = row->getArg(1);
    if (width > 1) {
      x0 = b.CreateVectorSplat(width, x0);
      dx = b.CreateVectorSplat(width, dx);
    }
    Value *xs = b.CreateFAdd(x0, b.CreateFMul(b.CreateSIToFP(index, vector), dx));
    Value *values = b.CreateCall(points, {xs, row->getArg(2), row->getArg(3), row->getArg(4)});
    b.CreateAlignedStore(values, to, llvm::Align(4));
  });
  emitCopy(b, row, b.CreateInBoundsGEP(f32, out, tail), spare, b.CreateSub(len, tail));
  b.CreateRetVoid();
  if (options.setsFloatEnv) {
    wrapWithFloatEnv(eval, false);
    wrapWithFloatEnv(row, false);
  }
  return info;
}

} // namespace resin::codegen
