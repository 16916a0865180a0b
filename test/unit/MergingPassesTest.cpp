// cse, merge-delay and contract through the interpreter: cse and merge-delay
// keep every output bit for bit (random inputs with NaN, infinities, signed
// zeros and subnormals mixed in), contract stays within 1e-6*(1+|ref|) on
// moderate inputs, and cse + dce handle a graph of 100k nodes quickly.
#include "TestUtil.h"

#include "resin/engine/Engine.h"
#include "resin/ir/Verifier.h"
#include "resin/passes/PassManager.h"
#include "resin/registry/EngineRegistry.h"

#include <chrono>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>

namespace resin::test {

namespace {

using Channels = std::vector<std::vector<float>>;

bool sameBits(float a, float b) {
  if (std::isnan(a) && std::isnan(b))
    return true;
  uint32_t x, y;
  std::memcpy(&x, &a, 4);
  std::memcpy(&y, &b, 4);
  return x == y;
}

/// Random samples in [-scale, scale]; with `special`, about one in eight is
/// NaN, +-inf, +-0, a subnormal or a huge value.
Channels randomInputs(size_t channels, size_t length, uint32_t seed, float scale, bool special) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> uniform(-scale, scale);
  const float specials[] = {std::numeric_limits<float>::quiet_NaN(),
                            std::numeric_limits<float>::infinity(),
                            -std::numeric_limits<float>::infinity(),
                            0.0f,
                            -0.0f,
                            1e-40f,
                            -1e-40f,
                            3e38f,
                            -3e38f,
                            1.0f};
  Channels in(channels, std::vector<float>(length));
  for (auto &channel : in)
    for (float &v : channel)
      v = special && rng() % 8 == 0 ? specials[rng() % std::size(specials)] : uniform(rng);
  return in;
}

Channels runInterp(const Graph &graph, const Channels &inputs, size_t length) {
  auto processor = makeAudioProcessor("interp", graph);
  REQUIRE(processor);
  Channels outputs((*processor)->numOutputs(), std::vector<float>(length));
  std::vector<const float *> in;
  std::vector<float *> out;
  for (const auto &c : inputs)
    in.push_back(c.data());
  for (auto &c : outputs)
    out.push_back(c.data());
  (*processor)->process(in.data(), out.data(), int64_t(length));
  return outputs;
}

Graph optimized(const Graph &graph, std::string_view pipeline, bool allowValueChanges) {
  Graph g = graph;
  PipelineOptions options;
  options.context.allowValueChanges = allowValueChanges;
  auto stats = runPipeline(g, pipeline, options);
  REQUIRE_MESSAGE(stats, (stats ? "" : stats.errors()[0].str()));
  return g;
}

size_t countOp(const Graph &graph, Op op) {
  size_t n = 0;
  for (const Node &node : graph.nodes)
    n += node.op == op;
  return n;
}

/// Runs `graph` before and after `pipeline` (value changes off) on random
/// inputs with special values; every output sample must agree bit for bit.
void checkBitExact(const std::string &text, std::string_view pipeline) {
  Graph before = parseOk(text, SourceFormat::GraphText);
  Graph after = optimized(before, pipeline, false);
  CHECK(after.size() < before.size()); // the pass did something
  const size_t length = 4000;
  for (uint32_t seed : {1u, 2u, 3u}) {
    Channels in = randomInputs(before.inputsByChannel().size(), length, seed, 4, true);
    Channels a = runInterp(before, in, length), b = runInterp(after, in, length);
    REQUIRE(a.size() == b.size());
    for (size_t c = 0; c < a.size(); ++c)
      for (size_t i = 0; i < length; ++i)
        if (!sameBits(a[c][i], b[c][i]))
          FAIL("output " << c << " sample " << i << ": " << a[c][i] << " before, " << b[c][i]
                         << " after " << pipeline);
  }
}

} // namespace

