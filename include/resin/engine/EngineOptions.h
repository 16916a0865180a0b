// How an engine is built: the math mode and float environment every engine
// honours, and the settings only compiled engines read (target CPU, compile
// cache, tier switching). They travel with each request through the engine
// registry (registry/EngineRegistry.h) instead of living in process-wide
// singletons, so two engines in one process can be built differently.
#pragma once

#include "resin/math/MathMode.h"

#include <cstdint>
#include <string>

namespace resin {

using math::MathMode;

/// Default bound on a compile cache directory's entries: 64 MiB.
inline constexpr uint64_t kDefaultCacheBytes = uint64_t(64) << 20;

/// The compiled tiers' persistent compile cache (docs/embedding.md). Off unless
/// enabled: the library caches only when asked, and `resinc compile` asks.
struct CompileCacheSettings {
  bool enabled = false;
  std::string directory; // empty: $XDG_CACHE_HOME/resinc, else ~/.cache/resinc
  uint64_t maxBytes = kDefaultCacheBytes;
};

struct EngineOptions {
  MathMode math = MathMode::Precise;
  /// Audio: process with subnormals flushed to zero (FTZ and DAZ), docs/reference/graph-format.md.
  /// Fields are always evaluated without flushing.
  bool flushDenormals = true;
  /// `tiered`: wait for the optimizing tier's code before the first block
  /// (or row) instead of starting on the baseline tier.
  bool waitForOptimized = false;
  /// `tiered`, for tests: switch to the optimizing tier exactly before the
  /// process() call (or row()/eval() call) with this index, waiting for its
  /// code there; -1 switches whenever the code is ready.
  int64_t switchTierAt = -1;
  /// The CPU the LLVM tier compiles for: empty (or "native") is the host,
  /// else an LLVM CPU name such as x86-64-v2 or skylake-avx512.
  std::string targetCpu = {};
  CompileCacheSettings cache = {};
};

} // namespace resin
