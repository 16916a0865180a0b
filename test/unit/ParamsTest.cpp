// Params (docs/reference/graph-format.md, "Params"): declarations in every
// form and their round trips, the range analysis of const params bound to
// them, and the engines' semantics: a param set before a run equals the
// literal, a change applies from its sample, automation equals split
// blocks, and an oscillator's phase runs on across a frequency change.
#include "TestUtil.h"

#include "resin/engine/Automation.h"
#include "resin/passes/PassManager.h"
#include "resin/registry/EngineRegistry.h"
#include "resin/semantics/OpConstants.h"
#include "resin/syntax/FieldJson.h"
#include "resin/syntax/GraphJson.h"
#include "resin/syntax/TextPrinter.h"

#include <cmath>
#include <cstring>
#include <vector>

namespace resin::test {
namespace {

const char *kSweep = "param cutoff = 800 [20, 8000]\n"
                     "param res = 0.75 [0.5, 4] smooth 10ms\n"
                     "param level = 0.5\n"
                     "input x\n"
                     "lp = biquad(x, kind=lowpass, freq=cutoff * 2, q=res)\n"
                     "env = envelope(lp, attack=res / 100, release=0.05)\n"
                     "output lp * level + env\n";

/// The output of `engine` on `graph` for a fixed noise input, in blocks of
/// `block`, with `events` applied.
std::vector<float> runEngine(const std::string &engine, const Graph &graph, int64_t length,
                             int64_t block, const std::vector<ParamEvent> &events = {}) {
  auto processor = makeAudioProcessor(engine, graph);
  REQUIRE(processor);
  std::vector<float> in(static_cast<size_t>(length)), out(static_cast<size_t>(length));
  uint32_t seed = 12345;
  for (float &v : in) {
    seed = seed * 1664525u + 1013904223u;
    v = float(int32_t(seed >> 8) - (1 << 23)) / float(1 << 23);
  }
  (*processor)->init();
  size_t next = 0;
  for (int64_t pos = 0; pos < length; pos += block) {
    int64_t n = std::min(block, length - pos);
    const float *inp[1] = {in.data() + pos};
    float *outp[1] = {out.data() + pos};
    REQUIRE(processAutomated(**processor, inp, outp, n, pos, events, next));
  }
  return out;
}

bool sameBitsAll(const std::vector<float> &a, const std::vector<float> &b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

TEST_CASE("params: declared in text, printed back in every form, the same IR") {
  Graph g = parseOk(kSweep, SourceFormat::GraphText);
  REQUIRE(g.params.size() == 3);
  CHECK(g.params[0].name == "cutoff");
  CHECK(g.params[0].defaultValue == 800.0f);
  CHECK(g.params[0].hasRange);
  CHECK(g.params[0].min == 20);
  CHECK(g.params[0].max == 8000);
  CHECK(g.params[1].smoothSeconds == doctest::Approx(0.01));
  CHECK(!g.params[2].hasRange);
  std::string text = printGraphText(g);
  CHECK(contains(text, "param cutoff = 800 [20, 8000]\n"));
  CHECK(contains(text, "freq=cutoff * 2"));
  CHECK(contains(text, "attack=res / 100"));
  Graph fromText = parseOk(text, SourceFormat::GraphText);
  std::string why;
  CHECK_MESSAGE(sameIR(g, fromText, &why), why);
  std::string json = printGraphJson(g);
  CHECK(contains(json, "\"freq\":\"cutoff * 2\""));
  Graph fromJson = parseOk(json, SourceFormat::Json);
  CHECK_MESSAGE(sameIR(g, fromJson, &why), why);
}

TEST_CASE("params: fields declare them like a let and read them as a variable") {
  Graph f = parseOk("param scale = 4 [0.5, 64];\nlet a = x * scale;\nperlin2(a, y * scale)",
                    SourceFormat::FieldText);
  REQUIRE(f.params.size() == 1);
  std::string text = printFieldText(f);
  CHECK(contains(text, "param scale = 4 [0.5, 64];\n"));
  std::string why;
  CHECK_MESSAGE(sameIR(f, parseOk(text, SourceFormat::FieldText), &why), why);
  std::string json = printFieldJson(f);
  CHECK(contains(json, "{\"Var\":\"scale\"}"));
  CHECK_MESSAGE(sameIR(f, parseOk(json, SourceFormat::Json), &why), why);
}

TEST_CASE("params: expressions print with the parentheses their shape needs") {
  std::vector<ParamDecl> params(2);
  params[0].name = "a";
  params[1].name = "b";
  auto p = [](uint32_t i) { return ParamExpr::ofParam(i); };
  auto n = [](double v) { return ParamExpr::ofNumber(v); };
  auto op = [](ParamExpr::Kind k, ParamExpr l, ParamExpr r) {
    return ParamExpr{k, 0, 0, {std::move(l), std::move(r)}};
  };
  using K = ParamExpr::Kind;
  CHECK(formatParamExpr(op(K::Div, op(K::Add, p(0), p(1)), n(2)), params) == "(a + b) / 2");
  CHECK(formatParamExpr(op(K::Sub, p(0), op(K::Sub, p(1), n(1))), params) == "a - (b - 1)");
  CHECK(formatParamExpr(op(K::Mul, n(-2), p(0)), params) == "-2 * a");
  CHECK(formatParamExpr(op(K::Sub, p(0), n(-2)), params) == "a - (-2)");
  for (const char *written : {"(a + b) / 2", "a - (b - 1)", "-2 * a", "a - (-2)", "a / b / 2"}) {
    std::string graph = std::string("param a = 1 [1, 2]\nparam b = 1 [1, 2]\ninput x\n") +
                        "output biquad(x, kind=raw, b0=" + written + ")\n";
    Graph g = parseOk(graph, SourceFormat::GraphText);
    std::string why;
    CHECK_MESSAGE(sameIR(g, parseOk(printGraphText(g), SourceFormat::GraphText), &why),
                  written << ": " << why);
  }
}

TEST_CASE("params: a const param must stay in range for every value of its params") {
  std::string nyquist = firstError("param c = 800 [20, 12000]\ninput x\n"
                                   "output biquad(x, kind=lowpass, freq=c * 2)\n",
                                   SourceFormat::GraphText);
  CHECK(contains(nyquist, "test:3:37:"));
  CHECK(contains(nyquist, "param 'freq' of 'biquad' expression (biquad) = c * 2 spans [40, "
                          "24000] over 'c' [20, 12000]; it must stay below Nyquist"));
  std::string unbounded = firstError(
      "param c = 800\ninput x\noutput onepole(x, lowpass, cutoff=c)\n", SourceFormat::GraphText);
  CHECK(contains(unbounded, "over 'c' any finite number; it must stay in [0, inf)"));
  std::string divide =
      firstError("param c = 1 [-1, 1]\ninput x\noutput onepole(x, lowpass, cutoff=100 / c)\n",
                 SourceFormat::GraphText);
  CHECK(contains(divide, "spans [-inf, inf]"));
  CHECK(contains(firstError("param d = 10 [1, 100]\ninput x\noutput delay(x, samples=d)\n",
                            SourceFormat::GraphText),
                 "'samples' of 'delay' expression cannot take a param"));
  CHECK(contains(firstError("param d = 1 [0, 1]\noutput const(value=d)\n", SourceFormat::GraphText),
                 "'value' of 'const' expression cannot take a param"));
  CHECK(contains(
      firstError("param d = 0.5 [0, 1]\noutput osc(freq=100, phase=d)\n", SourceFormat::GraphText),
      "'phase' of 'osc' expression cannot take a param"));
  CHECK(contains(
      firstError("param d = 10 [100, 1]\ninput x\noutput x * d\n", SourceFormat::GraphText),
      "a range is two finite numbers, the lower first"));
  CHECK(contains(
      firstError("param d = 1000 [1, 100]\ninput x\noutput x * d\n", SourceFormat::GraphText),
      "param 'd''s default 1000 is outside [1, 100]"));
  CHECK(contains(firstError("param x = 1\ninput x\noutput x\n", SourceFormat::GraphText),
                 "'x' is already declared as a param at 1:7"));
}

TEST_CASE("params: a param set before the run gives the literal's bits, in every C++ engine") {
  for (const char *engine : {"interp", "native"}) {
    Graph withParam = parseOk(kSweep, SourceFormat::GraphText);
    REQUIRE(withParam.setParamDefault(0, 1234.5f));
    REQUIRE(withParam.setParamDefault(1, 2.25f));
    Graph literal = parseOk("input x\n"
                            "lp = biquad(x, kind=lowpass, freq=1234.5 * 2, q=2.25)\n"
                            "env = envelope(lp, attack=2.25 / 100, release=0.05)\n"
                            "output lp * 0.5 + env\n",
                            SourceFormat::GraphText);
    CHECK_MESSAGE(
        sameBitsAll(runEngine(engine, withParam, 3000, 256), runEngine(engine, literal, 3000, 256)),
        engine);
    CHECK(!withParam.setParamDefault(0, 9000.0f)); // outside [20, 8000]
    CHECK(!withParam.setParamDefault(2, INFINITY));
  }
}

TEST_CASE("params: automation equals blocks split at its events, in every engine and block size") {
  Graph g = parseOk(kSweep, SourceFormat::GraphText);
  std::vector<ParamEvent> events = {{0, 0, 100.0f}, {1, 2, 0.25f},    {255, 0, 4000.0f},
                                    {256, 1, 3.0f}, {256, 0, 300.0f}, {777, 2, -1.0f},
                                    {1999, 1, 0.5f}};
  std::vector<float> reference = runEngine("interp", g, 2000, 2000, events);
  // The same changes by hand between blocks.
  auto processor = makeAudioProcessor("interp", g);
  REQUIRE(processor);
  std::vector<float> byHand = runEngine("interp", g, 2000, 1, events);
  CHECK(sameBitsAll(reference, byHand));
  for (const char *engine : {"interp", "native"})
    for (int64_t block : {1, 7, 64, 128, 333, 2000})
      CHECK_MESSAGE(sameBitsAll(reference, runEngine(engine, g, 2000, block, events)),
                    engine << " block " << block);
  // A change does something: without the events the output differs.
  CHECK(!sameBitsAll(reference, runEngine("interp", g, 2000, 2000)));
}

TEST_CASE("params: setParam refuses what the param does not accept, and init() resets") {
  Graph g = parseOk(kSweep, SourceFormat::GraphText);
  for (const char *engine : {"interp", "native"}) {
    auto processor = makeAudioProcessor(engine, g);
    REQUIRE(processor);
    AudioProcessor &p = **processor;
    CHECK(p.setParam(0, 1000.0f));
    CHECK(p.param(0) == 1000.0f);
    CHECK(!p.setParam(0, 10.0f)); // below 20
    CHECK(!p.setParam(0, NAN));   // not finite
    CHECK(!p.setParam(7, 1.0f));  // no such param
    CHECK(p.param(0) == 1000.0f);
    CHECK(p.setParam(2, -1e30f)); // no range: any finite value
    p.init();
    CHECK(p.param(0) == 800.0f);
    CHECK(p.param(2) == 0.5f);
  }
}

TEST_CASE("params: an oscillator's phase runs on across a frequency change") {
  Graph g =
      parseOk("param f = 1000 [1, 20000]\noutput osc(freq=f, wave=saw)\n", SourceFormat::GraphText);
  std::vector<ParamEvent> events = {{100, 0, 3000.0f}};
  for (const char *engine : {"interp", "native"}) {
    auto processor = makeAudioProcessor(engine, g);
    REQUIRE(processor);
    std::vector<float> out(200);
    float *outp[1] = {out.data()};
    (*processor)->init();
    size_t next = 0;
    REQUIRE(processAutomated(**processor, nullptr, outp, 200, 0, events, next));
    // The documented accumulator, in double.
    double phaseAt100 = 100 * (1000.0 / 44100);
    phaseAt100 -= std::floor(phaseAt100);
    for (int n : {0, 50, 99, 100, 101, 150, 199}) {
      double v = n < 100 ? n * (1000.0 / 44100) : phaseAt100 + (n - 100) * (3000.0 / 44100);
      float p = float(v - std::floor(v));
      CHECK_MESSAGE(out[size_t(n)] == 2.0f * p - 1.0f, engine << " n=" << n);
    }
  }
}

TEST_CASE("params: fields read params, and setParam changes what they compute") {
  Graph f = parseOk("param scale = 4 [0.5, 64];\nx * scale + y", SourceFormat::FieldText);
  for (const char *engine : {"interp", "native"}) {
    auto field = makeFieldEvaluator(engine, f);
    REQUIRE(field);
    CHECK((*field)->eval(0.5f, 1, 0, 0) == 3.0f);
    CHECK((*field)->setParam(0, 10.0f));
    CHECK((*field)->eval(0.5f, 1, 0, 0) == 6.0f);
    CHECK(!(*field)->setParam(0, 100.0f));
  }
}

TEST_CASE("params: the passes keep the params and what reads them") {
  Graph g = parseOk(kSweep, SourceFormat::GraphText);
  REQUIRE(runPipeline(g, pipelineForLevel(3)));
  CHECK(g.params.size() == 3);
  CHECK(g.readsParams());
  std::vector<ParamEvent> events = {{10, 0, 2000.0f}, {500, 2, 0.125f}};
  Graph unoptimized = parseOk(kSweep, SourceFormat::GraphText);
  std::vector<float> a = runEngine("interp", g, 1000, 100, events);
  std::vector<float> b = runEngine("interp", unoptimized, 1000, 100, events);
  for (size_t i = 0; i < a.size(); ++i)
    REQUIRE(std::fabs(a[i] - b[i]) <= 1e-5f * (1 + std::fabs(b[i])));
}

} // namespace
} // namespace resin::test

namespace resin::test {
namespace {

TEST_CASE("params: smoothing ramps a change linearly over round(seconds x rate) samples") {
  Graph g =
      parseOk("sample_rate 1000\nparam g = 0.5 [0, 1] smooth 10ms\ninput x\noutput g + x * 0\n",
              SourceFormat::GraphText);
  std::vector<ParamEvent> events = {{5, 0, 1.0f}, {30, 0, 0.0f}, {33, 0, 0.25f}};
  for (const char *engine : {"interp", "native"})
    for (int64_t block : {1, 3, 16, 100}) {
      std::vector<float> out = runEngine(engine, g, 60, block, events);
      for (int n = 0; n < 5; ++n)
        CHECK(out[size_t(n)] == 0.5f);
      for (int k = 0; k < 10; ++k) {
        float want = k + 1 < 10 ? 0.5f + (1.0f - 0.5f) * (float(k + 1) / 10.0f) : 1.0f;
        CHECK_MESSAGE(out[size_t(5 + k)] == want, engine << " block " << block << " k " << k);
      }
      CHECK(out[29] == 1.0f);
      // A change during a ramp starts a new one from where the param is.
      float at32 = 1.0f + (0.0f - 1.0f) * (3.0f / 10.0f);
      CHECK(out[32] == at32);
      CHECK(out[33] == at32 + (0.25f - at32) * (1.0f / 10.0f));
      CHECK(out[42] == 0.25f);
      CHECK(out[59] == 0.25f);
    }
  CHECK(contains(firstError("param s = 1 smooth 0.005;\nx * s", SourceFormat::FieldText),
                 "param 's' smooths, but a field has no time to ramp over"));
}

} // namespace
} // namespace resin::test
