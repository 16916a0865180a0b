// Graph -> x86 functions in one pass (AsmLowering.h). The loops and their
// tails follow the LLVM tier's shapes (codegen/KernelLowering.cpp) so both
// tiers read and write memory in the same order; the per-node code is the
// templates', instantiated with AsmFloat.
//
// General-purpose registers are assigned by hand, the same in every kernel:
//   rdi state (audio) or out (row)   rsi in[] (audio) or len (row)
//   rdx out[] (audio)                rcx len (audio)
//   r8  i, the loop's first sample   r9  n0, the state's sample count
//   r10 tail, where the padded pass starts
//   rbx n = n0 + i                   r12-r15 ring-buffer arithmetic
//   rax, r11 scratch: channel pointers, lookup tables (AsmValue.cpp)
// Vector registers belong to the VectorCache, which is flushed (empty) at
// every label and branch; between flushes nothing else touches them.
#include "AsmValue.h"

#include "AsmLowering.h"

#include "resin/engine/Schedule.h"
#include "resin/engine/StateLayout.h"
#include "resin/semantics/PureOps.h"
#include "resin/semantics/StatefulOps.h"

#include <algorithm>
#include <cstring>
#include <functional>

namespace resin::baseline {

namespace {

using namespace semantics;
using asmjit::imm;
using asmjit::Label;

const x86::Gp kState = x86::rdi, kInputs = x86::rsi, kOutputs = x86::rdx, kLen = x86::rcx;
const x86::Gp kRowOut = x86::rdi, kRowLen = x86::rsi;
const x86::Gp kI = x86::r8, kN0 = x86::r9, kTail = x86::r10, kN = x86::rbx;
const x86::Gp kScratch = x86::rax, kScratch2 = x86::r11;
const x86::Gp kPos = x86::r12, kSlotB = x86::r13, kLength = x86::r14, kWrapped = x86::r15;

/// Prologue and epilogue: rbp frame, callee-saved registers, a 32-byte
/// aligned rsp and a frame whose size is known only at the end (patched).
class Frame {
public:
  explicit Frame(x86::Assembler &a) : a_(a) {
    a_.push(x86::rbp);
    a_.mov(x86::rbp, x86::rsp);
    for (const x86::Gp &r : kSaved)
      a_.push(r);
    a_.and_(x86::rsp, -32);
    a_.sub(x86::rsp, imm(0x40000000)); // imm32 form, patched by end()
    patchAt_ = a_.offset() - 4;
  }
  void end(uint32_t frameBytes) {
    a_.lea(x86::rsp, x86::ptr(x86::rbp, -int32_t(8 * std::size(kSaved))));
    for (size_t k = std::size(kSaved); k-- > 0;)
      a_.pop(kSaved[k]);
    a_.pop(x86::rbp);
    a_.vzeroupper();
    a_.ret();
    uint32_t bytes = (frameBytes + 31) & ~31u;
    std::memcpy(a_.bufferData() + patchAt_, &bytes, 4);
  }

private:
  static constexpr x86::Gp kSaved[] = {x86::rbx, x86::r12, x86::r13, x86::r14, x86::r15};
  x86::Assembler &a_;
  size_t patchAt_;
};

/// Emits the per-sample (or per-W-points) body of one schedule.
class AsmBodyEmitter {
public:
  AsmBodyEmitter(const Schedule &schedule, math::MathMode math)
      : schedule_(schedule), layout_(schedule), math_(math) {}

  /// Where stateful ops of a W-lane body take their vectors apart: 192
  /// bytes of the frame (two inputs and a result of up to 16 lanes).
  void setLaneArea(int32_t offset) { laneArea_ = offset; }
  static constexpr int32_t kLaneAreaBytes = 3 * 64;

  const StateLayout &layout() const { return layout_; }

  struct Io {
    std::function<AsmFloat(const AsmLanes &, uint32_t channel)> input;
    std::function<void(const AsmLanes &, uint32_t channel, const AsmFloat &value)> output;
  };

