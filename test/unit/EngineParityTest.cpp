// native == interp bit for bit on every graph and field in graphs/, for
// random inputs and random block splits; block-size invariance of both.
#include "TestUtil.h"

#include "resin/engine/Engine.h"
#include "resin/parity/Parity.h"
#include "resin/registry/EngineRegistry.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <random>

namespace resin::test {

namespace {

std::vector<std::filesystem::path> exampleFiles(std::string_view extension) {
  std::vector<std::filesystem::path> files;
  for (const auto &entry : std::filesystem::directory_iterator(RESIN_GRAPHS_DIR))
    if (entry.path().extension() == extension)
      files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

using parity::sameValue;

using Channels = std::vector<std::vector<float>>;

/// Runs `engine` over `inputs` in blocks whose lengths come from `blockRng`
/// (1..max), or in one block when `blockRng` is null.
Channels runAudio(const Graph &graph, std::string_view engine, const Channels &inputs,
                  size_t length, std::mt19937 *blockRng, const EngineOptions &options = {}) {
  auto processor = makeAudioProcessor(engine, graph, options);
  REQUIRE(processor);
  Channels outputs((*processor)->numOutputs(), std::vector<float>(length));
  size_t start = 0;
  while (start < length) {
    size_t block = length - start;
    if (blockRng)
      block = std::min(block, size_t(std::uniform_int_distribution<int>(0, 700)(*blockRng)));
    std::vector<const float *> in;
    std::vector<float *> out;
    for (const auto &c : inputs)
      in.push_back(c.data() + start);
    for (auto &c : outputs)
      out.push_back(c.data() + start);
    (*processor)->process(in.data(), out.data(), int64_t(block));
    start += block;
  }
  return outputs;
}

/// The first index where two runs differ, or -1.
int64_t firstDifference(const Channels &a, const Channels &b) {
  for (size_t c = 0; c < a.size(); ++c)
    for (size_t i = 0; i < a[c].size(); ++i)
      if (!sameValue(a[c][i], b[c][i]))
        return int64_t(i);
  return -1;
}

} // namespace

TEST_CASE("every engine equals interp bit for bit on every audio graph, in random block splits") {
  std::mt19937 rng(20261124);
  for (const auto &path : exampleFiles(".graph")) {
    auto graph = loadFile(path.string());
    REQUIRE_MESSAGE(graph, path);
    const size_t length = 20000;
    Channels inputs(graph->inputsByChannel().size(), std::vector<float>(length));
    std::uniform_real_distribution<float> uniform(-1, 1);
    for (auto &channel : inputs)
      for (float &v : channel)
        v = uniform(rng);
    for (MathMode math : {MathMode::Precise, MathMode::Fast}) {
      EngineOptions options;
      options.math = math;
      Channels reference = runAudio(*graph, "interp", inputs, length, nullptr, options);
      CAPTURE(path.filename().string());
      // The output is not silent (a broken engine that outputs zeros would
      // otherwise agree with a broken interpreter that does the same).
      bool anyNonZero = false;
      for (float v : reference.at(0))
        anyNonZero |= v != 0;
      CHECK(anyNonZero);
      CHECK(firstDifference(reference, runAudio(*graph, "interp", inputs, length, &rng, options)) ==
            -1);
      for (std::string_view engine : hostEngineNames()) {
        CAPTURE(engine);
        CHECK(firstDifference(reference,
                              runAudio(*graph, engine, inputs, length, nullptr, options)) == -1);
        CHECK(firstDifference(reference, runAudio(*graph, engine, inputs, length, &rng, options)) ==
              -1);
      }
    }
  }
}

TEST_CASE("init() resets every engine to n = 0 with empty delay lines") {
  auto graph = loadFile(std::string(RESIN_GRAPHS_DIR) + "/echo.graph");
  REQUIRE(graph);
  for (std::string_view engine : hostEngineNames()) {
    auto processor = makeAudioProcessor(engine, *graph);
    REQUIRE(processor);
    std::vector<float> in(5000, 0.25f), first(5000), second(5000);
    const float *inPtr[] = {in.data(), in.data()};
    float *outFirst[] = {first.data()}, *outSecond[] = {second.data()};
    (*processor)->process(inPtr, outFirst, 5000);
    (*processor)->init();
    (*processor)->process(inPtr, outSecond, 5000);
    CHECK(first == second);
  }
}

TEST_CASE("every engine equals interp on every field, by row and by point") {
  for (const auto &path : exampleFiles(".field")) {
    auto field = loadFile(path.string());
    REQUIRE_MESSAGE(field, path);
    CAPTURE(path.filename().string());
    auto interp = makeFieldEvaluator("interp", *field);
    REQUIRE(interp);
    for (std::string_view engine : hostEngineNames()) {
      CAPTURE(engine);
      auto other = makeFieldEvaluator(engine, *field);
      REQUIRE(other);
      const int width = 301; // more than one span of the native engine, plus a tail
      std::vector<float> a(width), b(width);
      for (int j = 0; j < 40; ++j) {
        float y = -3.0f + 0.173f * float(j), x0 = -2.5f, dx = 0.0371f;
        (*interp)->row(x0, dx, y, 0.5f, 0.25f * float(j), a.data(), width);
        (*other)->row(x0, dx, y, 0.5f, 0.25f * float(j), b.data(), width);
        for (int i = 0; i < width; ++i) {
          REQUIRE(sameValue(a[i], b[i]));
          float x = x0 + float(i) * dx;
          REQUIRE(sameValue(a[i], (*other)->eval(x, y, 0.5f, 0.25f * float(j))));
        }
      }
    }
  }
}

TEST_CASE("asking for an unknown engine or the wrong kind is an error") {
  auto graph = loadFile(std::string(RESIN_GRAPHS_DIR) + "/tremolo.graph");
  auto field = loadFile(std::string(RESIN_GRAPHS_DIR) + "/perlin.field");
  REQUIRE(graph);
  REQUIRE(field);
  auto unknown = makeAudioProcessor("warp-drive", *graph);
  REQUIRE(!unknown);
  CHECK(contains(unknown.errors()[0].message, "unknown engine 'warp-drive'"));
  CHECK(contains(unknown.errors()[0].message, "interp, native"));
  CHECK(!makeAudioProcessor("interp", *field));
  CHECK(!makeFieldEvaluator("native", *graph));
}

} // namespace resin::test

namespace resin::test {

TEST_CASE("audio engines flush subnormals unless told not to; fields never do") {
  Graph graph = parseOk("input x\noutput x * 1.5\n", SourceFormat::GraphText);
  Graph field = parseOk("x * 1.5", SourceFormat::FieldText);
  const float subnormal = 1e-40f;
  for (std::string_view engine : hostEngineNames()) {
    CAPTURE(engine);
    for (bool flush : {true, false}) {
      EngineOptions options;
      options.flushDenormals = flush;
      auto processor = makeAudioProcessor(engine, graph, options);
      REQUIRE(processor);
      float in = subnormal, out = -1;
      const float *inPtr[] = {&in};
      float *outPtr[] = {&out};
      (*processor)->process(inPtr, outPtr, 1);
      CHECK(out == (flush ? 0.0f : subnormal * 1.5f));
      auto evaluator = makeFieldEvaluator(engine, field, options);
      REQUIRE(evaluator);
      CHECK((*evaluator)->eval(subnormal, 0, 0, 0) == subnormal * 1.5f);
    }
  }
}

} // namespace resin::test
