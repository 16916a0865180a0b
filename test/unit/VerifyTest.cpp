// Issue 6's sweeps, run through every engine the host runs and compared with
// interp bit for bit (NaN equals NaN, -0 differs from +0):
//
//  - the seed's affine sweep: the 25 buffer sizes 1 .. 2048 x the 11 x 8 = 88
//    gain/offset combinations, as `affine(x, G, O)` and as a 4-node chain
//    gain(G) -> offset(O) -> gain(G) -> offset(O), with sines, noise and edge
//    values (+-0, +-1, subnormals, +-FLT_MIN, +-FLT_MAX, +-inf, NaN) as
//    inputs; each buffer size a fresh init() and one process(), and the whole
//    signal again in random blocks.
//  - every op's params across their ranges: for each op of the table, its
//    params at the low end, middle and high end of their range (every choice
//    of a choice param) and its ports left unwired at low, middle and high
//    values. Audio: one graph per op with one output per instance; fields
//    (ops allowed there): one field per instance, on a grid of rows, random
//    points and edge values.
//
// Graphs run as built (no passes): the ops are exercised as written. Each
// engine is compiled once per graph and reused through init(). Also: the
// verify library on graphs/ (everything passes) and its mismatch report.
#include "RandomGraph.h"
#include "TestUtil.h"

#include "resin/engine/Engine.h"
#include "resin/ir/Verifier.h"
#include "resin/parity/Parity.h"
#include "resin/passes/PassManager.h"
#include "resin/registry/EngineRegistry.h"
#include "resin/syntax/TextPrinter.h"

#include <algorithm>
#include <array>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <limits>
#include <numbers>
#include <sstream>

