// Ahead-of-time compilation (`resinc compile FILE -o OUT`, docs/reference/cli.md): the JIT's
// lowering and LLVM pipeline, emitted to a file instead of memory, with the
// kernel ABI under a chosen name (NAME_state_size, NAME_init, NAME_process;
// fields NAME_eval, NAME_row) and a C header that declares it. The exported
// functions set the float environment themselves (FTZ/DAZ for audio unless
// --no-ftz, cleared for fields) and restore MXCSR before returning, since a
// C caller has no JIT wrapper to do it. The header is CHeader.h's, the names
// Names.h's.
#pragma once

#include "resin/aot/Names.h"
#include "resin/engine/Engine.h"

#include <optional>
#include <string>
#include <string_view>

namespace resin::aot {

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
  PhaseTimes times; // ir, llvm_opt, codegen (emission)
};

/// Compiles an optimized, validated graph or field for the JIT session's
/// target CPU and returns the file's bytes (an ELF object, assembly, LLVM IR
/// text, or the C header).
Result<std::string> compileAheadOfTime(const Graph &graph, const AotOptions &options,
                                       AotReport &report);

} // namespace resin::aot