TEST_CASE("cse: audio graphs keep every output bit for bit") {
  checkBitExact(R"(
input x
input y
a = sin(x * 3) + sin(x * 3) + gain(x, -0.0) + gain(x, 0.0) + gain(x, 0.0)
b = osc(freq=440) * noise(seed=3) + osc(freq=440) * noise(seed=3) + time() - time()
c = min(x, y) / max(x, y) + min(x, y) / max(x, y) + sqrt(y) * sqrt(y)
d = onepole(x, lowpass, 500) - onepole(x, lowpass, 500)
output a
output b
output c
output d
)",
                "cse,dce");
  SUBCASE("inside feedback loops") {
    checkBitExact(R"(
input x
d = delay(fb, 3)
fb = x * 0.25 + tanh(d * 0.5) + tanh(d * 0.5)
e = delay(fb, 3)
g = tanh(d * 0.5) + tanh(e * 0.5) + x * 0.25
output fb
output g
)",
                  "cse,dce");
  }
}

TEST_CASE("cse: a field keeps every value bit for bit and repeats are computed once") {
  Graph before = parseOk("let a = sin(x * 3) * cos(y + 1);\n"
                         "let b = sin(x * 3) * cos(y + 1);\n"
                         "a + b + perlin2(x, y) * perlin2(x, y) + sin(x * 3) / (z - t)",
                         SourceFormat::FieldText);
  Graph after = optimized(before, "cse,dce", false);
  CHECK(countOp(before, Op::Sin) == 3);
  CHECK(countOp(after, Op::Sin) == 1);
  CHECK(countOp(after, Op::Perlin2) == 1);
  auto f = makeFieldEvaluator("interp", before);
  auto g = makeFieldEvaluator("interp", after);
  REQUIRE(f);
  REQUIRE(g);
  Channels points = randomInputs(4, 3000, 7, 10, true);
  for (size_t i = 0; i < 3000; ++i) {
    float x = points[0][i], y = points[1][i], z = points[2][i], t = points[3][i];
    float want = (*f)->eval(x, y, z, t), got = (*g)->eval(x, y, z, t);
    if (!sameBits(want, got))
      FAIL("at (" << x << ", " << y << ", " << z << ", " << t << "): " << want << " vs " << got);
  }
}

TEST_CASE("cse merges nodes listed readers first") {
  // Nodes in reverse order: output, add, two sins, two gains, input.
  Graph g;
  NodeId out = g.addNode(Op::Output);
  NodeId add = g.addNode(Op::Add);
  NodeId sin1 = g.addNode(Op::Sin), sin2 = g.addNode(Op::Sin);
  NodeId gain1 = g.addNode(Op::Gain), gain2 = g.addNode(Op::Gain);
  NodeId x = g.addNode(Op::Input, "x");
  g[out].inputs[0] = add;
  g[add].inputs = {sin2, sin1};
  g[sin1].inputs[0] = gain1;
  g[sin2].inputs[0] = gain2;
  g[gain1].inputs[0] = x;
  g[gain2].inputs[0] = x;
  g[gain1].values[1] = g[gain2].values[1] = 3;
  REQUIRE(verifyGraph(g, "reversed").empty());
  Graph after = optimized(g, "cse,dce", false);
  CHECK(after.size() == 5);
  CHECK(countOp(after, Op::Sin) == 1);
}

TEST_CASE("merge-delay keeps every output bit for bit") {
  checkBitExact(R"(
input x
input y
a = delay(delay(delay(x, 10), 20), 30)
b = delay(delay(y * 2, 1), 1) + delay(delay(x, 7), 0)
fb = x + delay(delay(fb, 3), 4) * 0.5
c = delay(delay(3, 5), 6)
output a
output b
output fb
output c
)",
                "merge-delay,dce");
  Graph g = optimized(parseOk("input x\ny = delay(delay(delay(x, 10), 20), 30)\noutput y\n",
                              SourceFormat::GraphText),
                      "merge-delay,dce", false);
  CHECK(countOp(g, Op::Delay) == 1);
}