namespace resin::test {

namespace {

using parity::Channels;
using parity::processAt;
using parity::sameValue;

/// Every engine but interp, `tiered` (its two tiers are here; TieredTest
/// checks the switch), and `jit` and `jit-baseline`: each compiles
/// exactly the kernel of one of its tier's widths (jit: the widest jit-f32xN) (the verify CLI test
/// covers it by name), and the sweeps' time is mostly JIT compiles.
std::vector<std::string_view> testEngines() {
  std::vector<std::string_view> engines;
  for (std::string_view name : hostEngineNames())
    if (name != "interp" && name != "jit" && name != "jit-baseline" && name != "tiered")
      engines.push_back(name);
  return engines;
}

using parity::edgeValues;

std::string show(float v) {
  uint32_t bits;
  std::memcpy(&bits, &v, 4);
  char text[64];
  std::snprintf(text, sizeof text, "%.9g (0x%08x)", double(v), bits);
  return text;
}

using Signal = parity::InputSignal;

/// Every engine against interp on `graph`: each of `sizes` after init(),
/// then the whole signal in random blocks. `outputLabel` names an output
/// channel in a failure. Returns the number of mismatching cases.
int checkAudio(const Graph &graph, const std::string &what, const std::vector<int64_t> &sizes,
               int64_t signalLength,
               const std::function<std::string(size_t)> &outputLabel = nullptr) {
  auto interp = makeAudioProcessor("interp", graph);
  REQUIRE_MESSAGE(interp, what);
  const size_t numInputs = (*interp)->numInputs(), numOutputs = (*interp)->numOutputs();
  std::vector<Signal> inputs = parity::inputSignals(numInputs, signalLength, 1);
  std::vector<Channels> reference;
  for (const Signal &s : inputs) {
    Channels out(numOutputs, std::vector<float>(size_t(signalLength)));
    (*interp)->init();
    processAt(**interp, s.channels, out, 0, signalLength);
    reference.push_back(std::move(out));
  }
  int failures = 0;
  Channels got(numOutputs, std::vector<float>(size_t(signalLength)));
  for (std::string_view engine : testEngines()) {
    auto made = makeAudioProcessor(engine, graph);
    REQUIRE_MESSAGE(made, what << " " << engine);
    AudioProcessor &p = **made;
    Rng blocks(7);
    for (size_t s = 0; s < inputs.size(); ++s) {
      auto compare = [&](int64_t len, const std::string &how) {
        for (size_t ch = 0; ch < numOutputs; ++ch)
          for (int64_t i = 0; i < len; ++i)
            if (!sameValue(reference[s][ch][size_t(i)], got[ch][size_t(i)])) {
              std::ostringstream m;
              m << what << ": engine " << engine << " differs from interp on " << inputs[s].name
                << ", " << how << ": output " << ch
                << (outputLabel ? " (" + outputLabel(ch) + ")" : std::string()) << " sample " << i
                << ": interp " << show(reference[s][ch][size_t(i)]) << ", " << engine << " "
                << show(got[ch][size_t(i)]) << "; inputs:";
              for (const auto &c : inputs[s].channels)
                m << ' ' << show(c[size_t(i)]);
              FAIL_CHECK(m.str());
              ++failures;
              return false;
            }
        return true;
      };
      bool ok = true;
      for (int64_t len : sizes) {
        p.init();
        processAt(p, inputs[s].channels, got, 0, len);
        if (!(ok = compare(len, "one process() of " + std::to_string(len))))
          break;
      }
      if (!ok)
        continue;
      p.init();
      int64_t start = 0;
      while (start < signalLength) {
        int64_t b = std::min<int64_t>(blocks.between(0, 70), signalLength - start);
        processAt(p, inputs[s].channels, got, start, b);
        start += b;
      }
      compare(signalLength, "random blocks");
    }
  }
  return failures;
}

/// Every engine against interp on a field: rows over a grid, random points
/// (eval) and edge values (eval and rows).
int checkField(const Graph &field, const std::string &what) {
  auto interp = makeFieldEvaluator("interp", field);
  REQUIRE_MESSAGE(interp, what);
  const FieldEvaluator &ref = **interp;
  int failures = 0;
  for (std::string_view engine : testEngines()) {
    auto made = makeFieldEvaluator(engine, field);
    REQUIRE_MESSAGE(made, what << " " << engine);
    const FieldEvaluator &e = **made;
    auto fail = [&](const std::string &where, float want, float got) {
      FAIL_CHECK(what << ": engine " << engine << " differs from interp at " << where << ": interp "
                      << show(want) << ", " << engine << " " << show(got) << "\n"
                      << printFieldText(field));
      ++failures;
    };
    bool ok = true;
    std::vector<float> want(67), got(67);
    for (int j = 0; j < 12 && ok; ++j) {
      float y = -5 + float(j) * 0.87f, z = 0.3f * float(j), t = 0.5f * float(j % 3);
      ref.row(-5, 10.0f / 67, y, z, t, want.data(), 67);
      e.row(-5, 10.0f / 67, y, z, t, got.data(), 67);
      for (int i = 0; i < 67 && ok; ++i)
        if (!sameValue(want[size_t(i)], got[size_t(i)])) {
          fail("row y=" + show(y) + " element " + std::to_string(i), want[size_t(i)],
               got[size_t(i)]);
          ok = false;
        }
    }
    std::vector<std::array<float, 4>> points;
    Rng rng(5);
    for (int i = 0; i < 64; ++i)
      points.push_back({float(rng.uniform(-20, 20)), float(rng.uniform(-20, 20)),
                        float(rng.uniform(-5, 5)), float(rng.uniform(0, 10))});
    for (float x : edgeValues())
      for (float y : edgeValues())
        points.push_back({x, y, 0.5f, 0.25f});
    for (const auto &p : points) {
      if (!ok)
        break;
      float a = ref.eval(p[0], p[1], p[2], p[3]), b = e.eval(p[0], p[1], p[2], p[3]);
      if (!sameValue(a, b)) {
        fail("eval(" + show(p[0]) + ", " + show(p[1]) + ", " + show(p[2]) + ", " + show(p[3]) + ")",
             a, b);
        ok = false;
      }
    }
    for (float x0 : edgeValues()) {
      if (!ok)
        break;
      std::vector<float> w(19), g(19);
      ref.row(x0, 0.25f, x0, 0.5f, 0.5f, w.data(), 19);
      e.row(x0, 0.25f, x0, 0.5f, 0.5f, g.data(), 19);
      for (int i = 0; i < 19 && ok; ++i)
        if (!sameValue(w[size_t(i)], g[size_t(i)])) {
          fail("row(x0=y=" + show(x0) + ") element " + std::to_string(i), w[size_t(i)],
               g[size_t(i)]);
          ok = false;
        }
    }
  }
  return failures;
}

Graph parseGraph(const std::string &text) {
  return parseOk(text, SourceFormat::GraphText);
}

std::string number(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", v);
  return text;
}

// ---- op sweep helpers ----------------------------------------------------

/// Low, middle and high values of a param's range (every choice of a choice
/// param). Infinite ends become +-1000 (Nyquist - 1 where the param must be
/// below it); open ends move inside; delay lengths stop at 4096 samples.
std::vector<double> paramValues(const SlotInfo &slot) {
  if (slot.kind == SlotKind::Choice) {
    std::vector<double> v;
    for (size_t i = 0; i < slot.choiceList().size(); ++i)
      v.push_back(double(i));
    return v;
  }
  double lo = std::isfinite(slot.range.lo) ? slot.range.lo : -1000;
  double hi = std::isfinite(slot.range.hi) ? slot.range.hi : 1000;
  if (slot.mustBeBelowNyquist)
    hi = std::min(hi, 22049.0);
  if (slot.kind == SlotKind::Integer && (slot.name == "samples" || slot.name == "max"))
    hi = std::min(hi, 4096.0);
  // 128 octaves are 128 unrolled noise evaluations a point: compiling them
  // for every JIT width took minutes. 20 sweeps past the old limit of 16;
  // cli.limits and the resin corpus run 0, 20 and 128 through the engines.
  if (slot.kind == SlotKind::Integer && slot.name == "octaves")
    hi = std::min(hi, 20.0);
  if (slot.range.loOpen)
    lo = slot.range.lo == 0 ? 1e-3 : lo + (hi - lo) * 1e-3;
  if (slot.range.hiOpen)
    hi = hi - (hi - lo) * 1e-3;
  double mid = slot.hasDefault() && slot.range.contains(slot.defaultValue) ? slot.defaultValue
                                                                           : (lo + hi) / 2;
  std::vector<double> v = {lo, mid, hi};
  if (slot.kind == SlotKind::Integer)
    for (double &x : v)
      x = std::round(x);
  return v;
}

/// A value for a required param.
double requiredValue(const SlotInfo &slot) {
  if (slot.kind == SlotKind::Choice)
    return 0;
  std::vector<double> v = paramValues(slot);
  if (slot.name == "freq" || slot.name == "cutoff")
    return 1000;
  return v[1];
}

/// Fills the op's required params; sets kind=raw on a biquad whose raw
/// coefficient is swept.
void completeValues(Op op, std::vector<double> &values, std::optional<size_t> swept) {
  const OpInfo &info = opInfo(op);
  if (op == Op::Biquad && swept) {
    std::string_view name = info.slots[*swept].name;
    if (name == "b0" || name == "b1" || name == "b2" || name == "a1" || name == "a2")
      values[*info.findSlot("kind")] = *info.slots[*info.findSlot("kind")].choiceIndex("raw");
  }
  for (size_t s = info.numPorts; s < info.slots.size(); ++s) {
    if (swept && s == *swept)
      continue;
    if (std::isnan(values[s]) && slotRequired(op, s, values))
      values[s] = requiredValue(info.slots[s]);
  }
  for (size_t s = info.numPorts; s < info.slots.size(); ++s)
    if (slotForbidden(op, s, values) && !(swept && s == *swept))
      values[s] = std::numeric_limits<double>::quiet_NaN();
}

/// One instance of the sweep: values for every slot, and which ports are
/// unwired (left at their value).
struct Instance {
  std::vector<double> values;
  std::vector<bool> unwired;
  std::string label;
};

std::vector<Instance> instances(Op op) {
  const OpInfo &info = opInfo(op);
  std::vector<Instance> out;
  Instance base;
  for (const SlotInfo &slot : info.slots)
    base.values.push_back(slot.defaultValue);
  base.unwired.assign(info.numPorts, false);
  {
    Instance i = base;
    completeValues(op, i.values, std::nullopt);
    i.label = "every port wired, params at defaults";
    out.push_back(i);
  }
  for (size_t s = 0; s < info.slots.size(); ++s) {
    const SlotInfo &slot = info.slots[s];
    std::vector<double> values =
        slot.isPort() ? std::vector<double>{-100, 0.25, 100} : paramValues(slot);
    for (double v : values) {
      Instance i = base;
      i.values[s] = v;
      if (slot.isPort())
        i.unwired[s] = true;
      completeValues(op, i.values, s);
      i.label = std::string(slot.name) + " = " +
                (slot.kind == SlotKind::Choice ? std::string(slot.choiceName(v)) : number(v)) +
                (slot.isPort() ? " (port unwired)" : "");
      out.push_back(i);
    }
  }
  return out;
}

/// Adds one instance of `op` to `graph`, its ports wired to `inputs` (cycled).
NodeId addInstance(Graph &graph, Op op, const Instance &instance,
                   const std::vector<NodeId> &inputs) {
  NodeId id = graph.addNode(op);
  Node &node = graph[id];
  const OpInfo &info = opInfo(op);
  node.values = instance.values;
  for (size_t p = 0; p < info.numPorts; ++p)
    if (!instance.unwired[p])
      node.inputs[p] = inputs[p % inputs.size()];
  return id;
}

} // namespace

TEST_CASE("verify: a constant whose result is subnormal is flushed by every engine") {
  // exp(-100) is subnormal: under FTZ interp gives 0; LLVM used to fold it
  // at compile time without flushing (found by the op sweep below).
  Graph graph = parseGraph("input x\ny = exp(-100)\noutput y\n");
  CHECK(checkAudio(graph, "exp(-100) under FTZ", {1, 17, 64}, 64) == 0);
}

TEST_CASE("verify sweep: affine gain/offset x 25 buffer sizes through every engine") {
  const std::vector<int64_t> sizes = {1,  2,  3,  4,  5,   7,   8,   9,   15,   16,   17,   31,  32,
                                      33, 63, 64, 65, 127, 128, 255, 256, 1000, 1023, 1024, 2048};
  const double gains[] = {0, .001, .1, .5, 1, 2, 10, 100, -.5, -1, -2};
  const double offsets[] = {0, .001, .1, 1, 10, -.5, -1, -10};
  int graphs = 0, failures = 0;
  for (double g : gains)
    for (double o : offsets) {
      std::string G = number(g), O = number(o);
      Graph single = parseGraph("input x\noutput affine(x, " + G + ", " + O + ")\n");
      failures += checkAudio(single, "affine(x, " + G + ", " + O + ")", sizes, 2048);
      Graph chain = parseGraph("input x\ny = x -> gain(" + G + ") -> offset(" + O + ") -> gain(" +
                               G + ") -> offset(" + O + ")\noutput y\n");
      failures += checkAudio(chain, "gain/offset chain " + G + ", " + O, sizes, 2048);
      graphs += 2;
      if (failures > 4)
        break;
    }
  CHECK(failures == 0);
  if (failures == 0)
    CHECK(graphs == 176);
}

TEST_CASE("verify sweep: every op's params across their range through every engine") {
  int audioOps = 0, fieldOps = 0, failures = 0;
  for (const OpInfo &info : allOps()) {
    if (info.op == Op::Input || info.op == Op::Output)
      continue;
    if (info.op == Op::Param)
      continue; // its index names a declared param: ParamsTest runs it
    if (info.slots.empty())
      continue; // time, image: no params, no ports
    if (readsImage(info.op))
      continue; // their port 0 reads an image, not a signal: ImageTest checks them
    std::vector<Instance> all = instances(info.op);
    if (info.allowedIn(false)) {
      // Audio: one graph, one output per valid instance.
      Graph graph;
      std::vector<NodeId> inputs;
      size_t numInputs = std::max<size_t>(1, info.numPorts);
      for (size_t c = 0; c < numInputs; ++c) {
        NodeId in = graph.addNode(Op::Input, "in" + std::to_string(c));
        graph[in].values[0] = double(c);
        inputs.push_back(in);
      }
      std::vector<std::string> labels;
      for (const Instance &instance : all) {
        if (labels.size() >= 256)
          break;
        Graph trial = graph;
        NodeId id = addInstance(trial, info.op, instance, inputs);
        NodeId out = trial.addNode(Op::Output);
        trial[out].inputs[0] = id;
        trial[out].values[1] = double(labels.size());
        if (verifyGraph(trial, "sweep").empty()) {
          graph = std::move(trial);
          labels.push_back(instance.label);
        }
      }
      REQUIRE_MESSAGE(!labels.empty(), "no valid instance of " << info.name);
      CHECK_MESSAGE(labels.size() * 2 > all.size(), info.name << ": only " << labels.size()
                                                              << " of " << all.size()
                                                              << " instances are valid");
      failures += checkAudio(graph, std::string(info.name) + " sweep", {1, 5, 16, 17, 33, 64, 256},
                             256, [&](size_t ch) { return labels[ch]; });
      ++audioOps;
    }
    if (info.allowedIn(true) && info.op != Op::Const) {
      // Fields: one field per instance whose ports are all wired (x, y, z, t).
      std::vector<NodeId> inputs;
      Graph base;
      base.kind = GraphKind::Field;
      for (uint32_t c = 0; c < 4; ++c) {
        NodeId in = base.addNode(Op::Input, std::string(kFieldVariables[c]));
        base[in].values[0] = double(c);
        inputs.push_back(in);
      }
      int valid = 0;
      for (const Instance &instance : all) {
        if (std::find(instance.unwired.begin(), instance.unwired.end(), true) !=
            instance.unwired.end())
          continue;
        Graph field = base;
        NodeId id = addInstance(field, info.op, instance, inputs);
        NodeId out = field.addNode(Op::Output);
        field[out].inputs[0] = id;
        if (!verifyGraph(field, "sweep").empty())
          continue;
        ++valid;
        failures += checkField(field, std::string(info.name) + " field, " + instance.label);
      }
      CHECK_MESSAGE(valid > 0, "no valid field instance of " << info.name);
      ++fieldOps;
    }
  }
  CHECK(failures == 0);
  CHECK(audioOps > 30);
  CHECK(fieldOps > 20);
  MESSAGE("op sweep: " << audioOps << " ops in audio graphs, " << fieldOps << " in fields");
}

TEST_CASE("verify library: graphs/ pass; the report names the first mismatch") {
  std::vector<std::filesystem::path> paths;
  for (const auto &entry : std::filesystem::directory_iterator(RESIN_GRAPHS_DIR))
    if (entry.path().extension() != ".json")
      paths.push_back(entry.path());
  std::sort(paths.begin(), paths.end());
  REQUIRE(!paths.empty());
  parity::ParityOptions options;
  options.seeds = 2;
  options.pipeline = std::string(pipelineForLevel(2));
  for (const auto &path : paths) {
    auto graph = loadFile(path.string());
    REQUIRE_MESSAGE(graph, path.string());
    auto result = parity::checkParity(*graph, options);
    REQUIRE_MESSAGE(result, path.string());
    CHECK_MESSAGE(result->pass, path.string());
    CHECK(result->engines.size() + 1 == hostEngineNames().size());
    for (const auto &e : result->engines) {
      CHECK_MESSAGE(e.mismatches == 0, path.string() << " " << e.engine);
      CHECK(e.cases == result->cases);
      CHECK(!e.first);
    }
  }
  CHECK(parity::ulpDistance(1.0f, std::nextafter(1.0f, 2.0f)) == 1);
  CHECK(parity::ulpDistance(0.0f, -0.0f) == 1);
  CHECK(parity::ulpDistance(std::nanf(""), -std::nanf("")) == 0);
  CHECK(parity::ulpDistance(-FLT_MIN, FLT_MIN) == 2 * uint64_t(0x00800000));
  CHECK(parity::sameValue(std::nanf(""), -std::nanf("")));
  CHECK(!parity::sameValue(0.0f, -0.0f));
}

} // namespace resin::test
