// The baseline JIT tier: engines `jit-baseline-scalar`, `jit-baseline-f32x4`,
// `jit-baseline-f32x8`, `jit-baseline-f32x16` and `jit-baseline` (16 lanes), compiled straight to
// x86 with asmjit in one pass over the schedule. They compile in a fraction of the LLVM tier's
// time, linearly in graph size, and agree with `interp` bit for bit (docs/architecture.md). They
// need AVX2 and FMA.
#pragma once

#include "resin/engine/Engine.h"

#include <string>
#include <string_view>
#include <vector>

namespace resin::baseline {

/// What a baseline compile did, for `resinc compile` and bench.
struct BaselineReport {
  unsigned width = 1;    // lanes per pass actually used
  size_t stateSize = 0;  // audio: bytes of state
  size_t codeSize = 0;   // bytes of machine code and tables
  double emitMs = 0;     // lowering into asmjit's compiler
  double finalizeMs = 0; // register allocation and encoding
  double totalMs = 0;    // everything, the executable mapping included
};

bool isBaselineEngine(std::string_view engine);
/// Every baseline engine name, in the order verify and bench list them.
std::vector<std::string_view> baselineEngineNames();
/// The baseline engines this host runs (all of them with AVX2 and FMA, else none).
std::vector<std::string_view> hostBaselineEngines();

Result<std::unique_ptr<AudioProcessor>> makeBaselineProcessor(std::string_view engine,
                                                              const Graph &graph,
                                                              const EngineOptions &options,
                                                              BaselineReport *report = nullptr);
Result<std::unique_ptr<FieldEvaluator>> makeBaselineField(std::string_view engine,
                                                          const Graph &field,
                                                          const EngineOptions &options,
                                                          BaselineReport *report = nullptr);

} // namespace resin::baseline
