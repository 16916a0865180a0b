// Params in the compiled engines: every engine of the host that runs a graph
// with params, with setParam calls between blocks of random sizes, gives
// interp's output bit for bit (the control area of the kernel's state,
// engine/KernelControls.h, follows every change), and tiered hands the
// params from tier to tier with the state.
#include "TestUtil.h"

#include "resin/cache/CompileCache.h"
#include "resin/registry/EngineRegistry.h"

#include <cstring>
#include <random>
#include <vector>

namespace resin::test {
namespace {

// Every op whose constants a param can change, a param read as a signal,
// and a delay (the state before the control area).
const char *kStateful = "param cutoff = 800 [20, 8000]\n"
                        "param res = 0.75 [0.5, 4]\n"
                        "param level = 0.5 [0, 0.9]\n"
                        "param f = 220 [1, 2000]\n"
                        "input x\n"
                        "lp = biquad(x, kind=lowpass, freq=cutoff * 2, q=res)\n"
                        "hp = onepole(lp, cutoff=cutoff, mode=highpass)\n"
                        "ap = allpass1(hp, coeff=level - 0.1)\n"
                        "env = envelope(lp, attack=res / 100, release=0.05)\n"
                        "o = osc(freq=f, wave=pulse, duty=level)\n"
                        "s = osc(freq=f * 3, wave=sine)\n"
                        "d = delay(ap, samples=20)\n"
                        "output lp * level + env + d + (o + s) * 0.1\n";
// No state: the unrolled pure kernel with its zero-padded last pass.
const char *kPure = "param g = 0.5 [0, 1]\n"
                    "param f = 440 [1, 2000]\n"
                    "input x\n"
                    "output x * g + osc(freq=f, wave=saw) * (g * 2)\n";

struct Change {
  uint32_t param;
  float value;
};
struct Block {
  int64_t length;
  std::vector<Change> changes; // made before the block
};

/// Blocks of 1 to 300 samples (1 often: changes at consecutive samples),
/// each after 0 to 3 random changes of params inside their ranges.
std::vector<Block> randomSchedule(const Graph &g, int64_t total, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<Block> blocks;
  for (int64_t done = 0; done < total;) {
    Block b;
    b.length = std::min<int64_t>(total - done, rng() % 4 == 0 ? 1 : 1 + rng() % 300);
    for (unsigned c = rng() % 4; c > 0; --c) {
      uint32_t p = uint32_t(rng() % g.params.size());
      double u = double(rng()) / double(std::mt19937::max());
      b.changes.push_back({p, float(g.params[p].min + u * (g.params[p].max - g.params[p].min))});
    }
    blocks.push_back(b);
    done += b.length;
  }
  return blocks;
}

std::vector<float> runBlocks(AudioProcessor &p, const std::vector<Block> &blocks, int64_t total) {
  std::vector<float> in(size_t(total), 0.0f), out(size_t(total), 0.0f);
  uint32_t seed = 777;
  for (float &v : in) {
    seed = seed * 1664525u + 1013904223u;
    v = float(int32_t(seed >> 8) - (1 << 23)) / float(1 << 23);
  }
  p.init();
  int64_t pos = 0;
  for (const Block &b : blocks) {
    for (const Change &c : b.changes)
      REQUIRE(p.setParam(c.param, c.value));
    const float *inp[1] = {in.data() + pos};
    float *outp[1] = {out.data() + pos};
    p.process(inp, outp, b.length);
    pos += b.length;
  }
  return out;
}

bool sameBitsAll(const std::vector<float> &a, const std::vector<float> &b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

TEST_CASE("compiled params: setParam between blocks of random sizes gives interp's bits") {
  for (const char *text : {kStateful, kPure}) {
    Graph g = parseOk(text, SourceFormat::GraphText);
    const int64_t total = 3000;
    for (uint32_t seed : {1u, 2u, 3u}) {
      std::vector<Block> blocks = randomSchedule(g, total, seed);
      auto reference = makeAudioProcessor("interp", g);
      REQUIRE(reference);
      std::vector<float> expected = runBlocks(**reference, blocks, total);
      // The changes matter: without them the output differs.
      std::vector<Block> still = blocks;
      for (Block &b : still)
        b.changes.clear();
      CHECK(!sameBitsAll(expected, runBlocks(**reference, still, total)));
      unsigned jitRan = 0;
      for (std::string_view engine : hostEngineNames()) {
        auto processor = makeAudioProcessor(engine, g);
        REQUIRE_MESSAGE(processor, engine);
        jitRan += engine.starts_with("jit");
        std::vector<float> got = runBlocks(**processor, blocks, total);
        CHECK_MESSAGE(sameBitsAll(got, expected), engine << " seed " << seed);
      }
      CHECK(jitRan >= 4); // jit-scalar, jit, jit-baseline-scalar, jit-baseline at least
    }
  }
}

TEST_CASE("compiled params: tiered hands the params over at its switch, bit for bit") {
  Graph g = parseOk(kStateful, SourceFormat::GraphText);
  const int64_t total = 3000;
  std::vector<Block> blocks = randomSchedule(g, total, 4);
  REQUIRE(blocks.size() > 12);
  auto reference = makeAudioProcessor("interp", g);
  REQUIRE(reference);
  std::vector<float> expected = runBlocks(**reference, blocks, total);
  for (int64_t at : {0, 3, 12}) {
    EngineOptions options;
    options.switchTierAt = at;
    auto processor = makeAudioProcessor("tiered", g, options);
    REQUIRE(processor);
    CHECK_MESSAGE(sameBitsAll(runBlocks(**processor, blocks, total), expected), "switch at " << at);
    std::string summary = (*processor)->tierSummary();
    CHECK_MESSAGE(contains(summary, "from blocks " + std::to_string(at)), summary);
  }
}

TEST_CASE("compiled params: setParam checks, reads back and init() resets in both tiers") {
  Graph g = parseOk(kStateful, SourceFormat::GraphText);
  for (const char *engine : {"jit-scalar", "jit", "jit-baseline-scalar", "jit-baseline"}) {
    auto processor = makeAudioProcessor(engine, g);
    REQUIRE(processor);
    AudioProcessor &p = **processor;
    CHECK(p.param(0) == 800.0f);
    CHECK(p.setParam(0, 1000.0f));
    CHECK(p.param(0) == 1000.0f);
    CHECK(!p.setParam(0, 10.0f)); // below 20
    CHECK(!p.setParam(1, NAN));
    CHECK(!p.setParam(9, 1.0f)); // no such param
    CHECK(p.param(0) == 1000.0f);
    p.init();
    CHECK(p.param(0) == 800.0f);
  }
}

TEST_CASE("compiled params: a param set before the run gives the literal's bits in both tiers") {
  Graph withParam = parseOk(kStateful, SourceFormat::GraphText);
  REQUIRE(withParam.setParamDefault(0, 1234.5f));
  REQUIRE(withParam.setParamDefault(3, 97.0f));
  Graph literal = parseOk("input x\n"
                          "lp = biquad(x, kind=lowpass, freq=1234.5 * 2, q=0.75)\n"
                          "hp = onepole(lp, cutoff=1234.5, mode=highpass)\n"
                          "ap = allpass1(hp, coeff=0.5 - 0.1)\n"
                          "env = envelope(lp, attack=0.75 / 100, release=0.05)\n"
                          "o = osc(freq=97, wave=pulse, duty=0.5)\n"
                          "s = osc(freq=97 * 3, wave=sine)\n"
                          "d = delay(ap, samples=20)\n"
                          "output lp * 0.5 + env + d + (o + s) * 0.1\n",
                          SourceFormat::GraphText);
  std::vector<Block> blocks = {{1000, {}}, {37, {}}, {963, {}}};
  for (const char *engine : {"jit-scalar", "jit", "jit-baseline-scalar", "jit-baseline"}) {
    auto a = makeAudioProcessor(engine, withParam);
    auto b = makeAudioProcessor(engine, literal);
    REQUIRE(a);
    REQUIRE(b);
    CHECK_MESSAGE(sameBitsAll(runBlocks(**a, blocks, 2000), runBlocks(**b, blocks, 2000)), engine);
  }
}

TEST_CASE(
    "compiled params: the compile-cache key holds the params' expressions, not their values") {
  Graph g = parseOk(kStateful, SourceFormat::GraphText);
  cache::CodeTarget target{"LLVM", "znver4", "+avx2"};
  std::string key = cache::cacheKeyText(g, "jit", 8, {}, target);
  Graph set = g;
  REQUIRE(set.setParamDefault(0, 1234.5f));
  CHECK(cache::cacheKeyText(set, "jit", 8, {}, target) == key);
  // A different expression is different code.
  std::string other = kStateful;
  other.replace(other.find("cutoff * 2"), 10, "cutoff * 1.5");
  CHECK(cache::cacheKeyText(parseOk(other, SourceFormat::GraphText), "jit", 8, {}, target) != key);
}

} // namespace
} // namespace resin::test