TEST_CASE("merge-delay leaves a shared middle delay and the limit alone") {
  Graph shared = parseOk("input x\nm = delay(x, 3)\ny = delay(m, 5)\noutput m\noutput y\n",
                         SourceFormat::GraphText);
  Graph g = optimized(shared, "merge-delay,dce", false);
  CHECK(countOp(g, Op::Delay) == 2);
  std::string over =
      "input x\ny = delay(delay(x, " + std::to_string(kMaxDelaySamples - 5) + "), 6)\noutput y\n";
  CHECK(countOp(optimized(parseOk(over, SourceFormat::GraphText), "merge-delay,dce", false),
                Op::Delay) == 2);
}

TEST_CASE("contract stays within 1e-6*(1+|ref|) and makes fmas") {
  Graph before = parseOk(R"(
input x
input y
input z
a = x * y + z
b = z + x * y
c = x -> gain(0.37) -> offset(0.21)
d = affine(x, 1.7, -0.3)
e = x + gain(y, 0.6)
output a
output b
output c
output d
output e
)",
                         SourceFormat::GraphText);
  Graph after = optimized(before, "contract,dce", true);
  CHECK(countOp(after, Op::Fma) == 5);
  CHECK(countOp(after, Op::Mul) + countOp(after, Op::Gain) + countOp(after, Op::Affine) == 0);
  // A vdelay time or a floor input is left alone (the change would be amplified).
  Graph sensitive = optimized(
      parseOk("input x\ny = vdelay(x, affine(osc(freq=1), 200, 800), 1000) + floor(x * x + x)\n"
              "output y\n",
              SourceFormat::GraphText),
      "contract,dce", true);
  CHECK(countOp(sensitive, Op::Fma) == 0);
  // Value changes off: nothing happens.
  CHECK(countOp(optimized(before, "contract,dce", false), Op::Fma) == 0);
  const size_t length = 20000;
  Channels in = randomInputs(3, length, 11, 2, false);
  Channels a = runInterp(before, in, length), b = runInterp(after, in, length);
  size_t differ = 0;
  for (size_t c = 0; c < a.size(); ++c)
    for (size_t i = 0; i < length; ++i) {
      CHECK(std::fabs(a[c][i] - b[c][i]) <= 1e-6 * (1 + std::fabs(a[c][i])));
      differ += !sameBits(a[c][i], b[c][i]);
    }
  MESSAGE(differ << " of " << a.size() * length << " samples differ in the last bits");
}

TEST_CASE("cse + dce on a 100k-node graph in well under a second") {
  // x, then per step: two gain(v, 3), two sin of them, their add (5 nodes);
  // cse leaves one gain and one sin per step.
  Graph g;
  NodeId v = g.addNode(Op::Input, "x");
  const size_t steps = (kMaxNodes - 2) / 5;
  for (size_t i = 0; i < steps; ++i) {
    NodeId sins[2];
    for (NodeId &s : sins) {
      NodeId gain = g.addNode(Op::Gain);
      g[gain].inputs[0] = v;
      g[gain].values[1] = 0.5 + double(i % 3);
      s = g.addNode(Op::Sin);
      g[s].inputs[0] = gain;
    }
    NodeId add = g.addNode(Op::Add);
    g[add].inputs = {sins[0], sins[1]};
    v = add;
  }
  NodeId out = g.addNode(Op::Output);
  g[out].inputs[0] = v;
  REQUIRE(g.size() <= kMaxNodes);
  REQUIRE(g.size() > kMaxNodes - 5);
  Graph before = g;
  auto start = std::chrono::steady_clock::now();
  PipelineOptions options;
  options.context.allowValueChanges = false;
  auto stats = runPipeline(g, "cse,dce", options);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  REQUIRE(stats);
  MESSAGE("cse + dce on " << before.size() << " nodes: " << seconds << " s");
  CHECK(seconds < 1.0);
  CHECK(g.size() == 2 + 3 * steps);
  const size_t length = 64;
  Channels in = randomInputs(1, length, 5, 3, true);
  Channels a = runInterp(before, in, length), b = runInterp(g, in, length);
  for (size_t i = 0; i < length; ++i)
    CHECK(sameBits(a[0][i], b[0][i]));
}

} // namespace resin::test