  void emitBody(const AsmLanes &lanes, const Io &io) {
    // Each node's value is dropped after its last use, freeing its register.
    std::vector<uint32_t> usesLeft(schedule_.numNodes, 0);
    for (const ScheduledNode &sn : schedule_.order)
      for (size_t p = 0; p < sn.numPorts; ++p)
        if (sn.portSource[p] != kNoNode)
          ++usesLeft[sn.portSource[p]];
    std::vector<AsmFloat> values(schedule_.numNodes, AsmFloat{&lanes, {}});
    std::vector<bool> keep(schedule_.numNodes, false); // deferred delays' inputs
    for (const ScheduledNode &sn : schedule_.order)
      if (sn.deferredInput)
        keep[sn.portSource[0]] = true;
    for (size_t i = 0; i < schedule_.order.size(); ++i) {
      const ScheduledNode &sn = schedule_.order[i];
      AsmFloat ports[kMaxPorts];
      // Slots past the op's ports hold 0, as in the other engines (a constant
      // costs no code until an instruction reads it).
      for (size_t p = 0; p < kMaxPorts; ++p)
        ports[p] = p < sn.numPorts && sn.portSource[p] != kNoNode
                       ? values[sn.portSource[p]]
                       : constantF(lanes, p < sn.numPorts ? sn.portValue[p] : 0.0f);
      AsmFloat value = emitNode(i, sn, ports, lanes, io);
      for (size_t p = 0; p < sn.numPorts; ++p) {
        NodeId source = sn.portSource[p];
        if (source != kNoNode && --usesLeft[source] == 0 && !keep[source])
          values[source] = AsmFloat{&lanes, {}};
      }
      if (usesLeft[sn.id] > 0 || keep[sn.id])
        values[sn.id] = std::move(value);
    }
    for (size_t i = 0; i < schedule_.order.size(); ++i)
      if (schedule_.order[i].deferredInput)
        perLane(lanes, values[schedule_.order[i].portSource[0]], nullptr,
                [&](const AsmLanes &one, const AsmFloat &x, const AsmFloat &) {
                  push(i, x, one);
                  return x;
                });
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
      if (sn.boundToParams)
        return broadcastFloat(lanes, control(index, control::kValue));
      return constantF(lanes, k.value);
    case Op::Param:
      return broadcastFloat(
          lanes, x86::dword_ptr(kState, int32_t(layout_.paramsOffset + 4 * k.paramIndex)));
    case Op::Time:
      return evalTime(laneIndexAsDouble(lanes, kN), k);
    case Op::Osc:
      if (sn.boundToParams) {
        // n - phaseOrigin (both int64) in the scratch register.
        x86::Assembler &a = lanes.assembler();
        a.mov(kScratch, kN);
        a.sub(kScratch,
              x86::qword_ptr(kState, int32_t(layout_.control[index] + control::kPhaseOrigin)));
        return evalOsc(laneIndexAsDouble(lanes, kScratch), ports[0],
                       loadedConstants(index, sn, lanes), math_);
      }
      return evalOsc(laneIndexAsDouble(lanes, kN), ports[0], k, math_);
    case Op::Noise:
      return evalNoise(laneIndexLow32(lanes, kN), ports[0], k);
    case Op::Onepole:
    case Op::Biquad:
    case Op::Allpass1:
    case Op::Envelope:
      return recurrence(index, sn, ports[0], lanes);
    case Op::Delay:
      if (sn.deferredInput)
        return deferredDelay(index, sn, lanes);
      return perLane(lanes, ports[0], nullptr,
                     [&](const AsmLanes &one, const AsmFloat &x, const AsmFloat &) {
                       return delay(index, sn, x, one);
                     });
    case Op::Vdelay:
      return perLane(lanes, ports[0], &ports[1],
                     [&](const AsmLanes &one, const AsmFloat &x, const AsmFloat &t) {
                       return vdelay(index, sn, x, t, one);
                     });
    default:
      return evalPure(sn.op, ports, k, math_);
    }
  }

