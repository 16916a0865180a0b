// The `finite` op and recovery from non-finite values (docs/reliability.md,
// "Non-finite values"):
// - finite's values (NaN and +-inf give +0, -0 stays -0, subnormals and
//   FLT_MAX pass), with and without DAZ, and what the passes do with it;
// - what a NaN or infinity burst does to each stateful op, exactly as the
//   documentation states it (stays forever, or passes through and leaves);
// - a biquad fed a NaN burst stays NaN for good, and recovers with `finite`
//   before it (or with --sanitize's guards): finite afterwards, equal bit
//   for bit to the run with zeros in place of the burst, and within 1e-6
//   of the clean run once the burst's ringing has died down;
// each run on several engines (the biquad test: every engine the host
// runs), each equal to interp bit for bit.
#include "TestUtil.h"

#include "resin/engine/Engine.h"
#include "resin/parity/Parity.h"
#include "resin/passes/PassManager.h"
#include "resin/passes/RangeAnalysis.h"
#include "resin/passes/Sanitize.h"
#include "resin/registry/EngineRegistry.h"
#include "resin/semantics/PureOps.h"
#include "resin/support/FloatEnv.h"

#include <cfloat>
#include <cmath>
#include <cstring>
#include <limits>

namespace resin::test {

namespace {

using Channels = std::vector<std::vector<float>>;
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

uint32_t bitsOf(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  return u;
}

float finiteOf(float x) {
  OpConstants k{};
  return semantics::evalPure<float>(Op::Finite, &x, k, MathMode::Precise);
}

/// interp, native and the widest JIT: enough where the point is the op's
/// behaviour (the parity tests cover every width on every op).
std::vector<std::string_view> someEngines() {
  return {"interp", "native", "jit"};
}

/// One channel in, every output out, one block; the same run on each engine
/// (default: every one the host runs) must equal interp's bit for bit.
/// Returns interp's output.
Channels runEveryEngine(const Graph &graph, const std::vector<float> &input,
                        const std::vector<std::string_view> &engines = hostEngineNames()) {
  Channels reference;
  for (std::string_view engine : engines) {
    INFO("engine " << engine);
    auto processor = makeAudioProcessor(engine, graph);
    REQUIRE(processor);
    REQUIRE((*processor)->numInputs() == 1);
    Channels out((*processor)->numOutputs(), std::vector<float>(input.size()));
    std::vector<float *> outPointers;
    for (auto &c : out)
      outPointers.push_back(c.data());
    const float *in = input.data();
    (*processor)->process(&in, outPointers.data(), int64_t(input.size()));
    if (reference.empty()) {
      REQUIRE(engine == "interp");
      reference = out;
      continue;
    }
    size_t mismatches = 0;
    for (size_t c = 0; c < out.size(); ++c)
      for (size_t i = 0; i < input.size(); ++i)
        mismatches += !parity::sameValue(out[c][i], reference[c][i]);
    CHECK(mismatches == 0);
  }
  return reference;
}

/// A 0.3-amplitude sine, with `burst` in [start, start + length).
std::vector<float> burstInput(size_t size, float burst, size_t start = 1000, size_t length = 16) {
  std::vector<float> in(size);
  for (size_t i = 0; i < size; ++i)
    in[i] = i >= start && i < start + length ? burst : 0.3f * std::sin(0.05f * float(i));
  return in;
}

/// The first index from which every sample is finite (size() when the last
/// one is not).
size_t finiteFrom(const std::vector<float> &v) {
  size_t i = v.size();
  while (i > 0 && std::isfinite(v[i - 1]))
    --i;
  return i;
}

size_t countNonFinite(const std::vector<float> &v) {
  size_t n = 0;
  for (float f : v)
    n += !std::isfinite(f);
  return n;
}

Graph audio(const std::string &body) {
  return parseOk("input x\n" + body, SourceFormat::GraphText);
}

} // namespace

TEST_CASE("finite: NaN and +-inf give +0 while finite values, -0 and subnormals pass bit for bit") {
  for (bool daz : {false, true}) {
    INFO("FTZ/DAZ " << daz);
    ScopedFlushDenormals env(daz);
    CHECK(bitsOf(finiteOf(kNaN)) == 0u);
    CHECK(bitsOf(finiteOf(-kNaN)) == 0u);
    CHECK(bitsOf(finiteOf(kInf)) == 0u);
    CHECK(bitsOf(finiteOf(-kInf)) == 0u);
    for (float x : {0.0f, -0.0f, 1.0f, -2.5f, FLT_MAX, -FLT_MAX, FLT_MIN, 1e-40f, -1e-45f})
      CHECK(bitsOf(finiteOf(x)) == bitsOf(x));
  }
}

TEST_CASE("finite: text, field and JSON forms read it, fold-const folds it, range analysis knows "
          "it has no NaN and elim-identity drops it only when its input is finite") {
  Graph field = parseOk("finite(x) * 2", SourceFormat::FieldText);
  Graph json = parseOk(R"({"format": "resin-field/1", "expr": {"Mul": [{"Finite": "X"},
                       {"Constant": 2}]}})",
                       SourceFormat::Json);
  CHECK(field.isField());
  CHECK(json.isField());

  // finite of an input: kept (the input may be NaN), and never NaN itself.
  Graph g = audio("y = finite(x)\noutput y, finite(tanh(x)), finite(1.5)\n");
  std::vector<ValueRange> ranges = analyzeRanges(g);
  for (NodeId id = 0; id < g.size(); ++id)
    if (g[id].op == Op::Finite)
      CHECK_FALSE(ranges[id].mayBeNaN);
  REQUIRE(runPipeline(g, pipelineForLevel(2)));
  size_t finites = 0, consts = 0;
  for (const Node &n : g.nodes) {
    finites += n.op == Op::Finite;
    consts += n.op == Op::Const;
  }
  // finite(x) and finite(tanh(x)) stay (tanh(NaN) is NaN); finite(1.5)
  // folds to the const 1.5.
  CHECK(finites == 2);
  CHECK(consts == 1);

  // finite of a value known finite and not NaN: removed.
  Graph bounded = audio("output finite(clip(x, -1, 1) * 0.5)\n");
  REQUIRE(runPipeline(bounded, pipelineForLevel(2)));
  for (const Node &n : bounded.nodes)
    CHECK(n.op != Op::Finite);
  // And finite(finite(x)) is one finite.
  Graph twice = audio("output finite(finite(x))\n");
  REQUIRE(runPipeline(twice, pipelineForLevel(2)));
  size_t count = 0;
  for (const Node &n : twice.nodes)
    count += n.op == Op::Finite;
  CHECK(count == 1);
}

