// The baseline JIT tier: engines `jit-baseline-scalar`, `jit-baseline-f32x4`,
// `jit-baseline-f32x8`, `jit-baseline-f32x16` and `jit-baseline` (16 lanes), compiled straight to
// x86 with asmjit in one pass over the schedule. They compile in a fraction of the LLVM tier's
// time, linearly in graph size, and agree with `interp` bit for bit (docs/architecture.md). They
// need AVX2 and FMA.
#pragma once

#include "resin/engine/Engine.h"

#include <optional>

#include <string>
#include <string_view>
#include <vector>

namespace resin::baseline {

bool isBaselineEngine(std::string_view engine);
/// Every baseline engine name, in the order verify and bench list them.
std::vector<std::string_view> baselineEngineNames();
/// The baseline engines this host runs (all of them with AVX2 and FMA, else none).
std::vector<std::string_view> hostBaselineEngines();
/// The lanes of a baseline engine, or nullopt for another name.
std::optional<unsigned> baselineWidth(std::string_view engine);

Result<std::unique_ptr<AudioProcessor>> makeBaselineProcessor(std::string_view engine,
                                                              const Graph &graph,
                                                              const EngineOptions &options,
                                                              CompileReport *report = nullptr);
Result<std::unique_ptr<FieldEvaluator>> makeBaselineField(std::string_view engine,
                                                          const Graph &field,
                                                          const EngineOptions &options,
                                                          CompileReport *report = nullptr);

} // namespace resin::baseline
