// Graph -> x86 functions in one pass (AsmLowering.h). The loops and their
// tails follow the LLVM tier's shapes (codegen/KernelLowering.cpp) so both
// tiers read and write memory in the same order; the per-node code is the
// templates', instantiated with AsmFloat.
#include "AsmValue.h"

#include "AsmLowering.h"

#include "resin/engine/Schedule.h"
#include "resin/engine/StateLayout.h"
#include "resin/semantics/PureOps.h"
#include "resin/semantics/StatefulOps.h"

#include <algorithm>
#include <functional>

namespace resin::baseline {

namespace {

using namespace semantics;
using asmjit::imm;
using asmjit::Label;

/// Emits the per-sample (or per-W-points) body of one schedule.
class AsmBodyEmitter {
public:
  AsmBodyEmitter(const Schedule &schedule, math::MathMode math, x86::Compiler &cc)
      : schedule_(schedule), layout_(schedule), math_(math), cc_(cc) {}

  const StateLayout &layout() const { return layout_; }

  struct Io {
    std::function<AsmFloat(const AsmLanes &, uint32_t channel)> input;
    std::function<void(const AsmLanes &, uint32_t channel, AsmFloat value)> output;
    x86::Gp n;     // audio: the sample index of the first lane (int64)
    x86::Gp state; // audio: the state struct
  };

  /// Filter and envelope states live in registers while the kernel runs:
  /// loaded before the loop, replaced in place by each step, stored after.
  void loadCarried(x86::Gp state) {
    carried_.clear();
    carriedAt_.assign(schedule_.order.size(), 0);
    for (size_t i = 0; i < schedule_.order.size(); ++i) {
      carriedAt_[i] = carried_.size();
      for (unsigned f = 0; f < carriedFloats(schedule_.order[i].op); ++f) {
        x86::Xmm v = cc_.newXmm();
        cc_.vmovss(v, x86::dword_ptr(state, int32_t(layout_.offset[i] + 4 * f)));
        carried_.push_back(v);
      }
    }
  }
  void storeCarried(x86::Gp state) {
    for (size_t i = 0; i < schedule_.order.size(); ++i)
      for (unsigned f = 0; f < carriedFloats(schedule_.order[i].op); ++f)
        cc_.vmovss(x86::dword_ptr(state, int32_t(layout_.offset[i] + 4 * f)),
                   carried_[carriedAt_[i] + f]);
  }

  AsmFloat emitBody(const AsmLanes &lanes, const Io &io) {
    std::vector<AsmFloat> values(schedule_.numNodes, AsmFloat{&lanes, {}});
    AsmFloat last{&lanes, {}};
    for (size_t i = 0; i < schedule_.order.size(); ++i) {
      const ScheduledNode &sn = schedule_.order[i];
      AsmFloat ports[kMaxPorts];
      for (size_t p = 0; p < kMaxPorts; ++p)
        ports[p] = p < sn.numPorts && sn.portSource[p] != kNoNode
                       ? values[sn.portSource[p]]
                       : constantF(lanes, p < sn.numPorts ? sn.portValue[p] : 0.0f);
      values[sn.id] = last = emitNode(i, sn, ports, lanes, io);
    }
    for (size_t i = 0; i < schedule_.order.size(); ++i)
      if (schedule_.order[i].deferredInput)
        push(i, values[schedule_.order[i].portSource[0]], io);
    return last;
  }

private:
  AsmFloat emitNode(size_t index, const ScheduledNode &sn, const AsmFloat *ports,
                    const AsmLanes &lanes, const Io &io) {
    const OpConstants &k = sn.constants;
    switch (sn.op) {
    case Op::Input:
      return io.input(lanes, k.channel);
    case Op::Output:
      io.output(lanes, k.channel, ports[0]);
      return ports[0];
    case Op::Const:
      return constantF(lanes, k.value);
    case Op::Time:
      return evalTime(laneIndexAsDouble(lanes, io.n), k);
    case Op::Osc:
      return evalOsc(laneIndexAsDouble(lanes, io.n), ports[0], k, math_);
    case Op::Noise:
      return evalNoise(laneIndexLow32(lanes, io.n), ports[0], k);
    case Op::Onepole:
    case Op::Biquad:
    case Op::Allpass1:
    case Op::Envelope:
      return recurrence(index, sn, ports[0]);
    case Op::Delay:
      return delay(index, sn, ports[0], io);
    case Op::Vdelay:
      return vdelay(index, sn, ports[0], ports[1], io);
    default:
      return evalPure(sn.op, ports, k, math_);
    }
  }

