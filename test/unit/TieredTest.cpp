// Tiered execution (tiered/TieredEngines.h): the switch from the baseline
// tier to the optimizing tier changes no sample. For every audio graph in
// graphs/ and every pair of widths the host runs, the switch is forced
// before each block of a sweep in turn (blocks of 100 samples, so every
// width also meets its tail), and the output must equal interp's bit for
// bit. An injected failure of the optimizing compile keeps the baseline
// running and is reported; fields switch between rows likewise.
#include "resin/engine/Engine.h"
#include "resin/registry/EngineRegistry.h"
#include "resin/syntax/Load.h"
#include "resin/tiered/TieredEngines.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <thread>

namespace resin::test {

namespace {

constexpr int64_t kSamples = 1000, kBlock = 100; // ten blocks

/// An engine lent to a tiered run: the test compiles each optimizing engine
/// once and hands it to every run of the sweep.
class Borrowed final : public AudioProcessor {
public:
  explicit Borrowed(AudioProcessor &engine) : engine_(engine) {}
  std::string_view engine() const override { return engine_.engine(); }
  bool setParam(uint32_t index, float value) override { return engine_.setParam(index, value); }
  float param(uint32_t index) const override { return engine_.param(index); }
  size_t numInputs() const override { return engine_.numInputs(); }
  size_t numOutputs() const override { return engine_.numOutputs(); }
  void init() override { engine_.init(); }
  void process(const float *const *in, float *const *out, int64_t len) override {
    engine_.process(in, out, len);
  }
  std::span<std::byte> kernelState() override { return engine_.kernelState(); }

private:
  AudioProcessor &engine_;
};
class BorrowedField final : public FieldEvaluator {
public:
  explicit BorrowedField(const FieldEvaluator &engine) : engine_(engine) {}
  std::string_view engine() const override { return engine_.engine(); }
  bool setParam(uint32_t, float) override { return false; } // borrowed: read-only
  float param(uint32_t index) const override { return engine_.param(index); }
  float eval(float x, float y, float z, float t) const override { return engine_.eval(x, y, z, t); }
  void row(float x0, float dx, float y, float z, float t, float *out, int64_t len) const override {
    engine_.row(x0, dx, y, z, t, out, len);
  }

private:
  const FieldEvaluator &engine_;
};

bool hostRuns(std::string_view engine) {
  auto names = hostEngineNames();
  return std::find(names.begin(), names.end(), engine) != names.end();
}

/// (first tier, optimizing tier) pairs of the same width, and the default pair.
std::vector<std::pair<std::string, std::string>> widthPairs() {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (std::string_view width : {"scalar", "f32x4", "f32x8", "f32x16"}) {
    std::string first = "jit-baseline-" + std::string(width), next = "jit-" + std::string(width);
    if (hostRuns(first) && hostRuns(next))
      pairs.emplace_back(first, next);
  }
  if (hostRuns("jit-baseline") && hostRuns("jit"))
    pairs.emplace_back("jit-baseline", "jit");
  return pairs;
}

std::vector<Graph> graphsOfKind(bool fields) {
  std::vector<std::filesystem::path> paths;
  for (const auto &entry : std::filesystem::directory_iterator(RESIN_GRAPHS_DIR))
    if (entry.path().extension() == (fields ? ".field" : ".graph"))
      paths.push_back(entry.path());
  std::sort(paths.begin(), paths.end());
  std::vector<Graph> graphs;
  for (const auto &path : paths) {
    auto graph = loadFile(path.string());
    REQUIRE(graph);
    graphs.push_back(std::move(*graph));
  }
  return graphs;
}

/// Runs `engine` from init() over kSamples of a fixed noise input in blocks
/// of kBlock; returns every output channel, one after the other.
std::vector<float> runBlocks(AudioProcessor &engine) {
  std::vector<std::vector<float>> in(engine.numInputs(), std::vector<float>(kSamples));
  uint32_t seed = 12345;
  for (auto &channel : in)
    for (float &v : channel) {
      seed = seed * 1664525u + 1013904223u;
      v = float(int32_t(seed >> 8) - (1 << 23)) / float(1 << 23);
    }
  std::vector<std::vector<float>> out(engine.numOutputs(), std::vector<float>(kSamples));
  engine.init();
  for (int64_t at = 0; at < kSamples; at += kBlock) {
    std::vector<const float *> ins;
    std::vector<float *> outs;
    for (auto &channel : in)
      ins.push_back(channel.data() + at);
    for (auto &channel : out)
      outs.push_back(channel.data() + at);
    engine.process(ins.data(), outs.data(), std::min(kBlock, kSamples - at));
  }
  std::vector<float> all;
  for (auto &channel : out)
    all.insert(all.end(), channel.begin(), channel.end());
  return all;
}

bool sameBits(const std::vector<float> &a, const std::vector<float> &b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

} // namespace

TEST_CASE("tiered: a switch before any block of a sweep changes no sample, at every width") {
  auto pairs = widthPairs();
  REQUIRE(!pairs.empty());
  for (const Graph &graph : graphsOfKind(false)) {
    auto reference = makeAudioProcessor("interp", graph);
    REQUIRE(reference);
    std::vector<float> expected = runBlocks(**reference);
    for (const auto &[firstName, nextName] : pairs) {
      auto next = makeAudioProcessor(nextName, graph);
      REQUIRE(next);
      AudioProcessor &optimizing = **next;
      for (int64_t k = 0; k < kSamples / kBlock; ++k) {
        CAPTURE(graph.name);
        CAPTURE(firstName);
        CAPTURE(k);
        auto first = makeAudioProcessor(firstName, graph);
        REQUIRE(first);
        EngineOptions options;
        options.switchTierAt = k;
        auto tiered = tiered::makeTieredProcessorFrom(
            std::move(*first),
            [&optimizing]() -> Result<std::unique_ptr<AudioProcessor>> {
              return std::unique_ptr<AudioProcessor>(std::make_unique<Borrowed>(optimizing));
            },
            options);
        CHECK(sameBits(runBlocks(*tiered), expected));
        CHECK(tiered->tierSummary().find("from blocks " + std::to_string(k) + " ") !=
              std::string::npos);
      }
    }
  }
}

TEST_CASE("tiered: the registry's engine matches interp, waits when asked, and survives a "
          "failed optimizing compile") {
  if (!tiered::hostRunsBothTiers())
    return;
  for (const Graph &graph : graphsOfKind(false)) {
    CAPTURE(graph.name);
    auto reference = makeAudioProcessor("interp", graph);
    REQUIRE(reference);
    std::vector<float> expected = runBlocks(**reference);

    EngineOptions waiting;
    waiting.waitForOptimized = true;
    auto waited = makeAudioProcessor("tiered", graph, waiting);
    REQUIRE(waited);
    CHECK(sameBits(runBlocks(**waited), expected));
    CHECK((*waited)->tierSummary().find("jit from blocks 0 ") != std::string::npos);

    ::setenv("RESIN_TEST_FAIL_OPTIMIZED", "1", 1);
    EngineOptions atThree;
    atThree.switchTierAt = 3;
    auto failing = makeAudioProcessor("tiered", graph, atThree);
    ::unsetenv("RESIN_TEST_FAIL_OPTIMIZED");
    REQUIRE(failing);
    CHECK(sameBits(runBlocks(**failing), expected));
    std::string summary = (*failing)->tierSummary();
    CHECK(summary.find("jit-baseline ran all 10 blocks") != std::string::npos);
    CHECK(summary.find("the optimizing tier failed (injected failure") != std::string::npos);
  }
}

TEST_CASE("tiered: an engine dropped before its switch leaves no compile running") {
  if (!tiered::hostRunsBothTiers())
    return;
  for (const Graph &graph : graphsOfKind(false)) {
    CAPTURE(graph.name);
    {
      auto dropped = makeAudioProcessor("tiered", graph);
      REQUIRE(dropped);
    }
    // Joined, not detached: a program may return from main right here.
    CHECK(tiered::backgroundCompilesRunning() == 0);
  }
}

TEST_CASE("tiered: fields switch between rows without changing a value, at every width") {
  auto pairs = widthPairs();
  REQUIRE(!pairs.empty());
  constexpr int kRows = 6, kWidth = 37;
  for (const Graph &field : graphsOfKind(true)) {
    auto reference = makeFieldEvaluator("interp", field);
    REQUIRE(reference);
    auto rows = [&](const FieldEvaluator &engine) {
      std::vector<float> image(kRows * kWidth);
      for (int j = 0; j < kRows; ++j)
        engine.row(-1.5f, 0.0811f, 0.37f * float(j) - 1.0f, 0.25f, 0.5f, image.data() + j * kWidth,
                   kWidth);
      return image;
    };
    std::vector<float> expected = rows(**reference);
    for (const auto &[firstName, nextName] : pairs) {
      auto next = makeFieldEvaluator(nextName, field);
      REQUIRE(next);
      const FieldEvaluator &optimizing = **next;
      for (int k = 0; k < kRows; ++k) {
        CAPTURE(field.name);
        CAPTURE(firstName);
        CAPTURE(k);
        auto first = makeFieldEvaluator(firstName, field);
        REQUIRE(first);
        EngineOptions options;
        options.switchTierAt = k;
        auto tiered = tiered::makeTieredFieldFrom(
            std::move(*first),
            [&optimizing]() -> Result<std::unique_ptr<FieldEvaluator>> {
              return std::unique_ptr<FieldEvaluator>(std::make_unique<BorrowedField>(optimizing));
            },
            options);
        CHECK(sameBits(rows(*tiered), expected));
        CHECK(tiered->tierSummary().find("from calls " + std::to_string(k) + " ") !=
              std::string::npos);
      }
    }
  }
}

TEST_CASE("tiered: rows from several threads while the optimizing tier arrives") {
  if (!tiered::hostRunsBothTiers())
    return;
  // Four threads render rows of each field from one tiered engine that
  // switches whenever its worker is done (the run under ThreadSanitizer,
  // scripts/test-thread-sanitized, is the point); every row must equal
  // interp's, whichever tier made it.
  constexpr int kThreads = 4, kRows = 40, kWidth = 64;
  for (const Graph &field : graphsOfKind(true)) {
    CAPTURE(field.name);
    auto reference = makeFieldEvaluator("interp", field);
    REQUIRE(reference);
    auto tiered = makeFieldEvaluator("tiered", field);
    REQUIRE(tiered);
    std::vector<std::vector<float>> got(kThreads, std::vector<float>(kRows * kWidth));
    {
      std::vector<std::jthread> threads;
      for (int k = 0; k < kThreads; ++k)
        threads.emplace_back([&, k] {
          for (int j = 0; j < kRows; ++j)
            (*tiered)->row(-1.0f, 0.031f, 0.05f * float(j) - 1.0f, 0.0f, 0.25f * float(k),
                           got[size_t(k)].data() + j * kWidth, kWidth);
        });
    }
    for (int k = 0; k < kThreads; ++k) {
      std::vector<float> expected(kRows * kWidth);
      for (int j = 0; j < kRows; ++j)
        (*reference)
            ->row(-1.0f, 0.031f, 0.05f * float(j) - 1.0f, 0.0f, 0.25f * float(k),
                  expected.data() + j * kWidth, kWidth);
      CHECK(sameBits(got[size_t(k)], expected));
    }
  }
}

} // namespace resin::test
