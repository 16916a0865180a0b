// realtime-check: AudioProcessor::process must not allocate, free or take a
// lock (docs/reliability.md, "Real-time safety"). This program replaces
// malloc, calloc, realloc, free, the aligned allocators, every operator
// new/delete and pthread_mutex_lock/trylock with versions that forward to
// glibc but count calls made while the calling thread is "armed". It arms
// itself around process() only, for every graph GRAPHS_DIR/*.graph, at -O0
// and -O2, with and without the --sanitize guards, with every engine the
// host runs (interp, native, each JIT width), over blocks of several
// lengths and an input with a NaN and infinity burst. Engines are built and
// init() is called unarmed: they may allocate there.
//
// Usage: realtime-check GRAPHS_DIR. Prints a line per failing combination
// (the function called, the graph, the engine and the block length) and a
// summary; exit 0 when nothing was called while armed, 1 otherwise, 2 on a
// setup error.
#include "resin/engine/Engine.h"
#include "resin/ir/Verifier.h"
#include "resin/passes/PassManager.h"
#include "resin/passes/Sanitize.h"
#include "resin/registry/EngineRegistry.h"
#include "resin/syntax/Load.h"

#include <dlfcn.h>
#include <pthread.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <mutex>
#include <new>
#include <string>
#include <vector>

extern "C" {
void *__libc_malloc(size_t);
void *__libc_calloc(size_t, size_t);
void *__libc_realloc(void *, size_t);
void *__libc_memalign(size_t, size_t);
void __libc_free(void *);
}

namespace {

/// Only the armed thread counts: the JIT session may run helper threads.
thread_local bool armed = false;
/// Which hooked function was called while armed (a string literal, so
/// recording it allocates nothing), and how often.
std::atomic<const char *> firstCall{nullptr};
std::atomic<long> armedCalls{0};

void note(const char *what) {
  if (!armed)
    return;
  armedCalls.fetch_add(1, std::memory_order_relaxed);
  const char *expected = nullptr;
  firstCall.compare_exchange_strong(expected, what);
}

using MutexFn = int (*)(pthread_mutex_t *);

/// glibc's own function, found on first use: static constructors lock
/// before main runs.
MutexFn realMutexFn(const char *name) {
  void *fn = dlsym(RTLD_NEXT, name);
  if (!fn)
    std::abort();
  return reinterpret_cast<MutexFn>(fn);
}

} // namespace

extern "C" {

void *malloc(size_t n) noexcept {
  note("malloc");
  return __libc_malloc(n);
}
void *calloc(size_t n, size_t size) noexcept {
  note("calloc");
  return __libc_calloc(n, size);
}
void *realloc(void *p, size_t n) noexcept {
  note("realloc");
  return __libc_realloc(p, n);
}
void free(void *p) noexcept {
  if (p)
    note("free");
  __libc_free(p);
}
void *memalign(size_t alignment, size_t n) noexcept {
  note("memalign");
  return __libc_memalign(alignment, n);
}
void *aligned_alloc(size_t alignment, size_t n) noexcept {
  note("aligned_alloc");
  return __libc_memalign(alignment, n);
}
int posix_memalign(void **out, size_t alignment, size_t n) noexcept {
  note("posix_memalign");
  if (alignment < sizeof(void *) || (alignment & (alignment - 1)) != 0)
    return EINVAL;
  void *p = __libc_memalign(alignment, n);
  if (!p)
    return ENOMEM;
  *out = p;
  return 0;
}

int pthread_mutex_lock(pthread_mutex_t *m) noexcept {
  note("pthread_mutex_lock");
  static MutexFn real = realMutexFn("pthread_mutex_lock");
  return real(m);
}
int pthread_mutex_trylock(pthread_mutex_t *m) noexcept {
  note("pthread_mutex_trylock");
  static MutexFn real = realMutexFn("pthread_mutex_trylock");
  return real(m);
}

} // extern "C"

namespace {

void *newOrThrow(size_t n, const char *what) {
  note(what);
  void *p = __libc_malloc(n ? n : 1);
  if (!p)
    throw std::bad_alloc();
  return p;
}
void *alignedNewOrThrow(size_t n, std::align_val_t a, const char *what) {
  note(what);
  void *p = __libc_memalign(size_t(a), n ? n : 1);
  if (!p)
    throw std::bad_alloc();
  return p;
}
void deleteNote(void *p, const char *what) {
  if (p)
    note(what);
  __libc_free(p);
}

} // namespace

void *operator new(size_t n) {
  return newOrThrow(n, "operator new");
}
void *operator new[](size_t n) {
  return newOrThrow(n, "operator new[]");
}
void *operator new(size_t n, const std::nothrow_t &) noexcept {
  note("operator new (nothrow)");
  return __libc_malloc(n ? n : 1);
}
void *operator new[](size_t n, const std::nothrow_t &) noexcept {
  note("operator new[] (nothrow)");
  return __libc_malloc(n ? n : 1);
}
void *operator new(size_t n, std::align_val_t a) {
  return alignedNewOrThrow(n, a, "operator new");
}
void *operator new[](size_t n, std::align_val_t a) {
  return alignedNewOrThrow(n, a, "operator new[]");
}
void operator delete(void *p) noexcept {
  deleteNote(p, "operator delete");
}
void operator delete[](void *p) noexcept {
  deleteNote(p, "operator delete[]");
}
void operator delete(void *p, size_t) noexcept {
  deleteNote(p, "operator delete");
}
void operator delete[](void *p, size_t) noexcept {
  deleteNote(p, "operator delete[]");
}
void operator delete(void *p, std::align_val_t) noexcept {
  deleteNote(p, "operator delete");
}
void operator delete[](void *p, std::align_val_t) noexcept {
  deleteNote(p, "operator delete[]");
}
void operator delete(void *p, size_t, std::align_val_t) noexcept {
  deleteNote(p, "operator delete");
}
void operator delete[](void *p, size_t, std::align_val_t) noexcept {
  deleteNote(p, "operator delete[]");
}

