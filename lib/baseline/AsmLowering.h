// Lowering of a scheduled graph straight to x86 functions with asmjit, in one
// pass over the schedule: no IR, no optimizer. Each node's code comes from
// the same semantics/ templates the interpreter runs, instantiated with
// AsmFloat, so the results are the interpreter's bit for bit.
//
// Audio: process(state, in, out, len) with the state layout of
// engine/StateLayout.h. A pure graph runs W lanes per pass, its last pass on
// zero-padded stack copies (one body); a graph with state runs one sample per
// pass, its filter states in registers across the loop.
// Fields: eval(x, y, z, t) on one lane and row(x0, dx, y, z, t, out, len)
// on W lanes, the last pass into a stack copy.
#pragma once

#include "resin/engine/Schedule.h"
#include "resin/ir/Graph.h"
#include "resin/math/Math.h"

#include <asmjit/x86.h>

namespace resin::baseline {

struct AsmKernelOptions {
  unsigned width = 8; // lanes per pass for pure graphs and field rows: 1, 4, 8, 16
  math::MathMode math = math::MathMode::Precise;
};

struct AsmAudioKernel {
  asmjit::Label process;
  size_t stateSize = 0;
  unsigned width = 1; // lanes per pass actually used
};
struct AsmFieldKernel {
  asmjit::Label eval, row;
};

/// The lanes and state size lowerAudioAsm gives `schedule` (the compile
/// cache checks a stored kernel against them).
AsmAudioKernel audioKernelShape(const Schedule &schedule, const AsmKernelOptions &options);

/// Emits the audio kernel of a validated graph with `a`.
AsmAudioKernel lowerAudioAsm(const Graph &graph, const AsmKernelOptions &options,
                             asmjit::x86::Assembler &a);
/// Emits the field kernel (eval and row) of a validated field with `a`.
AsmFieldKernel lowerFieldAsm(const Graph &field, const AsmKernelOptions &options,
                             asmjit::x86::Assembler &a);

} // namespace resin::baseline
