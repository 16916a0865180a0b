// The compile cache in process: the entry format refuses every damaged or
// foreign entry, the directory evicts least recently used entries (and only
// entries), and a kernel mapped from a cache hit computes what interp does,
// bit for bit; a miss stores the JIT pipeline's code. Every directory is
// under the build tree (RESIN_TEST_TMP).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include "resin/jit/CompileCache.h"
#include "aot/MachineCode.h"
#include "jit/DropUnrequested.h"
#include "resin/engine/Engine.h"
#include "resin/jit/JitEngines.h"
#include "resin/jit/JitSession.h"
#include "resin/jit/LinkedImage.h"
#include "resin/parity/Parity.h"
#include "resin/passes/PassManager.h"
#include "resin/registry/EngineRegistry.h"
#include "resin/syntax/Load.h"

#include <doctest/doctest.h>
#include <llvm/Config/llvm-config.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/Support/MemoryBuffer.h>

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>

namespace {

namespace fs = std::filesystem;
using namespace resin;
using namespace resin::jit;
using namespace resin::cache;

std::string freshDirectory(const std::string &name) {
  std::string dir = std::string(RESIN_TEST_TMP) + "/" + name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

CacheEntry sampleEntry(size_t bytes) {
  CacheEntry entry;
  entry.width = 8;
  entry.stateSize = 24;
  for (size_t i = 0; i < bytes; ++i)
    entry.code += char(i * 7 + 3);
  return entry;
}

Graph optimized(const std::string &file) {
  auto graph = loadFile(std::string(RESIN_GRAPHS_DIR) + "/" + file);
  REQUIRE(graph);
  REQUIRE(runPipeline(*graph, pipelineForLevel(2)));
  return std::move(*graph);
}

/// Engine options that compile through the cache in `dir`.
EngineOptions cachedIn(const std::string &dir) {
  EngineOptions options;
  options.cache = {true, dir};
  return options;
}

/// The image a `jit` processor's first compile (a miss) stores for `graph`
/// in a fresh cache directory `name`.
LinkedImage imageStoredByMiss(const std::string &name, const Graph &graph) {
  std::string dir = freshDirectory(name);
  EngineOptions cached = cachedIn(dir);
  CompileReport report;
  REQUIRE(makeJitProcessor("jit", graph, cached, &report));
  REQUIRE(report.cache == "miss");
  JitSession *session = *JitSession::host();
  // Keyed by the engine's width, as compileWithCache does (the lowered
  // width in the report can be narrower).
  CacheKey key = cacheKey(
      cacheKeyText(graph, "jit", *jitWidth("jit"), {},
                   {"llvm " LLVM_VERSION_STRING, session->cpuName(), session->featureString()}));
  auto entry = CompileCache(dir, kDefaultCacheBytes).load(key);
  REQUIRE(entry);
  auto image = parseLinkedImage(entry->code);
  REQUIRE(image);
  return *image;
}

void setAge(const std::string &path, int secondsAgo) {
  auto when = fs::file_time_type::clock::now() - std::chrono::seconds(secondsAgo);
  fs::last_write_time(path, when);
}

} // namespace

TEST_CASE("an entry decodes to what was encoded, under its own key only") {
  CacheKey key = cacheKey("a key"), other = cacheKey("another key");
  CHECK(keyHex(key).size() == 32);
  CHECK(key != other);
  CacheEntry entry = sampleEntry(300);
  std::string bytes = encodeEntry(key, entry);
  CHECK(bytes.size() == 56 + 300);
  auto back = decodeEntry(bytes, key);
  REQUIRE(back);
  CHECK(back->width == 8);
  CHECK(back->stateSize == 24);
  CHECK(back->code == entry.code);
  CHECK_FALSE(decodeEntry(bytes, other));
}

TEST_CASE("every flipped bit, truncation or extension of an entry is refused") {
  CacheKey key = cacheKey("k");
  std::string bytes = encodeEntry(key, sampleEntry(64));
  int refused = 0, tried = 0;
  for (size_t i = 0; i < bytes.size(); ++i)
    for (int bit = 0; bit < 8; bit += 3) {
      std::string damaged = bytes;
      damaged[i] = char(damaged[i] ^ (1 << bit));
      refused += !decodeEntry(damaged, key);
      ++tried;
    }
  CHECK(refused == tried);
  for (size_t length = 0; length < bytes.size(); ++length)
    CHECK_FALSE(decodeEntry(std::string_view(bytes).substr(0, length), key));
  CHECK_FALSE(decodeEntry(bytes + "x", key));
  CHECK_FALSE(decodeEntry("", key));
  CHECK_FALSE(decodeEntry(std::string(200, 'R'), key));
}

TEST_CASE("the key changes with every input that decides the code") {
  Graph tremolo = optimized("tremolo.graph"), echo = optimized("echo.graph");
  EngineOptions base;
  std::string text = cacheKeyText(tremolo, "jit", 16, base, {"gen", "cpu", "+f"});
  CHECK(text == cacheKeyText(tremolo, "jit", 16, base, {"gen", "cpu", "+f"}));
  CHECK(text != cacheKeyText(echo, "jit", 16, base, {"gen", "cpu", "+f"}));
  CHECK(text != cacheKeyText(tremolo, "jit-f32x16", 16, base, {"gen", "cpu", "+f"}));
  CHECK(text != cacheKeyText(tremolo, "jit", 8, base, {"gen", "cpu", "+f"}));
  CHECK(text != cacheKeyText(tremolo, "jit", 16, {MathMode::Fast, true}, {"gen", "cpu", "+f"}));
  CHECK(text != cacheKeyText(tremolo, "jit", 16, {MathMode::Precise, false}, {"gen", "cpu", "+f"}));
  CHECK(text != cacheKeyText(tremolo, "jit", 16, base, {"gen", "other", "+f"}));
  CHECK(text != cacheKeyText(tremolo, "jit", 16, base, {"another gen", "cpu", "+f"}));
  CHECK(text != cacheKeyText(tremolo, "jit", 16, base, {"gen", "cpu", "-f"}));
  CHECK(text.find("\ngenerator gen\n") != std::string::npos);
  CHECK(text.find("resinc ") != std::string::npos);
}

TEST_CASE("the directory: store, load, damaged files ignored, LRU eviction of entries only") {
  std::string dir = freshDirectory("lru");
  CompileCache cache(dir, 2500); // room for two 1000-byte entries with headers
  CacheKey a = cacheKey("a"), b = cacheKey("b"), c = cacheKey("c");
  CHECK_FALSE(cache.load(a));
  REQUIRE(cache.store(a, sampleEntry(1000)));
  REQUIRE(cache.load(a));
  CHECK(cache.load(a)->code == sampleEntry(1000).code);

  // A damaged file in a's place is a miss, and a store replaces it.
  {
    std::ofstream out(cache.pathOf(a), std::ios::binary | std::ios::trunc);
    out << "not an entry";
  }
  CHECK_FALSE(cache.load(a));
  REQUIRE(cache.store(a, sampleEntry(1000)));
  CHECK(cache.load(a));

  // A large foreign file is neither counted nor evicted.
  {
    std::ofstream out(dir + "/README", std::ios::binary);
    out << std::string(10000, 'x');
  }
  REQUIRE(cache.store(b, sampleEntry(1000)));
  setAge(cache.pathOf(a), 300);
  setAge(cache.pathOf(b), 200);
  CHECK(cache.load(a)); // a hit makes a the most recently used
  REQUIRE(cache.store(c, sampleEntry(1000)));
  CHECK(fs::exists(cache.pathOf(a)));
  CHECK_FALSE(fs::exists(cache.pathOf(b))); // the least recently used
  CHECK(fs::exists(cache.pathOf(c)));
  CHECK(fs::file_size(dir + "/README") == 10000);
}

TEST_CASE("a FIFO, a symlink or a group-writable file at an entry's path is a miss, at once") {
  std::string dir = freshDirectory("planted");
  CompileCache cache(dir, 1 << 20);
  CacheKey a = cacheKey("a"), b = cacheKey("b"), c = cacheKey("c");
  // A FIFO would block a plain open() forever; it must be refused instead.
  REQUIRE(::mkfifo(cache.pathOf(a).c_str(), 0600) == 0);
  CHECK_FALSE(cache.load(a));
  // A symlink to a valid entry is not followed.
  REQUIRE(cache.store(b, sampleEntry(100)));
  fs::create_symlink(cache.pathOf(b), cache.pathOf(c) + ".target");
  fs::rename(cache.pathOf(c) + ".target", cache.pathOf(c));
  CHECK_FALSE(cache.load(c));
  // A valid entry that others may write is not trusted.
  CHECK(cache.load(b));
  fs::permissions(cache.pathOf(b), fs::perms::group_write, fs::perm_options::add);
  CHECK_FALSE(cache.load(b));
  // A store replaces each of them with a good entry.
  REQUIRE(cache.store(a, sampleEntry(100)));
  CHECK(cache.load(a));
}

TEST_CASE("an unwritable directory is a miss that compiles, not an error, and says why") {
  EngineOptions cached = cachedIn("/proc/resin-no-such-dir");
  Graph graph = optimized("tremolo.graph");
  CompileReport report;
  auto processor = makeJitProcessor("jit", graph, cached, &report);
  REQUIRE(processor);
  CHECK(report.cache == "miss");
  CHECK(report.cacheProblem.rfind("cannot store in the compile cache: /proc/resin-no-such-dir",
                                  0) == 0);
}

TEST_CASE("a damaged entry is a miss that says so, an absent one an ordinary miss") {
  std::string dir = freshDirectory("damaged");
  CompileCache cache(dir, 1 << 20);
  CacheKey a = cacheKey("a");
  bool damaged = true;
  CHECK_FALSE(cache.load(a, &damaged));
  CHECK_FALSE(damaged);
  REQUIRE(cache.store(a, sampleEntry(100)));
  CHECK(cache.load(a, &damaged));
  CHECK_FALSE(damaged);
  fs::resize_file(cache.pathOf(a), 40); // truncated
  CHECK_FALSE(cache.load(a, &damaged));
  CHECK(damaged);

  EngineOptions cached = cachedIn(dir);
  Graph graph = optimized("tremolo.graph");
  CompileReport first, second, third;
  REQUIRE(makeJitProcessor("jit", graph, cached, &first));
  CHECK(first.cacheProblem.empty());
  std::string entry;
  for (const auto &file : fs::directory_iterator(dir))
    if (file.path().filename() != fs::path(cache.pathOf(a)).filename())
      entry = file.path().string();
  REQUIRE_FALSE(entry.empty());
  fs::resize_file(entry, 100);
  REQUIRE(makeJitProcessor("jit", graph, cached, &second));
  CHECK(second.cache == "miss");
  CHECK(second.cacheProblem == "the compile cache entry " + entry +
                                   " could not be used (damaged or foreign); compiled again and "
                                   "replaced");
  REQUIRE(makeJitProcessor("jit", graph, cached, &third));
  CHECK(third.cache == "hit");
  CHECK(third.cacheProblem.empty());
}

TEST_CASE("audio: a miss and then a hit, both equal to interp bit for bit") {
  std::string dir = freshDirectory("audio");
  EngineOptions cached = cachedIn(dir);
  for (const char *file : {"echo.graph", "synth_voice.graph", "chorus.graph"}) {
    CAPTURE(file);
    Graph graph = optimized(file);
    CompileReport first, second;
    auto miss = makeJitProcessor("jit", graph, cached, &first);
    auto hit = makeJitProcessor("jit", graph, cached, &second);
    auto interp = makeAudioProcessor("interp", graph);
    REQUIRE(miss);
    REQUIRE(hit);
    REQUIRE(interp);
    CHECK(first.cache == "miss");
    CHECK(second.cache == "hit");
    CHECK(second.times.llvmOpt == 0);
    CHECK(second.width == first.width);
    CHECK(second.stateSize == first.stateSize);

    const int64_t length = 4096;
    std::mt19937 rng(5);
    std::uniform_real_distribution<float> uniform(-1, 1);
    std::vector<std::vector<float>> in((*interp)->numInputs(), std::vector<float>(length));
    for (auto &channel : in)
      for (float &v : channel)
        v = uniform(rng);
    std::vector<const float *> ins;
    for (auto &channel : in)
      ins.push_back(channel.data());
    auto run = [&](AudioProcessor &p) {
      std::vector<std::vector<float>> out(p.numOutputs(), std::vector<float>(length));
      std::vector<float *> outs;
      for (auto &channel : out)
        outs.push_back(channel.data());
      p.init();
      p.process(ins.data(), outs.data(), length);
      return out;
    };
    auto want = run(**interp), fromMiss = run(**miss), fromHit = run(**hit);
    int64_t differing = 0;
    for (size_t c = 0; c < want.size(); ++c)
      for (int64_t n = 0; n < length; ++n)
        differing += !parity::sameValue(fromMiss[c][n], want[c][n]) +
                     !parity::sameValue(fromHit[c][n], want[c][n]);
    CHECK(differing == 0);
  }
}

TEST_CASE("a miss stores what the JIT engines call: kernel_process and kernel_state_size") {
  // kernel_init is not compiled for a cache entry, as not for the JIT: the
  // engines zero the state themselves (docs/embedding.md).
  LinkedImage image = imageStoredByMiss("symbols", optimized("echo.graph"));
  std::vector<std::string> names;
  for (const auto &symbol : image.symbols)
    names.push_back(symbol.first);
  std::sort(names.begin(), names.end());
  CHECK(names == std::vector<std::string>{"kernel_process", "kernel_state_size"});
}

TEST_CASE("a miss stores the JIT pipeline's code, not the ahead-of-time emitter's") {
  // A hit must run the code the JIT engines run and the benchmarks measure
  // (docs/embedding.md). The miss's image is compared with the image of the
  // same module through JitSession::emitObject and through emitMachineCode
  // (code generation at -O3 with LLVM's default machine passes), whose code
  // differs for this graph.
  Graph graph = optimized("eq.graph");
  LinkedImage stored = imageStoredByMiss("pipeline", graph);
  JitSession *session = *JitSession::host();

  const std::vector<std::string> symbols = {"kernel_process", "kernel_state_size"};
  // The module as a miss builds it, in a context that outlives the load.
  auto linkedImage = [&](llvm::LLVMContext &context, bool jitPipeline) {
    CompileReport lowered;
    auto module = lowerForEngine("jit", graph, {}, context, lowered);
    REQUIRE(module);
    dropUnrequested(**module, symbols);
    session->optimize(**module);
    std::unique_ptr<llvm::MemoryBuffer> object;
    if (jitPipeline) {
      auto emitted = session->emitObject(**module);
      REQUIRE(emitted);
      object = std::move(*emitted);
    } else {
      auto emitted = aot::emitMachineCode(**module, session->cpuName(), session->featureString(),
                                          aot::CodeFileType::Object);
      REQUIRE(emitted);
      object = llvm::MemoryBuffer::getMemBufferCopy(*emitted);
    }
    std::optional<LinkedImage> image;
    REQUIRE(session->load(std::move(object), symbols, &image));
    REQUIRE(image);
    return *image;
  };
  llvm::LLVMContext jitContext, aheadContext;
  LinkedImage jit = linkedImage(jitContext, true);
  LinkedImage ahead = linkedImage(aheadContext, false);
  // The capture lists symbols in the linker's order, which varies from link
  // to link; their offsets are what must agree.
  auto sortedSymbols = [](LinkedImage image) {
    std::sort(image.symbols.begin(), image.symbols.end());
    return image.symbols;
  };
  CHECK(stored.bytes == jit.bytes);
  CHECK(sortedSymbols(stored) == sortedSymbols(jit));
  CHECK(ahead.bytes != jit.bytes);
}

TEST_CASE("fields: a hit's eval and row equal interp bit for bit") {
  std::string dir = freshDirectory("field");
  EngineOptions cached = cachedIn(dir);
  Graph field = optimized("terrain.field");
  CompileReport first, second;
  REQUIRE(makeJitField("jit", field, cached, &first));
  auto hit = makeJitField("jit", field, cached, &second);
  auto interp = makeFieldEvaluator("interp", field);
  REQUIRE(hit);
  REQUIRE(interp);
  CHECK(first.cache == "miss");
  CHECK(second.cache == "hit");
  std::vector<float> got(300), want(300);
  (*hit)->row(-2.0f, 0.0137f, 0.3f, 0.0f, 0.0f, got.data(), 300);
  (*interp)->row(-2.0f, 0.0137f, 0.3f, 0.0f, 0.0f, want.data(), 300);
  int differing = 0;
  for (size_t i = 0; i < got.size(); ++i)
    differing += !parity::sameValue(got[i], want[i]);
  for (float x : {-1.5f, 0.0f, 0.25f, 7.0f})
    differing += !parity::sameValue((*hit)->eval(x, 0.5f, 0, 0), (*interp)->eval(x, 0.5f, 0, 0));
  CHECK(differing == 0);
}

TEST_CASE("every kernel in graphs/ is stored as a position-independent image") {
  // A kernel that called outside itself (memset for a large state, once) or
  // had an absolute fixup would not be stored: its second compile would miss.
  std::string dir = freshDirectory("every");
  EngineOptions cached = cachedIn(dir);
  size_t files = 0;
  for (const auto &item : fs::directory_iterator(RESIN_GRAPHS_DIR)) {
    std::string name = item.path().filename().string();
    if (item.path().extension() != ".graph" && item.path().extension() != ".field")
      continue;
    CAPTURE(name);
    ++files;
    Graph graph = optimized(name);
    CompileReport first, second;
    if (graph.isField()) {
      REQUIRE(makeJitField("jit", graph, cached, &first));
      REQUIRE(makeJitField("jit", graph, cached, &second));
    } else {
      REQUIRE(makeJitProcessor("jit", graph, cached, &first));
      REQUIRE(makeJitProcessor("jit", graph, cached, &second));
    }
    CHECK(first.cache == "miss");
    // On a CPU without FMA, sin, cos and tan call libm's fmaf (docs/math.md):
    // such kernels are not stored, and their second compile misses too.
    CHECK((second.cache == "hit" || !__builtin_cpu_supports("fma")));
  }
  CHECK(files >= 10);
}
