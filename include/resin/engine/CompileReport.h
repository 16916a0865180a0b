// What one compilation of a compiled engine did (jit-*, jit-baseline-*, and
// each tier of `tiered`): the lanes it used, the size of its state and the
// time of each phase. Engines hand it back through compileReport() on the
// engine interface; `resinc compile` and `resinc bench` print it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace resin {

/// Milliseconds spent in each phase (docs/reference/cli.md, compile --json).
/// LLVM tier: building the IR, LLVM's optimization pipeline, code generation
/// and linking. Baseline tier: `ir` is the emission into asmjit's compiler,
/// `codegen` its register allocation, encoding and mapping; no llvmOpt.
struct PhaseTimes {
  double ir = 0, llvmOpt = 0, codegen = 0;
};

struct CompileReport {
  unsigned width = 1; // lanes of the main loop actually used
  size_t stateSize = 0;
  size_t codeSize = 0; // bytes of machine code and tables, where known
  PhaseTimes times;
  std::string_view cache = "off"; // the compile cache: "off", "hit" or "miss"
  /// What went wrong with the cache, "" when nothing did: a damaged entry
  /// (compiled again) or an entry that could not be stored. Never an error:
  /// the compile itself succeeded.
  std::string cacheProblem;
};

} // namespace resin
