// Graph -> LLVM IR kernels. The body of one loop iteration is emitted twice:
// once with W lanes (the main loop) and once with one lane (the tail), from
// the same code; every value is computed by the templates the interpreter
// uses, so the kernel rounds exactly as `interp` does.
#include "resin/codegen/KernelLowering.h"

#include "resin/codegen/IRValue.h"
#include "resin/engine/Schedule.h"
#include "resin/semantics/PureOps.h"
#include "resin/semantics/StatefulOps.h"

#include <llvm/IR/Constants.h>
#include <llvm/IR/Function.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Module.h>

namespace resin::codegen {

namespace {

using namespace semantics;
using llvm::Value;

llvm::Type *lanesType(llvm::Type *scalar, unsigned width) {
  return width == 1 ? scalar : llvm::FixedVectorType::get(scalar, width);
}

/// Byte offsets of each scheduled node's state in the kernel's state struct.
/// Layout: int64 n at 0; then per stateful node, 8-byte aligned: two floats
/// (onepole, biquad, allpass1), one float (envelope), or an int64 write
/// position followed by the ring of floats (delay: samples, vdelay: max+1).
struct StateLayout {
  std::vector<uint64_t> offset; // per schedule index
  uint64_t size = 8;

  explicit StateLayout(const Schedule &schedule) {
    offset.assign(schedule.order.size(), 0);
    for (size_t i = 0; i < schedule.order.size(); ++i) {
      const ScheduledNode &sn = schedule.order[i];
      uint64_t bytes = 0;
      switch (sn.op) {
      case Op::Onepole:
      case Op::Biquad:
      case Op::Allpass1:
      case Op::Envelope:
        bytes = 8;
        break;
      case Op::Delay:
        bytes = sn.constants.delaySamples == 0 ? 0 : 8 + 4 * uint64_t(sn.constants.delaySamples);
        break;
      case Op::Vdelay:
        bytes = 8 + 4 * uint64_t(sn.constants.delaySamples + 1);
        break;
      default:
        break;
      }
      if (bytes == 0)
        continue;
      offset[i] = size;
      size += (bytes + 7) & ~uint64_t(7);
    }
  }
};

/// Emits kernel bodies for one schedule.
class BodyEmitter {
public:
  BodyEmitter(const Schedule &schedule, const KernelOptions &options, llvm::Module &module,
              llvm::IRBuilder<> &builder)
      : schedule_(schedule), layout_(schedule), options_(options), module_(module), b_(builder),
        f32_(builder.getFloatTy()), i64_(builder.getInt64Ty()) {}

  const StateLayout &layout() const { return layout_; }

  /// Where a body reads its inputs and writes its outputs.
  struct Io {
    std::function<FV(const Lanes &, uint32_t channel)> input;
    std::function<void(const Lanes &, uint32_t channel, FV value)> output;
    Value *n = nullptr;     // audio: the index of the first lane's sample (i64)
    Value *state = nullptr; // audio: the state struct (ptr)
  };

