// The JIT engines behind the engine interface: jit-scalar, jit-f32x4,
// jit-f32x8, jit-f32x16, and jit (the widest width the host runs).
#pragma once

#include "resin/engine/Engine.h"
#include "resin/jit/JitSession.h"

#include <optional>

namespace resin::jit {

/// Whether `engine` names a JIT engine.
bool isJitEngine(std::string_view engine);

/// The lanes of a JIT engine on this host, or nullopt with the reason (an
/// unknown name, or a width the host cannot run).
std::optional<unsigned> jitWidth(std::string_view engine, std::string *whyNot = nullptr);

/// Every JIT engine name, narrowest first, then "jit" (starts no session).
std::vector<std::string_view> jitEngineNames();

/// The JIT engines this host can run, narrowest first, then "jit".
std::vector<std::string_view> hostJitEngines();

/// What a compilation did (resinc compile reports it).
struct CompileReport {
  unsigned width = 1; // lanes of the main loop actually used
  size_t stateSize = 0;
  PhaseTimes times;
  std::string_view cache = "off"; // the compile cache: "off", "hit" or "miss"
  /// What went wrong with the cache, "" when nothing did: a damaged entry
  /// (compiled again) or an entry that could not be stored. Never an error:
  /// the compile itself succeeded.
  std::string cacheProblem;
};

/// Lowers a graph or field for `engine` into a fresh module of `context`,
/// prepared for the session's target but not yet optimized (dump-ir shows
/// it; compilation optimizes it). `report` receives the width, state size
/// and the IR-build time.
Result<std::unique_ptr<llvm::Module>> lowerForEngine(std::string_view engine, const Graph &graph,
                                                     const EngineOptions &options,
                                                     llvm::LLVMContext &context,
                                                     CompileReport &report);

Result<std::unique_ptr<AudioProcessor>> makeJitProcessor(std::string_view engine,
                                                         const Graph &graph,
                                                         const EngineOptions &options,
                                                         CompileReport *report = nullptr);
Result<std::unique_ptr<FieldEvaluator>> makeJitField(std::string_view engine, const Graph &field,
                                                     const EngineOptions &options,
                                                     CompileReport *report = nullptr);

} // namespace resin::jit
