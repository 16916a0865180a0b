// Lowering of a scheduled graph to LLVM IR with the kernel ABI of docs/reference/cli.md.
//
// Audio: NAME_state_size, NAME_init and NAME_process(state, in, out, len): a
// loop of W lanes per iteration (unrolled for pure graphs, whose last pass
// runs on zero-padded copies; with state, a scalar tail follows). Pure ops run on W-lane
// vectors through the same templates the interpreter uses (semantics/,
// math/, noise/ instantiated with codegen::FV); stateful ops run their
// recurrence lane by lane with their state in one struct the kernel owns.
// Fields: NAME_eval(x, y, z, t) and NAME_row(x0, dx, y, z, t, out, len).
#pragma once

#include "resin/ir/Graph.h"
#include "resin/math/Math.h"

#include <optional>
#include <string>

namespace llvm {
class Module;
}

namespace resin::codegen {

struct KernelOptions {
  std::string name = "kernel"; // symbol prefix: NAME_process, NAME_eval, ...
  unsigned width = 1;          // lanes per iteration of the main loop: 1, 4, 8 or 16
  /// Pure audio graphs: independent W-lane iterations per loop pass (0:
  /// chosen from the graph's size; 1 for width 1; else rounded down to a
  /// power of two, at most 8).
  unsigned unroll = 0;
  math::MathMode math = math::MathMode::Precise;
  /// Audio runs with FTZ/DAZ: tells LLVM (denormal-fp-math) so that its
  /// constant folding agrees with the hardware. The caller sets MXCSR.
  bool flushDenormals = true;
  /// Ahead-of-time kernels are called straight from C, with no wrapper to
  /// set MXCSR: when true, each exported function that computes saves MXCSR,
  /// sets FTZ/DAZ (audio with flushDenormals) or clears them (otherwise),
  /// runs the kernel and restores MXCSR before it returns.
  bool setsFloatEnv = false;
  /// Math function uses (sin, tanh, pow, ...) inlined per body before the
  /// rest become calls (codegen/IRValue.h, MathCalls): small graphs keep
  /// every use inline, a big graph's code stops growing by a whole function
  /// body per use (the chosen value and its measurements:
  /// docs/architecture.md).
  static constexpr unsigned kMathInlineBudget = 8;
  unsigned mathInlineBudget = kMathInlineBudget;
  /// A W-lane body whose recurrences take more one-lane steps than this
  /// (filters and envelopes, W steps each) calls every math function: its
  /// time goes to the recurrences' serial steps, and the math, off their
  /// critical path, costs nothing more as calls (chain50: the same ns per
  /// sample, a quarter less compile; docs/architecture.md, "Big graphs").
  static constexpr unsigned kRecurrenceBoundSteps = 64;
  unsigned recurrenceBoundSteps = kRecurrenceBoundSteps;
  /// A stateful kernel's one-lane tail loop (fewer than W samples a call)
  /// calls every math function: it runs a few samples, and its inlined
  /// math was a sixth of chain50's compile.
  bool tailCallsMath = true;
  /// One-lane steps of stateful nodes emitted as straight-line code per
  /// body (a node at W lanes takes W); once they are spent, each further
  /// node steps its lanes in a loop (one copy of the step). Loops cost run
  /// time (chain50 with every node looped: 1.25x), so only graphs whose
  /// straight-line code would be huge get them (docs/architecture.md).
  static constexpr unsigned kUnrolledLaneSteps = 1024;
  unsigned unrolledLaneSteps = kUnrolledLaneSteps;
  /// The target has AVX-512 VBMI: 16-lane lookups in 256-periodic tables
  /// (the noise hashes) are byte permutes (vpermi2b) instead of gathers.
  bool byteShuffles = false;
  /// Test hook (verify's mutation test): when set, every `mutateOp` result
  /// in loops of `mutateWidth` lanes is moved by one ulp, a deliberately
  /// broken engine. JitEngines sets it from RESIN_TEST_MUTATE=op:width.
  std::optional<Op> mutateOp;
  unsigned mutateWidth = 0;
};

struct KernelInfo {
  size_t stateSize = 0;
  /// The main loop's lanes: the requested width, or 1 when a feedback loop
  /// through a delay shorter than the width forces one sample at a time.
  unsigned width = 1;
};

/// Emits the audio kernel of a validated graph into `module`.
KernelInfo lowerAudioKernel(const Graph &graph, const KernelOptions &options, llvm::Module &module);
/// Emits the field kernel of a validated field into `module`.
KernelInfo lowerFieldKernel(const Graph &field, const KernelOptions &options, llvm::Module &module);

} // namespace resin::codegen