  /// Stateful ops run one lane (graphs with state are lowered at width 1).
  void assign(size_t carriedIndex, const AsmFloat &value) {
    cc_.vmovaps(carried_[carriedIndex], value.part[0].as<x86::Xmm>());
  }
  AsmFloat recurrence(size_t index, const ScheduledNode &sn, AsmFloat x) {
    const OpConstants &k = sn.constants;
    size_t at = carriedAt_[index];
    AsmFloat s0{x.lanes, {carried_[at]}};
    AsmFloat s1{x.lanes, {carried_[carriedFloats(sn.op) == 2 ? at + 1 : at]}};
    switch (sn.op) {
    case Op::Onepole: {
      OnepoleState<AsmFloat> s{s0, s1};
      AsmFloat y = onepoleStep(k, s, x);
      assign(at, s.x1);
      assign(at + 1, s.y1);
      return y;
    }
    case Op::Biquad: {
      BiquadState<AsmFloat> s{s0, s1};
      AsmFloat y = biquadStep(k, s, x);
      assign(at, s.z1);
      assign(at + 1, s.z2);
      return y;
    }
    case Op::Allpass1: {
      AllpassState<AsmFloat> s{s0, s1};
      AsmFloat y = allpassStep(k, s, x);
      assign(at, s.x1);
      assign(at + 1, s.y1);
      return y;
    }
    default: { // envelope
      AsmFloat level = s0;
      AsmFloat y = envelopeStep(k, level, x);
      assign(at, level);
      return y;
    }
    }
  }

  /// The ring of node `index`: its write position at offset, floats after it.
  x86::Mem positionOf(size_t index, const Io &io) {
    return x86::qword_ptr(io.state, int32_t(layout_.offset[index]));
  }
  x86::Mem slotOf(size_t index, const Io &io, x86::Gp slot) {
    return x86::dword_ptr(io.state, slot, 2, int32_t(layout_.offset[index] + 8));
  }
  /// slot + length where slot < 0 (slot >= -length).
  void wrapBelow(x86::Gp slot, x86::Gp length) {
    x86::Gp plus = cc_.newInt64();
    cc_.lea(plus, x86::ptr(slot, length));
    cc_.test(slot, slot);
    cc_.cmovl(slot, plus);
  }
  x86::Gp lengthOf(const ScheduledNode &sn) {
    x86::Gp length = cc_.newInt64();
    cc_.mov(length, ringLength(sn));
    return length;
  }
  /// Writes x at the position and advances it (wrapping to 0 at the length).
  void push(size_t index, const AsmFloat &x, const Io &io) {
    const ScheduledNode &sn = schedule_.order[index];
    x86::Gp pos = cc_.newInt64(), zero = cc_.newInt64();
    cc_.mov(pos, positionOf(index, io));
    cc_.vmovss(slotOf(index, io, pos), x.part[0].as<x86::Xmm>());
    cc_.add(pos, 1);
    cc_.xor_(zero, zero);
    cc_.cmp(pos, lengthOf(sn));
    cc_.cmovge(pos, zero);
    cc_.mov(positionOf(index, io), pos);
  }
  AsmFloat loadSlot(size_t index, const Io &io, x86::Gp slot, const AsmLanes *lanes) {
    x86::Xmm y = cc_.newXmm();
    cc_.vmovss(y, slotOf(index, io, slot));
    return AsmFloat{lanes, {y}};
  }

  AsmFloat delay(size_t index, const ScheduledNode &sn, AsmFloat in, const Io &io) {
    if (sn.constants.delaySamples == 0)
      return in;
    // The slot about to be written holds in[n - samples].
    x86::Gp pos = cc_.newInt64();
    cc_.mov(pos, positionOf(index, io));
    AsmFloat y = loadSlot(index, io, pos, in.lanes);
    if (!sn.deferredInput) // else pushed after the body, once `in` exists
      push(index, in, io);
    return y;
  }