TEST_CASE("non-finite values: a biquad fed a NaN burst stays NaN forever but with finite before it "
          "recovers to the clean response (every engine)") {
  const size_t kSize = 12000;
  const std::string filter = "biquad(kind=lowpass, freq=1000, q=2)";
  Graph plain = audio("output x -> " + filter + "\n");
  Graph guarded = audio("output x -> finite() -> " + filter + "\n");

  for (float burst : {kNaN, kInf, -kInf}) {
    INFO("burst " << burst);
    std::vector<float> in = burstInput(kSize, burst);
    std::vector<float> plainOut = runEveryEngine(plain, in)[0];
    // Poisoned from the burst on, for good.
    CHECK(finiteFrom(plainOut) == kSize);
    CHECK(countNonFinite(plainOut) == kSize - 1000);

    std::vector<float> out = runEveryEngine(guarded, in)[0];
    CHECK(countNonFinite(out) == 0);
    // finite turns the burst into zeros: the same as feeding zeros.
    std::vector<float> zeros = burstInput(kSize, 0.0f);
    std::vector<float> zeroOut = runEveryEngine(plain, zeros)[0];
    size_t differ = 0;
    for (size_t i = 0; i < kSize; ++i)
      differ += bitsOf(out[i]) != bitsOf(zeroOut[i]);
    CHECK(differ == 0);
    // And the missing samples' ringing dies away: back to the clean response.
    std::vector<float> clean(kSize);
    for (size_t i = 0; i < kSize; ++i)
      clean[i] = 0.3f * std::sin(0.05f * float(i));
    std::vector<float> cleanOut = runEveryEngine(plain, clean)[0];
    double early = 0, late = 0;
    for (size_t i = 1000; i < 1100; ++i)
      early = std::max(early, double(std::fabs(out[i] - cleanOut[i])));
    for (size_t i = 4000; i < kSize; ++i)
      late = std::max(late, double(std::fabs(out[i] - cleanOut[i])));
    CHECK(early > 1e-3); // the burst did change the output
    CHECK(late < 1e-6);
  }
}