namespace {

using resin::Graph;

/// Block lengths: one sample, odd tails, a JIT main loop, the CLI default.
constexpr int64_t kBlocks[] = {1, 3, 17, 64, 129, 1000, 4096};

struct Variant {
  std::string name;
  Graph graph;
};

/// Input samples: a sine with a burst of NaN and +-inf, so the non-finite
/// paths (and --sanitize's guards) run too.
float inputSample(size_t channel, int64_t n) {
  if (n >= 40 && n < 44)
    return n % 2 ? std::numeric_limits<float>::quiet_NaN()
                 : std::numeric_limits<float>::infinity() * (n % 4 ? 1.0f : -1.0f);
  return 0.5f * std::sin(0.01f * float(n) * float(channel + 1));
}

/// Runs every block length through one engine; returns false on an armed call.
bool checkEngine(const std::string &label, std::string_view engine, const Graph &graph) {
  auto processor = resin::makeAudioProcessor(engine, graph);
  if (!processor) {
    std::fprintf(stderr, "%s: %s: cannot build: %s\n", label.c_str(), std::string(engine).c_str(),
                 processor.errors()[0].str().c_str());
    std::exit(2);
  }
  resin::AudioProcessor &p = **processor;
  const int64_t longest = *std::max_element(std::begin(kBlocks), std::end(kBlocks));
  std::vector<std::vector<float>> in(p.numInputs(), std::vector<float>(size_t(longest)));
  std::vector<std::vector<float>> out(p.numOutputs(), std::vector<float>(size_t(longest)));
  std::vector<const float *> inPointers;
  std::vector<float *> outPointers;
  for (auto &c : in)
    inPointers.push_back(c.data());
  for (auto &c : out)
    outPointers.push_back(c.data());
  p.init();
  int64_t n = 0;
  for (int pass = 0; pass < 2; ++pass) {
    for (int64_t block : kBlocks) {
      for (size_t c = 0; c < in.size(); ++c)
        for (int64_t i = 0; i < block; ++i)
          in[c][size_t(i)] = inputSample(c, n + i);
      armedCalls.store(0);
      firstCall.store(nullptr);
      armed = true;
      p.process(inPointers.data(), outPointers.data(), block);
      armed = false;
      n += block;
      if (long calls = armedCalls.load()) {
        std::printf("FAIL %s %s: process() of %lld samples called %s (%ld hooked call(s))\n",
                    label.c_str(), std::string(engine).c_str(), (long long)block, firstCall.load(),
                    calls);
        return false;
      }
    }
    p.init(); // the second pass runs after a reset, as a host would
  }
  return true;
}

/// The graph at -O0 and -O2, each with and without the --sanitize guards.
std::vector<Variant> variantsOf(const std::filesystem::path &file) {
  auto loaded = resin::loadFile(file.string());
  if (!loaded) {
    std::fprintf(stderr, "%s\n", loaded.errors()[0].str().c_str());
    std::exit(2);
  }
  std::vector<Variant> variants;
  for (int level : {0, 2}) {
    Graph g = *loaded;
    if (!resin::runPipeline(g, resin::pipelineForLevel(level))) {
      std::fprintf(stderr, "%s: -O%d failed\n", file.c_str(), level);
      std::exit(2);
    }
    Graph sanitized = g;
    resin::insertFiniteGuards(sanitized);
    if (!resin::verifyGraph(sanitized, file.string()).empty()) {
      std::fprintf(stderr, "%s: the sanitized graph does not verify\n", file.c_str());
      std::exit(2);
    }
    std::string stem = file.filename().string() + " -O" + std::to_string(level);
    variants.push_back({stem, std::move(g)});
    variants.push_back({stem + " --sanitize", std::move(sanitized)});
  }
  return variants;
}

} // namespace

int main(int argc, char **argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: realtime-check GRAPHS_DIR\n");
    return 2;
  }
  // The hooks must be live: a malloc, an operator new and a mutex lock
  // while armed have to be seen (and their frees, as well).
  std::mutex mutex;
  armed = true;
  void *probe = std::malloc(16);
  std::free(probe);
  void *probeNew = ::operator new(16);
  ::operator delete(probeNew);
  mutex.lock();
  mutex.unlock();
  armed = false;
  if (long seen = armedCalls.exchange(0); seen != 5) {
    std::fprintf(stderr, "realtime-check: the hooks are not in effect (%ld of 5 calls seen)\n",
                 seen);
    return 2;
  }

  std::vector<std::filesystem::path> files;
  for (const auto &entry : std::filesystem::directory_iterator(argv[1])) {
    // .graph files: the .json files next to them are the same graphs.
    if (entry.path().extension() == ".graph")
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  // `tiered` is its two tiers, both checked here, plus one lock at the
  // switch (docs/architecture.md); it is not a real-time engine.
  std::vector<std::string_view> engines;
  for (std::string_view name : resin::hostEngineNames())
    if (name != "tiered")
      engines.push_back(name);
  int checked = 0, failed = 0;
  for (const auto &file : files) {
    for (const Variant &v : variantsOf(file)) {
      for (std::string_view engine : engines) {
        ++checked;
        if (!checkEngine(v.name, engine, v.graph))
          ++failed;
      }
    }
  }
  std::printf("realtime-check: %d graph/engine combinations, %d with a hooked call in process()\n",
              checked, failed);
  if (checked == 0) {
    std::fprintf(stderr, "realtime-check: no audio graphs in %s\n", argv[1]);
    return 2;
  }
  return failed ? 1 : 0;
}
