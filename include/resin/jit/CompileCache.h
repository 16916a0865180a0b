// The LLVM tier's use of the compile cache (resin/cache/CompileCache.h): an
// entry's code is the kernel's linked image (resin/jit/LinkedImage.h), so a
// hit maps it without LLVM.
#pragma once

#include "resin/cache/CompileCache.h"
#include "resin/jit/JitEngines.h"

#include <string>
#include <string_view>
#include <vector>

namespace resin::jit {

/// The cached path of a JIT compilation (JitEngines calls it when the cache
/// is enabled): look the key up, map the linked image on a hit; on a
/// miss lower, optimize, emit an object, link it and store its linked image
/// (kernels whose code is not position-independent on its own are not
/// stored). `report.cache` says which; phases: ir = key (and, on a miss, the
/// IR build), llvm_opt, codegen = reading and mapping the entry (on a miss:
/// emitting and linking). An entry defines only `symbols` (plus
/// kernel_state_size for audio): a later call that asks for another symbol
/// of the same key misses and replaces it.
Result<std::unique_ptr<CompiledModule>>
compileWithCache(std::string_view engine, const Graph &graph, const EngineOptions &options,
                 const std::vector<std::string> &symbols, CompileReport &report);

} // namespace resin::jit
