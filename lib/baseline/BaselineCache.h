// The baseline tier's use of the compile cache (resin/cache/CompileCache.h):
// an entry holds the kernel's position-independent code (BaselineCode.h), keyed
// as the LLVM tier's entries are, with asmjit's version as the generator.
#pragma once

#include "BaselineCode.h"

#include "resin/engine/EngineOptions.h"

namespace resin::baseline {

/// What a kernel must look like to be taken from the cache: its entry
/// points (1 for audio, 2 for fields) and the lanes and state size the
/// lowering gives the graph, computed from the graph, never read from the file.
struct KernelShape {
  size_t entries = 1;
  unsigned width = 1;
  uint64_t stateSize = 0;
};

/// The cached path of a baseline compile (EngineOptions::cache enabled):
/// map the entry on a hit (report: cache "hit", ir = key, codegen = reading
/// and mapping); on a miss emit with `lower`, store the code and report
/// "miss". `expected` is checked against the entry; report.width and
/// stateSize are set from it on a hit (the caller sets them from its
/// lowering on a miss). A damaged entry or one that cannot be stored is
/// said in report.cacheProblem; the compile itself goes on.
Result<BaselineCode> compileWithCache(std::string_view engine, unsigned width, const Graph &graph,
                                      const EngineOptions &options, const KernelShape &expected,
                                      CompileReport &report, const Lowering &lower);

} // namespace resin::baseline