  AsmFloat vdelay(size_t index, const ScheduledNode &sn, AsmFloat in, AsmFloat time, const Io &io) {
    AsmFloat d = vdelayClampedTime(sn.constants, time);
    x86::Gp whole = cc_.newInt64(), slotA = cc_.newInt64(), slotB = cc_.newInt64();
    cc_.vcvttss2si(whole, vfloor(d).part[0].as<x86::Xmm>());
    x86::Gp length = lengthOf(sn);
    cc_.mov(slotA, positionOf(index, io));
    cc_.sub(slotA, whole);
    wrapBelow(slotA, length);
    cc_.lea(slotB, x86::ptr(slotA, -1));
    wrapBelow(slotB, length);
    AsmFloat y = vdelayInterpolate(d, loadSlot(index, io, slotA, in.lanes),
                                   loadSlot(index, io, slotB, in.lanes));
    if (!sn.deferredInput)
      push(index, in, io);
    return y;
  }

  const Schedule &schedule_;
  StateLayout layout_;
  math::MathMode math_;
  x86::Compiler &cc_;
  std::vector<x86::Xmm> carried_; // see loadCarried
  std::vector<size_t> carriedAt_; // per schedule index: its first carried value
};

/// The register allocator's own moves and spills in VEX form: legacy SSE
/// moves would spill only the low 128 bits of a ymm register (and mixing the
/// two encodings stalls).
void useVexMoves(asmjit::FuncNode *fn) {
  fn->frame().setAvxEnabled();
}

/// len clamped to 0 from below: a negative length processes nothing.
void clampToZero(x86::Compiler &cc, x86::Gp len) {
  x86::Gp zero = cc.newInt64();
  cc.xor_(zero, zero);
  cc.cmp(len, 0);
  cc.cmovl(len, zero);
}

/// Copies `count` floats from `from` to `to`, one at a time.
void emitCopy(x86::Compiler &cc, x86::Gp to, x86::Gp from, x86::Gp count) {
  x86::Gp k = cc.newInt64();
  x86::Xmm v = cc.newXmm();
  Label loop = cc.newLabel(), done = cc.newLabel();
  cc.xor_(k, k);
  cc.cmp(k, count);
  cc.jge(done);
  cc.bind(loop);
  cc.vmovss(v, x86::dword_ptr(from, k, 2));
  cc.vmovss(x86::dword_ptr(to, k, 2), v);
  cc.add(k, 1);
  cc.cmp(k, count);
  cc.jl(loop);
  cc.bind(done);
}

/// A zeroed stack buffer of `width` floats and its address.
x86::Gp zeroedSpare(x86::Compiler &cc, unsigned width) {
  x86::Mem spare = cc.newStack(std::max(width, 8u) * 4, 32);
  x86::Gp at = cc.newIntPtr();
  cc.lea(at, spare);
  x86::Ymm zero = cc.newYmm();
  cc.vxorps(zero, zero, zero);
  for (unsigned b = 0; b < std::max(width, 8u) * 4; b += 32)
    cc.vmovups(x86::ymmword_ptr(at, int32_t(b)), zero);
  return at;
}

/// `to` = base + 4*i, or `spare` on the pass that starts at `tail`.
void passPointer(x86::Compiler &cc, x86::Gp to, x86::Gp base, x86::Gp i, x86::Gp tail,
                 x86::Gp spare) {
  cc.lea(to, x86::ptr(base, i, 2));
  cc.cmp(i, tail);
  cc.cmove(to, spare);
}

} // namespace

AsmAudioKernel lowerAudioAsm(const Graph &graph, const AsmKernelOptions &options,
                             x86::Compiler &cc) {
  Schedule schedule = buildSchedule(graph);
  AsmBodyEmitter emitter(schedule, options.math, cc);
  bool stateful = std::any_of(schedule.order.begin(), schedule.order.end(),
                              [](const ScheduledNode &sn) { return opInfo(sn.op).isStateful(); });
  AsmAudioKernel kernel;
  kernel.stateSize = emitter.layout().size;
  kernel.width = stateful ? 1 : options.width;
  AsmTables tables;
  AsmLanes lanes{&cc, kernel.width, &tables};

  asmjit::FuncNode *fn = cc.addFunc(
      asmjit::FuncSignatureT<void, void *, const float *const *, float *const *, int64_t>(
          asmjit::CallConvId::kHost));
  kernel.process = fn->label();
  useVexMoves(fn);
  x86::Gp state = cc.newIntPtr(), in = cc.newIntPtr(), out = cc.newIntPtr(), len = cc.newInt64();
  fn->setArg(0, state);
  fn->setArg(1, in);
  fn->setArg(2, out);
  fn->setArg(3, len);
  clampToZero(cc, len);
  std::vector<x86::Gp> inputs, outputs;
  for (size_t c = 0; c < schedule.inputs.size(); ++c) {
    inputs.push_back(cc.newIntPtr());
    cc.mov(inputs.back(), x86::qword_ptr(in, int32_t(8 * c)));
  }
  for (size_t c = 0; c < schedule.outputs.size(); ++c) {
    outputs.push_back(cc.newIntPtr());
    cc.mov(outputs.back(), x86::qword_ptr(out, int32_t(8 * c)));
  }
  x86::Gp n0 = cc.newInt64(), i = cc.newInt64(), n = cc.newInt64();
  cc.mov(n0, x86::qword_ptr(state));
  cc.xor_(i, i);
  Label loop = cc.newLabel(), done = cc.newLabel();
  AsmBodyEmitter::Io io;
  io.n = n;
  io.state = state;

  if (stateful) {
    io.input = [&](const AsmLanes &l, uint32_t channel) {
      return loadFloats(l, x86::ptr(inputs[channel], i, 2));
    };
    io.output = [&](const AsmLanes &l, uint32_t channel, AsmFloat v) {
      storeFloats(l, x86::ptr(outputs[channel], i, 2), v);
    };
    emitter.loadCarried(state);
    cc.test(len, len);
    cc.jle(done);
    cc.bind(loop);
    cc.lea(n, x86::ptr(n0, i));
    emitter.emitBody(lanes, io);
    cc.add(i, 1);
    cc.cmp(i, len);
    cc.jl(loop);
    cc.bind(done);
    emitter.storeCarried(state);
  } else {
    // W lanes a pass; the pass that starts at `tail` (fewer than W samples
    // left) reads zero-padded copies and writes a spare buffer, copied out.
    unsigned width = kernel.width;
    x86::Gp tail = cc.newInt64(), left = cc.newInt64(), at = cc.newIntPtr();
    cc.mov(tail, len);
    cc.and_(tail, ~int64_t(width - 1));
    cc.mov(left, len);
    cc.sub(left, tail);
    std::vector<x86::Gp> spareIn, spareOut, from, to;
    for (size_t c = 0; c < inputs.size(); ++c) {
      spareIn.push_back(zeroedSpare(cc, width));
      cc.lea(at, x86::ptr(inputs[c], tail, 2));
      emitCopy(cc, spareIn.back(), at, left);
      from.push_back(cc.newIntPtr());
    }
    for (size_t c = 0; c < outputs.size(); ++c) {
      spareOut.push_back(zeroedSpare(cc, width));
      to.push_back(cc.newIntPtr());
    }
    io.input = [&](const AsmLanes &l, uint32_t channel) {
      return loadFloats(l, x86::ptr(from[channel]));
    };
    io.output = [&](const AsmLanes &l, uint32_t channel, AsmFloat v) {
      storeFloats(l, x86::ptr(to[channel]), v);
    };
    cc.test(len, len);
    cc.jle(done);
    cc.bind(loop);
    for (size_t c = 0; c < inputs.size(); ++c)
      passPointer(cc, from[c], inputs[c], i, tail, spareIn[c]);
    for (size_t c = 0; c < outputs.size(); ++c)
      passPointer(cc, to[c], outputs[c], i, tail, spareOut[c]);
    cc.lea(n, x86::ptr(n0, i));
    emitter.emitBody(lanes, io);
    cc.add(i, int32_t(width));
    cc.cmp(i, len);
    cc.jl(loop);
    cc.bind(done);
    for (size_t c = 0; c < outputs.size(); ++c) {
      cc.lea(at, x86::ptr(outputs[c], tail, 2));
      emitCopy(cc, at, spareOut[c], left);
    }
  }
  cc.add(n0, len);
  cc.mov(x86::qword_ptr(state), n0);
  cc.ret();
  cc.endFunc();
  tables.emit(cc);
  return kernel;
}

AsmFieldKernel lowerFieldAsm(const Graph &field, const AsmKernelOptions &options,
                             x86::Compiler &cc) {
  Schedule schedule = buildSchedule(field);
  AsmBodyEmitter emitter(schedule, options.math, cc);
  AsmTables tables;
  AsmFieldKernel kernel;
  AsmBodyEmitter::Io io;

  // eval(x, y, z, t): one lane.
  {
    asmjit::FuncNode *fn = cc.addFunc(
        asmjit::FuncSignatureT<float, float, float, float, float>(asmjit::CallConvId::kHost));
    kernel.eval = fn->label();
    useVexMoves(fn);
    AsmLanes one{&cc, 1, &tables};
    x86::Xmm args[4];
    for (uint32_t a = 0; a < 4; ++a) {
      args[a] = cc.newXmmSs();
      fn->setArg(a, args[a]);
    }
    AsmFloat result{&one, {}};
    io.input = [&](const AsmLanes &l, uint32_t channel) { return AsmFloat{&l, {args[channel]}}; };
    io.output = [&](const AsmLanes &, uint32_t, AsmFloat v) { result = v; };
    emitter.emitBody(one, io);
    cc.ret(result.part[0].as<x86::Xmm>());
    cc.endFunc();
  }

  // row(x0, dx, y, z, t, out, len): x = x0 + float(i) * dx, W points a pass.
  {
    asmjit::FuncNode *fn = cc.addFunc(
        asmjit::FuncSignatureT<void, float, float, float, float, float, float *, int64_t>(
            asmjit::CallConvId::kHost));
    kernel.row = fn->label();
    useVexMoves(fn);
    unsigned width = options.width;
    AsmLanes lanes{&cc, width, &tables};
    x86::Xmm args[5];
    for (uint32_t a = 0; a < 5; ++a) {
      args[a] = cc.newXmmSs();
      fn->setArg(a, args[a]);
    }
    x86::Gp out = cc.newIntPtr(), len = cc.newInt64();
    fn->setArg(5, out);
    fn->setArg(6, len);
    clampToZero(cc, len);
    x86::Gp tail = cc.newInt64(), left = cc.newInt64(), i = cc.newInt64(), to = cc.newIntPtr();
    cc.mov(tail, len);
    cc.and_(tail, ~int64_t(width - 1));
    cc.mov(left, len);
    cc.sub(left, tail);
    x86::Gp spare = zeroedSpare(cc, width);
    AsmFloat x0 = broadcastF(lanes, args[0]), dx = broadcastF(lanes, args[1]);
    AsmFloat yzt[3] = {broadcastF(lanes, args[2]), broadcastF(lanes, args[3]),
                       broadcastF(lanes, args[4])};
    AsmFloat xs{&lanes, {}};
    io.input = [&](const AsmLanes &, uint32_t channel) {
      return channel == 0 ? xs : yzt[channel - 1];
    };
    io.output = [&](const AsmLanes &l, uint32_t, AsmFloat v) { storeFloats(l, x86::ptr(to), v); };
    Label loop = cc.newLabel(), done = cc.newLabel();
    cc.xor_(i, i);
    cc.test(len, len);
    cc.jle(done);
    cc.bind(loop);
    passPointer(cc, to, out, i, tail, spare);
    // float(i + j) from int32 lanes: the same rounding as from int64 for the
    // row lengths the limits allow (below 2^31).
    xs = x0 + toFloat(laneIndexLow32(lanes, i)) * dx;
    emitter.emitBody(lanes, io);
    cc.add(i, int32_t(width));
    cc.cmp(i, len);
    cc.jl(loop);
    cc.bind(done);
    x86::Gp at = cc.newIntPtr();
    cc.lea(at, x86::ptr(out, tail, 2));
    emitCopy(cc, at, spare, left);
    cc.ret();
    cc.endFunc();
  }
  tables.emit(cc);
  return kernel;
}

} // namespace resin::baseline