  /// Runs a one-lane step on each lane in order: lane j of the inputs goes
  /// through memory to `step`, whose result becomes lane j. Stateful ops
  /// step lane after lane through their state, as in the other engines.
  template <class Step>
  AsmFloat perLane(const AsmLanes &lanes, const AsmFloat &in, const AsmFloat *second, Step step) {
    if (lanes.width == 1)
      return step(lanes, in, second ? *second : in);
    AsmLanes one{lanes.cache, 1, lanes.tables};
    auto at = [&](int32_t area, unsigned lane) {
      return x86::dword_ptr(x86::rsp, laneArea_ + area + 4 * int32_t(lane));
    };
    storeFloats(lanes, x86::ptr(x86::rsp, laneArea_), in);
    if (second)
      storeFloats(lanes, x86::ptr(x86::rsp, laneArea_ + 64), *second);
    for (unsigned j = 0; j < lanes.width; ++j) {
      AsmFloat x = loadFloats(one, at(0, j));
      AsmFloat t = second ? loadFloats(one, at(64, j)) : x;
      storeFloats(one, at(128, j), step(one, x, t));
    }
    return loadFloats(lanes, x86::ptr(x86::rsp, laneArea_ + 128));
  }

  /// A field of node `index`'s control record (engine/StateLayout.h): the
  /// constants a param can change, read from the state where a literal's
  /// are constants of the pool.
  x86::Mem control(size_t index, uint64_t field) {
    return x86::dword_ptr(kState, int32_t(layout_.control[index] + field));
  }
  /// The constants of a node bound to params, with the members the
  /// semantics templates read as lanes broadcast from its control record.
  struct LoadedConstants {
    OnepoleMode onepoleMode = OnepoleMode::Lowpass;
    Wave wave = Wave::Sine;
    AsmFloat onepoleGain, onepolePole, b0, b1, b2, a1, a2, coeff;
    AsmFloat attackC, attackOneMinusC, releaseC, releaseOneMinusC, duty;
    AsmDouble phase, increment;
  };
  LoadedConstants loadedConstants(size_t index, const ScheduledNode &sn, const AsmLanes &lanes) {
    using namespace control;
    auto f = [&](uint64_t field) { return broadcastFloat(lanes, control(index, field)); };
    LoadedConstants c;
    c.onepoleMode = sn.constants.onepoleMode;
    c.wave = sn.constants.wave;
    switch (sn.op) {
    case Op::Osc:
      c.phase = broadcastDouble(lanes, control(index, kPhase));
      c.increment = broadcastDouble(lanes, control(index, kIncrement));
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

  // A stateful op's state stays in the state struct, read and written each
  // sample.
  x86::Mem stateFloat(size_t index, unsigned f) {
    return x86::dword_ptr(kState, int32_t(layout_.offset[index] + 4 * f));
  }
  /// A filter or the envelope over the body's lanes: its state is loaded
  /// once, carried from lane to lane in registers, and stored once.
  AsmFloat recurrence(size_t index, const ScheduledNode &sn, const AsmFloat &in,
                      const AsmLanes &lanes) {
    AsmLanes one{lanes.cache, 1, lanes.tables};
    // One lane's constants; at width 1 of the body's lanes, as a value
    // made from them is the body's result and outlives `one`.
    if (sn.boundToParams)
      return recurrence(index, sn, in, lanes, one,
                        loadedConstants(index, sn, lanes.width == 1 ? lanes : one));
    return recurrence(index, sn, in, lanes, one, sn.constants);
  }
  template <class K>
  AsmFloat recurrence(size_t index, const ScheduledNode &sn, const AsmFloat &in,
                      const AsmLanes &lanes, const AsmLanes &one, const K &k) {
    AsmFloat s0 = loadFloats(one, stateFloat(index, 0));
    AsmFloat s1 = carriedFloats(sn.op) == 2 ? loadFloats(one, stateFloat(index, 1)) : s0;
    auto step = [&](const AsmFloat &x) {
      switch (sn.op) {
      case Op::Onepole: {
        OnepoleState<AsmFloat> s{s0, s1};
        AsmFloat y = onepoleStep(k, s, x);
        s0 = s.x1, s1 = s.y1;
        return y;
      }
      case Op::Biquad: {
        BiquadState<AsmFloat> s{s0, s1};
        AsmFloat y = biquadStep(k, s, x);
        s0 = s.z1, s1 = s.z2;
        return y;
      }
      case Op::Allpass1: {
        AllpassState<AsmFloat> s{s0, s1};
        AsmFloat y = allpassStep(k, s, x);
        s0 = s.x1, s1 = s.y1;
        return y;
      }
      default: // envelope
        return envelopeStep(k, s0, x);
      }
    };
    AsmFloat y =
        perLane(lanes, in, nullptr,
                [&](const AsmLanes &, const AsmFloat &x, const AsmFloat &) { return step(x); });
    storeFloats(one, stateFloat(index, 0), s0);
    if (carriedFloats(sn.op) == 2)
      storeFloats(one, stateFloat(index, 1), s1);
    return y;
  }

  /// The ring of node `index`: its write position at offset, floats after it.
  x86::Mem positionOf(size_t index) {
    return x86::qword_ptr(kState, int32_t(layout_.offset[index]));
  }
  x86::Mem slotOf(size_t index, x86::Gp slot) {
    return x86::dword_ptr(kState, slot, 2, int32_t(layout_.offset[index] + 8));
  }
  /// slot + length where slot < 0 (slot >= -length); kLength holds the length.
  void wrapBelow(x86::Assembler &a, x86::Gp slot) {
    a.lea(kWrapped, x86::ptr(slot, kLength));
    a.test(slot, slot);
    a.cmovl(slot, kWrapped);
  }
  /// Writes x at the position and advances it (wrapping to 0 at the length).
  void push(size_t index, const AsmFloat &x, const AsmLanes &lanes) {
    x86::Assembler &a = lanes.assembler();
    a.mov(kPos, positionOf(index));
    a.vmovss(slotOf(index, kPos), laneZero(x));
    lanes.cache->release();
    a.add(kPos, 1);
    a.xor_(kWrapped.r32(), kWrapped.r32());
    a.mov(kLength, ringLength(schedule_.order[index]));
    a.cmp(kPos, kLength);
    a.cmovge(kPos, kWrapped);
    a.mov(positionOf(index), kPos);
  }

  /// A delay on a feedback loop: lane j reads in[n + j - samples], already
  /// in the ring (the body's width is at most the shortest such delay).
  AsmFloat deferredDelay(size_t index, const ScheduledNode &sn, const AsmLanes &lanes) {
    x86::Assembler &a = lanes.assembler();
    AsmLanes one{lanes.cache, 1, lanes.tables};
    a.mov(kLength, ringLength(sn));
    for (unsigned j = 0; j < lanes.width; ++j) {
      a.mov(kPos, positionOf(index));
      a.add(kPos, int32_t(j));
      a.mov(kWrapped, kPos);
      a.sub(kWrapped, kLength);
      a.cmp(kPos, kLength);
      a.cmovge(kPos, kWrapped);
      AsmFloat y = loadFloats(one, slotOf(index, kPos));
      storeFloats(one, x86::dword_ptr(x86::rsp, laneArea_ + 128 + 4 * int32_t(j)), y);
    }
    return loadFloats(lanes, x86::ptr(x86::rsp, laneArea_ + 128));
  }

  AsmFloat delay(size_t index, const ScheduledNode &sn, const AsmFloat &in, const AsmLanes &lanes) {
    if (sn.constants.delaySamples == 0)
      return in;
    // The slot about to be written holds in[n - samples].
    lanes.assembler().mov(kPos, positionOf(index));
    AsmFloat y = loadFloats(lanes, slotOf(index, kPos));
    if (!sn.deferredInput) // else pushed after the body, once `in` exists
      push(index, in, lanes);
    return y;
  }

  AsmFloat vdelay(size_t index, const ScheduledNode &sn, const AsmFloat &in, const AsmFloat &time,
                  const AsmLanes &lanes) {
    x86::Assembler &a = lanes.assembler();
    AsmFloat d = vdelayClampedTime(sn.constants, time);
    a.vcvttss2si(kSlotB, laneZero(vfloor(d))); // floor(d), whole samples
    lanes.cache->release();
    a.mov(kLength, ringLength(sn));
    a.mov(kPos, positionOf(index));
    a.sub(kPos, kSlotB);
    wrapBelow(a, kPos);
    a.lea(kSlotB, x86::ptr(kPos, -1));
    wrapBelow(a, kSlotB);
    AsmFloat older = loadFloats(lanes, slotOf(index, kPos));
    AsmFloat oldest = loadFloats(lanes, slotOf(index, kSlotB));
    AsmFloat y = vdelayInterpolate(d, older, oldest);
    if (!sn.deferredInput)
      push(index, in, lanes);
    return y;
  }

  const Schedule &schedule_;
  StateLayout layout_;
  math::MathMode math_;
  int32_t laneArea_ = 0;
};

/// len clamped to 0 from below: a negative length processes nothing.
void clampToZero(x86::Assembler &a, x86::Gp len) {
  a.xor_(kScratch.r32(), kScratch.r32());
  a.test(len, len);
  a.cmovl(len, kScratch);
}

/// Copies `count` floats from [from] to [to], one at a time (r13 counts;
/// the vector cache must be flushed: xmm0 is used directly).
void emitCopy(x86::Assembler &a, x86::Gp to, x86::Gp from, x86::Gp count) {
  Label loop = a.newLabel(), done = a.newLabel();
  a.xor_(kSlotB.r32(), kSlotB.r32());
  a.cmp(kSlotB, count);
  a.jge(done);
  a.bind(loop);
  a.vmovss(x86::xmm0, x86::dword_ptr(from, kSlotB, 2));
  a.vmovss(x86::dword_ptr(to, kSlotB, 2), x86::xmm0);
  a.add(kSlotB, 1);
  a.cmp(kSlotB, count);
  a.jl(loop);
  a.bind(done);
}

/// Zeroes 64 bytes at rsp + offset (the cache must be flushed).
void zeroSpare(x86::Assembler &a, int32_t offset) {
  a.vxorps(x86::ymm0, x86::ymm0, x86::ymm0);
  a.vmovups(x86::ptr(x86::rsp, offset), x86::ymm0);
  a.vmovups(x86::ptr(x86::rsp, offset + 32), x86::ymm0);
}

/// kScratch = base + 4*i, or the spare buffer at rsp + spare on the pass
/// that starts at kTail.
void passPointer(x86::Assembler &a, x86::Gp base, int32_t spare) {
  a.lea(kScratch, x86::ptr(base, kI, 2));
  a.lea(kScratch2, x86::ptr(x86::rsp, spare));
  a.cmp(kI, kTail);
  a.cmove(kScratch, kScratch2);
}

/// The loop's bottom: i += step, again while i < len.
void loopBack(x86::Assembler &a, VectorCache &cache, Label loop, unsigned step, x86::Gp len) {
  cache.flush();
  a.add(kI, int32_t(step));
  a.cmp(kI, len);
  a.jl(loop);
}

constexpr int32_t kSpareBytes = 64; // W = 16 floats at most

} // namespace

AsmAudioKernel audioKernelShape(const Schedule &schedule, const AsmKernelOptions &options) {
  bool stateful = std::any_of(schedule.order.begin(), schedule.order.end(),
                              [](const ScheduledNode &sn) { return opInfo(sn.op).isStateful(); });
  AsmAudioKernel kernel;
  kernel.stateSize = StateLayout(schedule).size;
  // A graph with state runs W lanes only when every feedback delay is at
  // least W long (a cut delay's W outputs must already be in its ring).
  kernel.width = !stateful || schedule.maxSpan >= int64_t(options.width) ? options.width : 1;
  return kernel;
}

AsmAudioKernel lowerAudioAsm(const Graph &graph, const AsmKernelOptions &options,
                             x86::Assembler &a) {
  Schedule schedule = buildSchedule(graph);
  AsmBodyEmitter emitter(schedule, options.math);
  bool stateful = std::any_of(schedule.order.begin(), schedule.order.end(),
                              [](const ScheduledNode &sn) { return opInfo(sn.op).isStateful(); });
  AsmAudioKernel kernel = audioKernelShape(schedule, options);
  unsigned width = kernel.width;
  AsmTables tables;
  VectorCache cache(a);
  AsmLanes lanes{&cache, width, &tables};
  AsmLanes one{&cache, 1, &tables};
  size_t numInputs = schedule.inputs.size(), numOutputs = schedule.outputs.size();

  kernel.process = a.newLabel();
  a.align(asmjit::AlignMode::kCode, 16);
  a.bind(kernel.process);
  Frame frame(a);
  // The frame: spare buffers (pure graphs), the lane area (graphs with
  // state), then the cache's spill slots.
  int32_t spareBytes = stateful ? 0 : int32_t(numInputs + numOutputs) * kSpareBytes;
  int32_t fixedBytes = spareBytes + (stateful ? AsmBodyEmitter::kLaneAreaBytes : 0);
  emitter.setLaneArea(spareBytes);
  cache.setSlotBase(fixedBytes);
  auto spareIn = [](size_t c) { return int32_t(c) * kSpareBytes; };
  auto spareOut = [&](size_t c) { return int32_t(numInputs + c) * kSpareBytes; };
  clampToZero(a, kLen);
  a.mov(kN0, x86::qword_ptr(kState));
  a.xor_(kI.r32(), kI.r32());
  a.mov(kTail, kLen);
  a.and_(kTail, ~int64_t(width - 1)); // where fewer than W samples are left
  Label loop = a.newLabel(), done = a.newLabel();
  AsmBodyEmitter::Io io;
  // One loop of body passes of `l`'s lanes at the label, while i < bound.
  auto emitPasses = [&](Label at, const AsmLanes &l, x86::Gp bound) {
    a.bind(at);
    a.lea(kN, x86::ptr(kN0, kI));
    emitter.emitBody(l, io);
    loopBack(a, cache, at, l.width, bound);
  };

  if (stateful) {
    // W lanes a pass up to `tail`, then one sample a pass.
    io.input = [&](const AsmLanes &l, uint32_t channel) {
      a.mov(kScratch, x86::qword_ptr(kInputs, int32_t(8 * channel)));
      return loadFloats(l, x86::ptr(kScratch, kI, 2));
    };
    io.output = [&](const AsmLanes &l, uint32_t channel, const AsmFloat &v) {
      a.mov(kScratch, x86::qword_ptr(kOutputs, int32_t(8 * channel)));
      storeFloats(l, x86::ptr(kScratch, kI, 2), v);
    };
    Label vectorDone = a.newLabel(), tailLoop = a.newLabel();
    if (width > 1) {
      a.cmp(kI, kTail);
      a.jge(vectorDone);
      emitPasses(loop, lanes, kTail);
      a.bind(vectorDone);
    }
    a.cmp(kI, kLen);
    a.jge(done);
    emitPasses(tailLoop, one, kLen);
    a.bind(done);
  } else {
    // W lanes a pass; the pass that starts at `tail` (fewer than W samples
    // left) reads zero-padded copies and writes a spare buffer, copied out.
    a.mov(kLength, kLen);
    a.sub(kLength, kTail); // samples left for the padded pass
    for (size_t c = 0; c < numInputs; ++c) {
      zeroSpare(a, spareIn(c));
      a.mov(kScratch, x86::qword_ptr(kInputs, int32_t(8 * c)));
      a.lea(kScratch, x86::ptr(kScratch, kTail, 2));
      a.lea(kScratch2, x86::ptr(x86::rsp, spareIn(c)));
      emitCopy(a, kScratch2, kScratch, kLength);
    }
    io.input = [&](const AsmLanes &l, uint32_t channel) {
      a.mov(kScratch, x86::qword_ptr(kInputs, int32_t(8 * channel)));
      passPointer(a, kScratch, spareIn(channel));
      return loadFloats(l, x86::ptr(kScratch));
    };
    io.output = [&](const AsmLanes &l, uint32_t channel, const AsmFloat &v) {
      a.mov(kScratch, x86::qword_ptr(kOutputs, int32_t(8 * channel)));
      passPointer(a, kScratch, spareOut(channel));
      storeFloats(l, x86::ptr(kScratch), v);
    };
    a.test(kLen, kLen);
    a.jle(done);
    emitPasses(loop, lanes, kLen);
    a.bind(done);
    for (size_t c = 0; c < numOutputs; ++c) {
      a.mov(kScratch, x86::qword_ptr(kOutputs, int32_t(8 * c)));
      a.lea(kScratch, x86::ptr(kScratch, kTail, 2));
      a.lea(kScratch2, x86::ptr(x86::rsp, spareOut(c)));
      a.mov(kLength, kLen);
      a.sub(kLength, kTail);
      emitCopy(a, kScratch, kScratch2, kLength);
    }
  }
  a.add(kN0, kLen);
  a.mov(x86::qword_ptr(kState), kN0);
  frame.end(uint32_t(fixedBytes) + cache.frameBytes());
  cache.emitConstants();
  tables.emit(a);
  return kernel;
}

AsmFieldKernel lowerFieldAsm(const Graph &field, const AsmKernelOptions &options,
                             x86::Assembler &a) {
  Schedule schedule = buildSchedule(field);
  AsmBodyEmitter emitter(schedule, options.math);
  AsmTables tables;
  AsmFieldKernel kernel;
  AsmBodyEmitter::Io io;
  // Frame: the arguments (and eval's result) at 0, row's spare buffer at 32.
  constexpr int32_t kArgs = 0, kResult = 16, kSpare = 32, kFixed = 32 + kSpareBytes;

  // eval(x, y, z, t): one lane; the arguments (xmm0-3) go to the frame.
  {
    VectorCache cache(a);
    AsmLanes one{&cache, 1, &tables};
    kernel.eval = a.newLabel();
    a.align(asmjit::AlignMode::kCode, 16);
    a.bind(kernel.eval);
    Frame frame(a);
    cache.setSlotBase(kFixed);
    for (uint32_t k = 0; k < 4; ++k)
      a.vmovss(x86::dword_ptr(x86::rsp, kArgs + 4 * int32_t(k)), x86::xmm(k));
    io.input = [&](const AsmLanes &l, uint32_t channel) {
      return loadFloats(l, x86::dword_ptr(x86::rsp, kArgs + 4 * int32_t(channel)));
    };
    io.output = [&](const AsmLanes &, uint32_t, const AsmFloat &v) {
      a.vmovss(x86::dword_ptr(x86::rsp, kResult), laneZero(v));
      cache.release();
    };
    emitter.emitBody(one, io);
    a.vmovss(x86::xmm0, x86::dword_ptr(x86::rsp, kResult));
    frame.end(uint32_t(kFixed) + cache.frameBytes());
    cache.emitConstants();
  }

  // row(x0, dx, y, z, t, out, len): x = x0 + float(i) * dx, W points a pass.
  {
    VectorCache cache(a);
    unsigned width = options.width;
    AsmLanes lanes{&cache, width, &tables};
    kernel.row = a.newLabel();
    a.align(asmjit::AlignMode::kCode, 16);
    a.bind(kernel.row);
    Frame frame(a);
    cache.setSlotBase(kFixed);
    for (uint32_t k = 0; k < 5; ++k)
      a.vmovss(x86::dword_ptr(x86::rsp, kArgs + 4 * int32_t(k)), x86::xmm(k));
    clampToZero(a, kRowLen);
    a.mov(kTail, kRowLen);
    a.and_(kTail, ~int64_t(width - 1));
    zeroSpare(a, kSpare);
    a.xor_(kI.r32(), kI.r32());
    auto arg = [&](int32_t k) { return x86::dword_ptr(x86::rsp, kArgs + 4 * k); };
    io.input = [&](const AsmLanes &l, uint32_t channel) {
      if (channel > 0)
        return broadcastFloat(l, arg(int32_t(channel) + 1));
      // float(i + j) from int32 lanes: the same rounding as from int64 for
      // the row lengths the limits allow (below 2^31).
      return broadcastFloat(l, arg(0)) + toFloat(laneIndexLow32(l, kI)) * broadcastFloat(l, arg(1));
    };
    io.output = [&](const AsmLanes &l, uint32_t, const AsmFloat &v) {
      passPointer(a, kRowOut, kSpare);
      storeFloats(l, x86::ptr(kScratch), v);
    };
    Label loop = a.newLabel(), done = a.newLabel();
    a.test(kRowLen, kRowLen);
    a.jle(done);
    a.bind(loop);
    emitter.emitBody(lanes, io);
    loopBack(a, cache, loop, width, kRowLen);
    a.bind(done);
    a.lea(kScratch, x86::ptr(kRowOut, kTail, 2));
    a.lea(kScratch2, x86::ptr(x86::rsp, kSpare));
    a.mov(kLength, kRowLen);
    a.sub(kLength, kTail);
    emitCopy(a, kScratch, kScratch2, kLength);
    frame.end(uint32_t(kFixed) + cache.frameBytes());
    cache.emitConstants();
  }
  tables.emit(a);
  return kernel;
}

} // namespace resin::baseline
