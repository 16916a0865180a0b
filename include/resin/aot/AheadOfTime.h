// Ahead-of-time compilation (`resinc compile FILE -o OUT`, docs/reference/cli.md): the JIT's
// lowering and LLVM pipeline, emitted to a file instead of memory, with the
// kernel ABI under a chosen name (NAME_state_size, NAME_init, NAME_process;
// fields NAME_eval, NAME_row) and a C header that declares it. The exported
// functions set the float environment themselves (FTZ/DAZ for audio unless
// --no-ftz, cleared for fields) and restore MXCSR before returning, since a
// C caller has no JIT wrapper to do it.
#pragma once

#include "resin/engine/Engine.h"
#include "resin/jit/JitSession.h"

#include <optional>
#include <string>
#include <string_view>

namespace resin::aot {

enum class EmitKind { Object, Assembly, LlvmIr, Header };

/// "obj", "asm", "llvm", "header".
std::optional<EmitKind> emitKindFromName(std::string_view name);
/// The kind a file name's extension suggests (.o .obj, .s .asm, .ll, .h).
std::optional<EmitKind> emitKindFromPath(std::string_view path);

/// Whether `name` can prefix the ABI symbols: a C identifier of at most 200
/// characters ([A-Za-z_][A-Za-z0-9_]*).
bool isKernelName(std::string_view name);
/// A kernel name made from a file name: its stem, every other character
/// replaced by '_', a leading '_' before a digit; "kernel" if nothing is left.
std::string kernelNameFromPath(std::string_view path);

struct AotOptions {
  std::string name = "kernel";
  EmitKind emit = EmitKind::Object;
  std::string engine = "jit"; // a JIT engine: its width, for the session's target CPU
  EngineOptions engineOptions;
  std::string source; // where the graph came from, for the header's comment
};

struct AotReport {
  unsigned width = 1;
  size_t stateSize = 0;
  jit::PhaseTimes times; // ir, llvm_opt, codegen (emission)
};

/// Compiles an optimized, validated graph or field for the JIT session's
/// target CPU and returns the file's bytes (an ELF object, assembly, LLVM IR
/// text, or the C header).
Result<std::string> compileAheadOfTime(const Graph &graph, const AotOptions &options,
                                       AotReport &report);

/// The C header declaring the kernel ABI of `graph` under options.name.
std::string kernelHeader(const Graph &graph, const AotOptions &options);

} // namespace resin::aot
