// The cached path of a baseline compile (BaselineCache.h). A hit reads the
// entry and copies its code into executable memory: no lowering at all. The
// key has the LLVM tier's inputs (graph, engine and width, math, FTZ,
// resinc's build), with asmjit's version as the code generator; the code
// needs AVX2 and FMA only (checked before any compile), whatever the CPU.
#include "BaselineCache.h"

#include "resin/cache/CompileCache.h"

#include <chrono>

namespace resin::baseline {

namespace {

double millisecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

cache::CodeTarget codeTarget() {
  constexpr unsigned version = ASMJIT_LIBRARY_VERSION;
  std::string generator = "asmjit " + std::to_string(version >> 16) + "." +
                          std::to_string((version >> 8) & 0xff) + "." +
                          std::to_string(version & 0xff);
  return {generator, "x86-64", "+avx2,+fma"};
}

} // namespace

Result<BaselineCode> compileWithCache(std::string_view engine, unsigned width, const Graph &graph,
                                      const EngineOptions &options, const KernelShape &expected,
                                      CompileReport &report, const Lowering &lower) {
  auto start = std::chrono::steady_clock::now();
  cache::CacheKey key =
      cache::cacheKey(cache::cacheKeyText(graph, engine, width, options, codeTarget()));
  cache::CompileCache store(cache::cacheDirectory(options.cache), options.cache.maxBytes);
  double keyMs = millisecondsSince(start);

  start = std::chrono::steady_clock::now();
  bool damaged = false;
  auto entry = store.load(key, &damaged);
  if (entry && entry->width == expected.width && entry->stateSize == expected.stateSize) {
    std::string why;
    if (auto code = mapImage(entry->code, expected.entries, why)) {
      report.width = expected.width;
      report.stateSize = expected.stateSize;
      report.codeSize = entry->code.size() - sizeof(uint64_t) * (1 + expected.entries);
      report.times.ir = keyMs;
      report.times.codegen = millisecondsSince(start);
      report.cache = "hit";
      return std::move(*code);
    }
  }
  // A file at the entry's path that was refused, or an entry that passed its
  // checksum but does not fit this kernel, is replaced below.
  if (damaged || entry)
    report.cacheProblem = cache::damagedEntryProblem(store, key);

  std::string image;
  auto code = emitCode(graph, report, lower, &image);
  if (!code)
    return code.errors();
  report.times.ir += keyMs;
  report.cache = "miss";
  std::string why;
  if (!image.empty() &&
      !store.store(key, cache::CacheEntry{expected.width, expected.stateSize, image}, &why))
    report.cacheProblem = cache::storeProblem(why);
  return code;
}

} // namespace resin::baseline
