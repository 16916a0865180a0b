// The persistent compile cache of both compiled tiers (docs/embedding.md):
// the machine code of a kernel stored on disk under a hash of everything that
// decides it (the optimized graph's text, engine and width, math, FTZ, the
// code generator and its version, target CPU and features, resinc's build),
// so that the next process compiling the same graph the same way maps that
// code instead of generating it. Off unless EngineOptions::cache enables it:
// the library caches only when asked, and `resinc compile` asks. What the
// code bytes are is each tier's business (the LLVM tier stores a linked
// image, jit/LinkedImage.h; the baseline tier its position-independent
// code, baseline/BaselineCache.cpp); this area knows keys, entries and the
// directory only.
//
// An entry is one file, KEY.resinobj, with a header (magic, checksum, format
// version, width, state size, key, length) before the code; a file whose
// header or checksum does not match is ignored and replaced, never mapped.
// The directory is kept under a size bound by deleting the least recently
// used entries (only files named like entries).
#pragma once

#include "resin/engine/EngineOptions.h"
#include "resin/ir/Graph.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace resin::cache {

/// $XDG_CACHE_HOME/resinc, else $HOME/.cache/resinc; empty when neither
/// variable is set (the cache is then off).
std::string defaultCacheDirectory();

/// The directory `settings` cache in (their own, else the default one), or
/// empty when the cache is off: not enabled, or no directory to be found.
std::string cacheDirectory(const CompileCacheSettings &settings);

/// The 128-bit XXH3 hash of the key text (LLVM's xxhash): names the entry
/// and is stored in its header. Not cryptographic: it tells apart honest
/// inputs, and the cache directory must be private anyway.
using CacheKey = std::array<uint8_t, 16>;

/// What an entry holds besides the key.
struct CacheEntry {
  unsigned width = 1;
  uint64_t stateSize = 0;
  std::string code; // the tier's own serialized code
};

/// What decides the machine code besides the graph and the options: the
/// code generator with its version and anything that changes its output
/// ("llvm 19.1.7", "asmjit 1.9.0"), the CPU and the features it targets.
struct CodeTarget {
  std::string generator;
  std::string cpu;
  std::string features;
};

/// The text that is hashed into the key: every input that decides the
/// code, one per line, then the optimized graph printed as text.
std::string cacheKeyText(const Graph &graph, std::string_view engine, unsigned width,
                         const EngineOptions &options, const CodeTarget &target);
CacheKey cacheKey(std::string_view keyText);
std::string keyHex(const CacheKey &key);

/// The entry file format (exposed for the tests).
std::string encodeEntry(const CacheKey &key, const CacheEntry &entry);
/// The entry in `bytes`, or nullopt when the magic, version, key, length or
/// checksum does not match.
std::optional<CacheEntry> decodeEntry(std::string_view bytes, const CacheKey &key);

/// One cache directory.
class CompileCache {
public:
  CompileCache(std::string directory, uint64_t maxBytes);
  /// The path of a key's entry.
  std::string pathOf(const CacheKey &key) const;
  /// The entry for `key`, or nullopt when absent, unreadable, corrupt or
  /// foreign. A hit marks the entry as recently used. `damaged`, when given,
  /// is set when a file is at the entry's path but was refused.
  std::optional<CacheEntry> load(const CacheKey &key, bool *damaged = nullptr) const;
  /// Writes the entry (to a temporary file renamed into place, so readers
  /// never see half an entry), then evicts the least recently used entries
  /// beyond the size bound. Returns false when nothing could be written,
  /// with the reason in `why` when given.
  bool store(const CacheKey &key, const CacheEntry &entry, std::string *why = nullptr) const;

private:
  void evict() const;
  std::string directory_;
  uint64_t maxBytes_;
};

/// The warning of CompileReport::cacheProblem for an entry that was read
/// but refused (damaged or foreign) and is compiled again.
std::string damagedEntryProblem(const CompileCache &cache, const CacheKey &key);
/// The warning for an entry that could not be stored.
std::string storeProblem(const std::string &why);

} // namespace resin::cache