TEST_CASE("non-finite values: what a NaN or infinity burst does to each stateful op, as "
          "docs/reliability.md states it (every engine)") {
  const size_t kSize = 6000, kStart = 1000, kLength = 16;
  struct Case {
    std::string op;
    // Non-finite output samples: -1 means from the burst to the end.
    long expected;
  };
  const Case cases[] = {
      {"onepole(mode=lowpass, cutoff=500)", -1},
      {"onepole(mode=highpass, cutoff=500)", -1},
      {"onepole(mode=lowpass, cutoff=0)", -1},
      {"biquad(kind=highpass, freq=300)", -1},
      {"biquad(kind=raw, b0=1, b1=0, b2=0, a1=0, a2=0)", -1},
      {"allpass1(coeff=0.5)", -1},
      {"allpass1(coeff=0)", -1},
      {"envelope(attack=0.01, release=0.1)", -1},
      {"envelope(attack=0, release=0)", -1},
      // A delay line holds the burst and lets it go: the same samples, later.
      {"delay(100)", long(kLength)},
      // vdelay interpolates two taps, and a + 0*(NaN - a) is NaN: one more.
      {"vdelay(time=37, max=100)", long(kLength) + 1},
      {"vdelay(time=37.25, max=100)", long(kLength) + 1},
  };
  for (const Case &c : cases) {
    for (float burst : {kNaN, kInf, -kInf}) {
      INFO(c.op << " with a burst of " << burst);
      std::vector<float> out = runEveryEngine(audio("output x -> " + c.op + "\n"),
                                              burstInput(kSize, burst), someEngines())[0];
      if (c.expected < 0) {
        CHECK(finiteFrom(out) == kSize);
        CHECK(countNonFinite(out) == kSize - kStart);
      } else {
        CHECK(countNonFinite(out) == size_t(c.expected));
        CHECK(finiteFrom(out) < kStart + 200);
      }
      // With finite before it, nothing non-finite comes out.
      std::vector<float> guarded = runEveryEngine(audio("output x -> finite() -> " + c.op + "\n"),
                                                  burstInput(kSize, burst), someEngines())[0];
      CHECK(countNonFinite(guarded) == 0);
    }
  }
  // A non-finite vdelay time is harmless: NaN reads 1 sample back, +-inf
  // the ends of the line; the line itself never sees it.
  for (float time : {kNaN, kInf, -kInf}) {
    INFO("vdelay time " << time);
    Graph g = audio("s = osc(freq=100)\noutput vdelay(s, x, max=50)\n");
    std::vector<float> out = runEveryEngine(g, burstInput(kSize, time), someEngines())[0];
    CHECK(countNonFinite(out) == 0);
  }
  // A delay on a feedback loop keeps the burst circulating for good: the
  // 16 samples come back every 300 samples, 17 times before the end.
  Graph loop = audio("echo = x + delay(echo, 300) * 0.5\noutput echo\n");
  std::vector<float> echo = runEveryEngine(loop, burstInput(kSize, kNaN), someEngines())[0];
  CHECK(countNonFinite(echo) == 17 * kLength);
  CHECK(!std::isfinite(echo[kStart + 16 * 300 + kLength - 1]));
}

TEST_CASE("--sanitize's guards: one finite per source feeding stateful nodes, and the guarded "
          "graph recovers where the plain one stays poisoned (every engine)") {
  Graph g = audio("lp = x -> onepole(mode=lowpass, cutoff=800)\n"
                  "bq = x -> biquad(kind=peak, freq=2000, gain_db=6)\n"
                  "echo = lp + delay(echo, 200) * 0.5\n"
                  "env = bq -> envelope(attack=0.001, release=0.05)\n"
                  "k = onepole(0.25, mode=lowpass, cutoff=100)\n"
                  "output echo + env + k\n");
  const size_t before = g.size();
  const size_t added = insertFiniteGuards(g);
  // x (read by onepole and biquad), the echo sum (delay), bq (envelope);
  // onepole(0.25) reads an unwired value: no guard.
  CHECK(added == 3);
  CHECK(g.size() == before + 3);
  for (const Node &n : g.nodes) {
    if (!n.info().isStateful())
      continue;
    if (n.wired(0))
      CHECK(g[n.inputs[0]].op == Op::Finite);
  }
  // Guarding twice adds nothing.
  CHECK(insertFiniteGuards(g) == 0);

  Graph plain = audio("lp = x -> onepole(mode=lowpass, cutoff=800)\n"
                      "echo = lp + delay(echo, 200) * 0.5\n"
                      "output echo\n");
  Graph guarded = plain;
  insertFiniteGuards(guarded);
  std::vector<float> in = burstInput(8000, kNaN);
  CHECK(finiteFrom(runEveryEngine(plain, in)[0]) == 8000);
  CHECK(countNonFinite(runEveryEngine(guarded, in)[0]) == 0);
}

} // namespace resin::test
