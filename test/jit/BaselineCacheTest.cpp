// The baseline tier's compile cache in process: every graph in graphs/ at
// every baseline width is a miss and then a hit, and the hit's code (mapped
// from the entry, not lowered) computes what interp does, bit for bit; an
// entry the checksum accepts but that does not fit the kernel (another state
// size, another number of entry points) is refused and replaced. Every
// directory is under the build tree (RESIN_TEST_TMP).
#include "resin/cache/CompileCache.h"
#include "resin/engine/Engine.h"
#include "resin/parity/Parity.h"
#include "resin/passes/PassManager.h"
#include "resin/registry/EngineRegistry.h"
#include "resin/syntax/Load.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

namespace {

namespace fs = std::filesystem;
using namespace resin;
using namespace resin::cache;

const std::vector<std::string> kBaselineEngines = {"jit-baseline-scalar", "jit-baseline-f32x4",
                                                   "jit-baseline-f32x8", "jit-baseline-f32x16",
                                                   "jit-baseline"};

bool hostRunsBaseline() {
  auto names = hostEngineNames();
  return std::find(names.begin(), names.end(), "jit-baseline") != names.end();
}

std::string freshDirectory(const std::string &name) {
  std::string dir = std::string(RESIN_TEST_TMP) + "/" + name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

Graph optimized(const fs::path &file) {
  auto graph = loadFile(file.string());
  REQUIRE(graph);
  REQUIRE(runPipeline(*graph, pipelineForLevel(2)));
  return std::move(*graph);
}

EngineOptions cachedIn(const std::string &dir) {
  EngineOptions options;
  options.cache = {true, dir};
  return options;
}

/// Samples of `p` for seeded noise on every input, in blocks of 100.
std::vector<std::vector<float>> runAudio(AudioProcessor &p, size_t inputs, int64_t length) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> uniform(-1, 1);
  std::vector<std::vector<float>> in(inputs, std::vector<float>(length));
  for (auto &channel : in)
    for (float &v : channel)
      v = uniform(rng);
  std::vector<std::vector<float>> out(p.numOutputs(), std::vector<float>(length));
  p.init();
  for (int64_t at = 0; at < length; at += 100) {
    int64_t len = std::min<int64_t>(100, length - at);
    std::vector<const float *> ins;
    std::vector<float *> outs;
    for (auto &channel : in)
      ins.push_back(channel.data() + at);
    for (auto &channel : out)
      outs.push_back(channel.data() + at);
    p.process(ins.data(), outs.data(), len);
  }
  return out;
}

/// Samples of a field: a row of 300 points and four single points.
std::vector<float> runField(const FieldEvaluator &f) {
  std::vector<float> got(300);
  f.row(-2.0f, 0.0137f, 0.3f, 0.1f, 0.0f, got.data(), 300);
  for (float x : {-1.5f, 0.0f, 0.25f, 7.0f})
    got.push_back(f.eval(x, 0.5f, 0.1f, 0.0f));
  return got;
}

int64_t differing(const std::vector<float> &a, const std::vector<float> &b) {
  REQUIRE(a.size() == b.size());
  int64_t count = 0;
  for (size_t i = 0; i < a.size(); ++i)
    count += !parity::sameValue(a[i], b[i]);
  return count;
}

/// The one entry in `dir`.
std::string onlyEntry(const std::string &dir) {
  std::vector<std::string> entries;
  for (const auto &file : fs::directory_iterator(dir))
    entries.push_back(file.path().string());
  REQUIRE(entries.size() == 1);
  return entries[0];
}

/// The key stored in an entry's header (bytes 32 to 48: CompileCache.cpp).
CacheKey keyOf(const std::string &entryBytes) {
  CacheKey key;
  REQUIRE(entryBytes.size() >= 48);
  std::memcpy(key.data(), entryBytes.data() + 32, key.size());
  return key;
}

std::string readAll(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

} // namespace

TEST_CASE("baseline: every graph at every width, a miss and then a hit, both equal to interp") {
  if (!hostRunsBaseline())
    return; // no AVX2 and FMA: the tier does not exist here
  std::string dir = freshDirectory("baseline-every");
  EngineOptions cached = cachedIn(dir);
  size_t files = 0, hits = 0;
  for (const auto &item : fs::directory_iterator(RESIN_GRAPHS_DIR)) {
    if (item.path().extension() != ".graph" && item.path().extension() != ".field")
      continue;
    ++files;
    Graph graph = optimized(item.path());
    for (const std::string &engine : kBaselineEngines) {
      CAPTURE(item.path().filename().string());
      CAPTURE(engine);
      if (graph.isField()) {
        auto miss = makeFieldEvaluator(engine, graph, cached);
        auto hit = makeFieldEvaluator(engine, graph, cached);
        auto interp = makeFieldEvaluator("interp", graph);
        REQUIRE(miss);
        REQUIRE(hit);
        REQUIRE(interp);
        CHECK((*miss)->compileReport()->cache == "miss");
        CHECK((*hit)->compileReport()->cache == "hit");
        std::vector<float> want = runField(**interp);
        CHECK(differing(runField(**miss), want) == 0);
        CHECK(differing(runField(**hit), want) == 0);
        hits += (*hit)->compileReport()->cache == "hit";
        continue;
      }
      auto miss = makeAudioProcessor(engine, graph, cached);
      auto hit = makeAudioProcessor(engine, graph, cached);
      auto interp = makeAudioProcessor("interp", graph);
      REQUIRE(miss);
      REQUIRE(hit);
      REQUIRE(interp);
      const CompileReport &first = *(*miss)->compileReport(), &second = *(*hit)->compileReport();
      CHECK(first.cache == "miss");
      CHECK(second.cache == "hit");
      CHECK(second.width == first.width);
      CHECK(second.stateSize == first.stateSize);
      size_t inputs = (*interp)->numInputs();
      auto want = runAudio(**interp, inputs, 2000);
      auto fromMiss = runAudio(**miss, inputs, 2000), fromHit = runAudio(**hit, inputs, 2000);
      REQUIRE(want.size() == fromHit.size());
      for (size_t c = 0; c < want.size(); ++c) {
        CHECK(differing(fromMiss[c], want[c]) == 0);
        CHECK(differing(fromHit[c], want[c]) == 0);
      }
      hits += second.cache == "hit";
    }
  }
  CHECK(files >= 10);
  CHECK(hits == files * kBaselineEngines.size());
}

TEST_CASE("baseline: an entry that does not fit the kernel is refused, said and replaced") {
  if (!hostRunsBaseline())
    return;
  Graph graph = optimized(fs::path(RESIN_GRAPHS_DIR) / "echo.graph");
  auto interp = makeAudioProcessor("interp", graph);
  REQUIRE(interp);
  auto want = runAudio(**interp, (*interp)->numInputs(), 2000);

  // Each forgery rewrites the stored entry under its own key with a valid
  // checksum, so only the tier's own checks can refuse it.
  struct Forgery {
    const char *what;
    void (*forge)(CacheEntry &);
  };
  const Forgery forgeries[] = {
      {"another state size", [](CacheEntry &e) { e.stateSize += 8; }},
      {"another width", [](CacheEntry &e) { e.width = 4; }},
      {"two entry points for audio", [](CacheEntry &e) { e.code[0] = 2; }},
      {"an entry point outside the code",
       [](CacheEntry &e) { std::memset(e.code.data() + 8, 0x7f, 8); }},
      {"no code", [](CacheEntry &e) { e.code.resize(16); }},
  };
  for (const Forgery &forgery : forgeries) {
    CAPTURE(forgery.what);
    std::string dir = freshDirectory("baseline-forged");
    EngineOptions cached = cachedIn(dir);
    REQUIRE(makeAudioProcessor("jit-baseline", graph, cached));
    std::string path = onlyEntry(dir);
    std::string bytes = readAll(path);
    CacheKey key = keyOf(bytes);
    auto entry = decodeEntry(bytes, key);
    REQUIRE(entry);
    forgery.forge(*entry);
    {
      std::ofstream out(path, std::ios::binary | std::ios::trunc);
      out << encodeEntry(key, *entry);
    }
    auto again = makeAudioProcessor("jit-baseline", graph, cached);
    REQUIRE(again);
    const CompileReport &report = *(*again)->compileReport();
    CHECK(report.cache == "miss");
    CHECK(report.cacheProblem == "the compile cache entry " + path +
                                     " could not be used (damaged or foreign); compiled again "
                                     "and replaced");
    auto got = runAudio(**again, (*interp)->numInputs(), 2000);
    for (size_t c = 0; c < want.size(); ++c)
      CHECK(differing(got[c], want[c]) == 0);
    auto third = makeAudioProcessor("jit-baseline", graph, cached);
    REQUIRE(third);
    CHECK((*third)->compileReport()->cache == "hit");
    CHECK((*third)->compileReport()->cacheProblem.empty());
  }
}

TEST_CASE("baseline: an unwritable directory is a miss that compiles and says why") {
  if (!hostRunsBaseline())
    return;
  Graph graph = optimized(fs::path(RESIN_GRAPHS_DIR) / "tremolo.graph");
  auto processor = makeAudioProcessor("jit-baseline", graph, cachedIn("/proc/resin-no-such-dir"));
  REQUIRE(processor);
  const CompileReport &report = *(*processor)->compileReport();
  CHECK(report.cache == "miss");
  CHECK(report.cacheProblem.rfind("cannot store in the compile cache: /proc/resin-no-such-dir",
                                  0) == 0);
}

TEST_CASE("baseline and LLVM tier entries of one graph are two entries") {
  if (!hostRunsBaseline())
    return;
  std::string dir = freshDirectory("baseline-beside-jit");
  EngineOptions cached = cachedIn(dir);
  Graph graph = optimized(fs::path(RESIN_GRAPHS_DIR) / "tremolo.graph");
  auto jit = makeAudioProcessor("jit", graph, cached);
  auto baseline = makeAudioProcessor("jit-baseline", graph, cached);
  REQUIRE(jit);
  REQUIRE(baseline);
  CHECK((*baseline)->compileReport()->cache == "miss");
  size_t entries = std::distance(fs::directory_iterator(dir), fs::directory_iterator());
  CHECK(entries == 2);
}
