// The engine registry (docs/architecture.md, "Engines"): every engine by
// name, above the engines themselves, so the engine interface (engine/)
// depends on none of them. Tools and embedders pick, describe and build
// engines here; the settings a compiled engine needs (target CPU, compile
// cache) travel in EngineOptions, and what a compile did comes back through
// the engine's compileReport().
#pragma once

#include "resin/engine/Engine.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace resin {

/// What kind of engine a name is.
enum class EngineKind {
  Interp,     // the reference interpreter
  Native,     // the C++ block engine
  Baseline,   // jit-baseline and its widths: asmjit, one pass
  Optimizing, // jit and its widths: LLVM
  Tiered,     // the baseline tier first, then the optimizing tier
};

/// Every engine name this build knows, in the order verify and bench use.
std::vector<std::string_view> engineNames();

/// The kind of a known engine, nullopt for an unknown name.
std::optional<EngineKind> engineKind(std::string_view engine);

/// The engines that can run for options.targetCpu (the host by default):
/// widths the CPU lacks are left out.
std::vector<std::string_view> hostEngineNames(const EngineOptions &options = {});

/// The lanes a compiled engine computes at once for options.targetCpu, or
/// nullopt with the reason in `whyNot` (an engine that cannot run there, or
/// one that is not compiled: interp, native, tiered).
std::optional<unsigned> engineWidth(std::string_view engine, const EngineOptions &options = {},
                                    std::string *whyNot = nullptr);

/// The engines `engine` runs, in order: for tiered, the tier it starts on
/// and the tier it moves to (only the optimizing tier on a host without the
/// baseline tier); for every other engine, itself. Compiling the first is
/// what the first block or row waits for.
std::vector<std::string_view> engineTiers(std::string_view engine);

/// A tiered engine dropped before its switch waits for its optimizing
/// compile to end; after this call it leaves the compile running instead,
/// for a program that ends with std::_Exit (resinc) and must not wait.
void dropEnginesWithoutWaiting();
/// Optimizing compiles of tiered engines still running on their workers.
size_t backgroundCompilesRunning();

/// Routes the code generator's fatal errors to `onFatal(reason)` and its
/// out-of-memory reports to `onOutOfMemory()` (LLVM's handlers; LLVM is not
/// exception-safe, so neither may return). Call once, early.
void installCodeGeneratorFaultHandlers(void (*onFatal)(const char *reason),
                                       void (*onOutOfMemory)());

/// The LLVM name of options.targetCpu (the host's when empty), or an error
/// when LLVM does not know the CPU.
Result<std::string> targetCpuName(const EngineOptions &options = {});

/// The version of the code generator behind the optimizing tier ("LLVM 19.1.7").
std::string codeGeneratorVersion();

/// Whether a field declares images (`image NAME;`).
bool readsImages(const Graph &field);
/// Whether only interp and native can evaluate a field so far: one that
/// reads images (once they are bound) or has a colour result.
bool needsReferenceEngine(const Graph &field);

/// Builds an engine for a validated graph. Errors: an unknown engine name, or
/// an engine that cannot run this graph (a compiled engine and a field that
/// needsReferenceEngine; an unbound image).
Result<std::unique_ptr<AudioProcessor>>
makeAudioProcessor(std::string_view engine, const Graph &graph, const EngineOptions &options = {});
Result<std::unique_ptr<FieldEvaluator>>
makeFieldEvaluator(std::string_view engine, const Graph &field, const EngineOptions &options = {});

/// One stage of the optimizing tier's compilation of `graph` as text:
/// "llvm" (the module as lowered), "llvm-opt" (after LLVM's pipeline) or
/// "asm" (machine code). `engine` is a jit engine or tiered (its optimizing
/// tier); another engine is an error.
Result<std::string> compiledStageText(std::string_view engine, const Graph &graph,
                                      const EngineOptions &options, std::string_view stage);

} // namespace resin