  void emitBody(unsigned width, const Io &io) {
    Lanes lanes{&b_, &module_, width};
    Lanes one{&b_, &module_, 1};
    std::vector<FV> values(schedule_.numNodes, FV{&lanes, nullptr});
    const auto &order = schedule_.order;
    for (size_t i = 0; i < order.size(); ++i) {
      const ScheduledNode &sn = order[i];
      FV ports[kMaxPorts];
      for (size_t p = 0; p < kMaxPorts; ++p)
        ports[p] = p < sn.numPorts && sn.portSource[p] != kNoNode
                       ? values[sn.portSource[p]]
                       : constantF(lanes, p < sn.numPorts ? sn.portValue[p] : 0.0f);
      values[sn.id] = emitNode(i, sn, ports, lanes, one, io);
    }
    for (size_t i = 0; i < order.size(); ++i)
      if (order[i].deferredInput)
        pushLanes(i, values[order[i].portSource[0]], lanes, one, io);
  }

private:
  FV emitNode(size_t index, const ScheduledNode &sn, const FV *ports, const Lanes &lanes,
              const Lanes &one, const Io &io) {
    const OpConstants &k = sn.constants;
    MathMode math = options_.math;
    switch (sn.op) {
    case Op::Input:
      return io.input(lanes, k.channel);
    case Op::Output:
      io.output(lanes, k.channel, ports[0]);
      return ports[0];
    case Op::Const:
      return constantF(lanes, k.value);
    case Op::Time:
      return evalTime(sampleIndexAsDouble(lanes, io.n), k);
    case Op::Osc:
      return evalOsc(sampleIndexAsDouble(lanes, io.n), ports[0], k, math);
    case Op::Noise:
      return evalNoise(sampleIndexLow32(lanes, io.n), ports[0], k);
    case Op::Onepole:
    case Op::Biquad:
    case Op::Allpass1:
    case Op::Envelope:
      return perLane(
          lanes, one, [&](FV x) { return recurrence(index, sn, x, one, io); }, ports[0]);
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
    bool allConstant = true;
    for (size_t p = 0; p < sn.numPorts; ++p)
      allConstant &= llvm::isa<llvm::Constant>(ports[p].value);
    bool foldable = allConstant;
    for (size_t p = 0; p < sn.numPorts; ++p) {
      auto *c = llvm::dyn_cast<llvm::Constant>(ports[p].value);
      if (!c)
        continue;
      auto *splat =
          llvm::dyn_cast_or_null<llvm::ConstantFP>(c->getSplatValue() ? c->getSplatValue() : c);
      if (!splat)
        continue;
      double v = splat->getValueAPF().convertToFloat();
      foldable |= (factor(p) && (v == 1 || v == -1)) || (addend(p) && v == 0);
    }
    if (!foldable)
      return result;
    FV signedZero = floatFromBits(bitsOf(result) & 0x80000000u);
    return select(vabs(result) < 1.17549435e-38f, signedZero, result);
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
  DV sampleIndexAsDouble(const Lanes &lanes, Value *n) {
    llvm::Type *type = b_.getDoubleTy();
    if (lanes.width > 1)
      type = llvm::FixedVectorType::get(type, lanes.width);
    return DV{&lanes, b_.CreateSIToFP(sampleIndex(lanes, n), type)};
  }
  UV sampleIndexLow32(const Lanes &lanes, Value *n) {
    llvm::Type *type = b_.getInt32Ty();
    if (lanes.width > 1)
      type = llvm::FixedVectorType::get(type, lanes.width);
    return UV{&lanes, b_.CreateTrunc(sampleIndex(lanes, n), type)};
  }

  /// Applies a one-lane function to each lane in order: lane j of every
  /// input is extracted, `fn` makes lane j of the result.
  template <class Fn, class... Inputs>
  FV perLane(const Lanes &lanes, const Lanes &one, Fn fn, Inputs... inputs) {
    if (lanes.width == 1)
      return FV{&lanes, fn(FV{&one, inputs.value}...).value};
    Value *result = llvm::PoisonValue::get(lanesType(f32_, lanes.width));
    for (unsigned j = 0; j < lanes.width; ++j) {
      FV lane = fn(FV{&one, b_.CreateExtractElement(inputs.value, uint64_t(j))}...);
      result = b_.CreateInsertElement(result, lane.value, uint64_t(j));
    }
    return FV{&lanes, result};
  }

  Value *statePtr(const Io &io, uint64_t offset) {
    return b_.CreateConstInBoundsGEP1_64(b_.getInt8Ty(), io.state, offset);
  }
  FV loadFloat(const Lanes &one, Value *ptr) { return FV{&one, b_.CreateLoad(f32_, ptr)}; }

  /// One sample of a filter or the envelope, state loaded and stored back.
  FV recurrence(size_t index, const ScheduledNode &sn, FV x, const Lanes &one, const Io &io) {
    const OpConstants &k = sn.constants;
    Value *p0 = statePtr(io, layout_.offset[index]);
    Value *p1 = statePtr(io, layout_.offset[index] + 4);
    FV y = x;
    switch (sn.op) {
    case Op::Onepole: {
      OnepoleState<FV> s{loadFloat(one, p0), loadFloat(one, p1)};
      y = onepoleStep(k, s, x);
      b_.CreateStore(s.x1.value, p0);
      b_.CreateStore(s.y1.value, p1);
      break;
    }
    case Op::Biquad: {
      BiquadState<FV> s{loadFloat(one, p0), loadFloat(one, p1)};
      y = biquadStep(k, s, x);
      b_.CreateStore(s.z1.value, p0);
      b_.CreateStore(s.z2.value, p1);
      break;
    }
    case Op::Allpass1: {
      AllpassState<FV> s{loadFloat(one, p0), loadFloat(one, p1)};
      y = allpassStep(k, s, x);
      b_.CreateStore(s.x1.value, p0);
      b_.CreateStore(s.y1.value, p1);
      break;
    }
    default: { // envelope
      FV level = loadFloat(one, p0);
      y = envelopeStep(k, level, x);
      b_.CreateStore(level.value, p0);
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
  Value *ringLength(const ScheduledNode &sn) {
    return b_.getInt64(sn.op == Op::Delay ? sn.constants.delaySamples
                                          : sn.constants.delaySamples + 1);
  }
  void pushLanes(size_t index, FV x, const Lanes &lanes, const Lanes &one, const Io &io) {
    Value *length = ringLength(schedule_.order[index]);
    perLane(
        lanes, one,
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
    return perLane(
        lanes, one,
        [&](FV x) {
          Value *pos = b_.CreateLoad(i64_, posPtr);
          // tap(samples) is the slot about to be written.
          FV y = loadFloat(one, ringSlot(io, index, pos));
          pushOne(index, x.value, length, io);
          return y;
        },
        in);
  }

  FV vdelay(size_t index, const ScheduledNode &sn, FV in, FV time, const Lanes &lanes,
            const Lanes &one, const Io &io) {
    Value *length = ringLength(sn);
    Value *posPtr = statePtr(io, layout_.offset[index]);
    return perLane(
        lanes, one,
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
};

/// Attributes every kernel function carries: the denormal mode LLVM must
/// assume when folding, and for 16 lanes permission to use 512-bit vectors.
void setKernelAttributes(llvm::Function *fn, const KernelOptions &options, bool audio) {
  const char *mode = audio && options.flushDenormals ? "preserve-sign,preserve-sign" : "ieee,ieee";
  fn->addFnAttr("denormal-fp-math", mode);
  fn->addFnAttr("denormal-fp-math-f32", mode);
  fn->addFnAttr(llvm::Attribute::NoUnwind);
  if (options.width >= 16) {
    fn->addFnAttr("prefer-vector-width", "512");
    fn->addFnAttr("min-legal-vector-width", "512");
  }
}

/// Emits `for (i = start; i + width <= end; i += width) body(i)` and leaves
/// the builder after the loop. Returns the index where the loop stopped.
Value *emitLoop(llvm::IRBuilder<> &b, llvm::Function *fn, Value *start, Value *end, unsigned width,
                const char *name, const std::function<void(Value *)> &body) {
  llvm::BasicBlock *preheader = b.GetInsertBlock();
  llvm::BasicBlock *header = llvm::BasicBlock::Create(b.getContext(), name, fn);
  llvm::BasicBlock *loopBody = llvm::BasicBlock::Create(b.getContext(), "body", fn);
  llvm::BasicBlock *exit = llvm::BasicBlock::Create(b.getContext(), "after", fn);
  b.CreateBr(header);
  b.SetInsertPoint(header);
  llvm::PHINode *i = b.CreatePHI(b.getInt64Ty(), 2, "i");
  i->addIncoming(start, preheader);
  Value *next = b.CreateAdd(i, b.getInt64(width));
  b.CreateCondBr(b.CreateICmpSLE(next, end), loopBody, exit);
  b.SetInsertPoint(loopBody);
  body(i);
  i->addIncoming(next, b.GetInsertBlock());
  b.CreateBr(header);
  b.SetInsertPoint(exit);
  return i;
}

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
  b.CreateMemSet(init->getArg(0), b.getInt8(0), b.getInt64(info.stateSize), llvm::MaybeAlign(8));
  b.CreateRetVoid();

  llvm::Function *process = define("_process", b.getVoidTy(), {ptr, ptr, ptr, i64});
  process->addParamAttr(0, llvm::Attribute::NoAlias);
  Value *state = process->getArg(0), *len = process->getArg(3);
  std::vector<Value *> inputs, outputs;
  for (size_t c = 0; c < schedule.inputs.size(); ++c)
    inputs.push_back(
        b.CreateLoad(ptr, b.CreateConstInBoundsGEP1_64(ptr, process->getArg(1), c), "in"));
  for (size_t c = 0; c < schedule.outputs.size(); ++c)
    outputs.push_back(
        b.CreateLoad(ptr, b.CreateConstInBoundsGEP1_64(ptr, process->getArg(2), c), "out"));
  Value *n0 = b.CreateLoad(i64, state, "n0");
  Value *index = nullptr; // the loop's i, set per iteration
  BodyEmitter::Io io;
  io.state = state;
  io.input = [&](const Lanes &lanes, uint32_t channel) {
    Value *at = b.CreateInBoundsGEP(b.getFloatTy(), inputs[channel], index);
    return FV{&lanes,
              b.CreateAlignedLoad(lanesType(b.getFloatTy(), lanes.width), at, llvm::Align(4))};
  };
  io.output = [&](const Lanes &, uint32_t channel, FV value) {
    Value *at = b.CreateInBoundsGEP(b.getFloatTy(), outputs[channel], index);
    b.CreateAlignedStore(value.value, at, llvm::Align(4));
  };
  auto body = [&](unsigned width) {
    return [&, width](Value *i) {
      index = i;
      io.n = b.CreateAdd(n0, i);
      emitter.emitBody(width, io);
    };
  };
  Value *stop = b.getInt64(0);
  if (info.width > 1)
    stop = emitLoop(b, process, stop, len, info.width, "vector", body(info.width));
  emitLoop(b, process, stop, len, 1, "tail", body(1));
  b.CreateStore(b.CreateAdd(n0, len), state);
  b.CreateRetVoid();
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

  // NAME_eval(x, y, z, t)
  llvm::Function *eval = define("_eval", f32, {f32, f32, f32, f32});
  Value *result = nullptr;
  BodyEmitter::Io io;
  io.input = [&](const Lanes &lanes, uint32_t channel) {
    return FV{&lanes, eval->getArg(channel)};
  };
  io.output = [&](const Lanes &, uint32_t, FV value) { result = value.value; };
  emitter.emitBody(1, io);
  b.CreateRet(result);

  // NAME_row(x0, dx, y, z, t, out, len): x = x0 + float(i) * dx.
  llvm::Function *row = define("_row", b.getVoidTy(), {f32, f32, f32, f32, f32, ptr, i64});
  Value *index = nullptr;
  io.input = [&](const Lanes &lanes, uint32_t channel) -> FV {
    llvm::Type *type = lanesType(f32, lanes.width);
    if (channel > 0) {
      Value *v = row->getArg(channel + 1);
      return FV{&lanes, lanes.width == 1 ? v : b.CreateVectorSplat(lanes.width, v)};
    }
    Value *i = index;
    if (lanes.width > 1) {
      std::vector<llvm::Constant *> steps;
      for (unsigned j = 0; j < lanes.width; ++j)
        steps.push_back(llvm::ConstantInt::get(i64, j));
      i = b.CreateAdd(b.CreateVectorSplat(lanes.width, index), llvm::ConstantVector::get(steps));
    }
    Value *fi = b.CreateSIToFP(i, type);
    Value *x0 = row->getArg(0), *dx = row->getArg(1);
    if (lanes.width > 1) {
      x0 = b.CreateVectorSplat(lanes.width, x0);
      dx = b.CreateVectorSplat(lanes.width, dx);
    }
    return FV{&lanes, b.CreateFAdd(x0, b.CreateFMul(fi, dx))};
  };
  io.output = [&](const Lanes &, uint32_t, FV value) {
    Value *at = b.CreateInBoundsGEP(f32, row->getArg(5), index);
    b.CreateAlignedStore(value.value, at, llvm::Align(4));
  };
  auto body = [&](unsigned width) {
    return [&, width](Value *i) {
      index = i;
      emitter.emitBody(width, io);
    };
  };
  Value *stop = b.getInt64(0);
  if (info.width > 1)
    stop = emitLoop(b, row, stop, row->getArg(6), info.width, "vector", body(info.width));
  emitLoop(b, row, stop, row->getArg(6), 1, "tail", body(1));
  b.CreateRetVoid();
  return info;
}

} // namespace resin::codegen
