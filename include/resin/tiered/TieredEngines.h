// Tiered execution, the engine `tiered` (the default of run, render and
// eval): output starts at once on the baseline tier (jit-baseline, compiled
// in well under a millisecond), while the optimizing tier (jit) compiles on a
// worker thread; the first process() (or row()/eval()) call after its code is
// ready switches to it. Every engine agrees with interp bit for bit and
// processing is block-size invariant, and both compiled tiers keep the same
// state struct (engine/StateLayout.h), which is copied across at the switch:
// so the switch cannot change a sample. A failed optimizing compile keeps the
// baseline tier running and is reported by tierSummary().
#pragma once

#include "resin/engine/Engine.h"

#include <cstddef>
#include <functional>
#include <string_view>

namespace resin::tiered {

inline constexpr std::string_view kTieredEngine = "tiered";
/// The tier output starts on, and the tier it moves to.
inline constexpr std::string_view kFirstTier = "jit-baseline";
inline constexpr std::string_view kOptimizingTier = "jit";

/// Whether this host runs both tiers (the baseline needs AVX2 and FMA);
/// elsewhere `tiered` is the optimizing tier alone, compiled before the first call.
bool hostRunsBothTiers();

Result<std::unique_ptr<AudioProcessor>> makeTieredProcessor(const Graph &graph,
                                                            const EngineOptions &options);
Result<std::unique_ptr<FieldEvaluator>> makeTieredField(const Graph &field,
                                                        const EngineOptions &options);

/// The tiered engine over any two compiled tiers of one graph: `first` runs
/// until `makeOptimizing` (called on a worker thread) has made the next
/// engine. The registry's `tiered` is this with jit-baseline and jit; tests
/// use it to switch between every pair of widths.
using MakeAudioProcessor = std::function<Result<std::unique_ptr<AudioProcessor>>()>;
using MakeFieldEvaluator = std::function<Result<std::unique_ptr<FieldEvaluator>>()>;
std::unique_ptr<AudioProcessor> makeTieredProcessorFrom(std::unique_ptr<AudioProcessor> first,
                                                        MakeAudioProcessor makeOptimizing,
                                                        const EngineOptions &options);
std::unique_ptr<FieldEvaluator> makeTieredFieldFrom(std::unique_ptr<FieldEvaluator> first,
                                                    MakeFieldEvaluator makeOptimizing,
                                                    const EngineOptions &options);

/// Dropping a tiered engine before its switch waits for its optimizing
/// compile to end (one that has not begun is skipped), so no worker thread
/// outlives the engine and a program may return from main at any time.
/// A program that instead ends with std::_Exit (resinc does, so a short run
/// does not wait for a compile it will never use) calls this first; then
/// a dropped engine's worker runs on, counted by backgroundCompilesRunning.
void dropEnginesWithoutWaiting();

/// Optimizing compiles still running on worker threads.
size_t backgroundCompilesRunning();

} // namespace resin::tiered
