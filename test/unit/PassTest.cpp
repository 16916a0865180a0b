// canonicalize, fuse-affine, elim-identity and fold-const through `interp`:
// the value-preserving passes keep every output bit for bit (NaN equals NaN)
// on special inputs (zeros of both signs, +-1, subnormals, +-FLT_MAX,
// infinities, NaN) and random bits, with constants drawn from the same
// specials; fuse-affine stays within rounding of the unfused chain.
//
// Audio runs twice: without flushing (IEEE, as fields run) on every input,
// and with FTZ/DAZ (the audio default). Under FTZ/DAZ, x*1, x + -0 and x*-1
// flush a subnormal x to a zero that the bypassed node (or neg) would have
// kept, so those rewrites are checked there on inputs that are not
// subnormal (a documented caveat of the passes' header comments).
#include "TestUtil.h"

#include "resin/engine/Engine.h"
#include "resin/passes/PassManager.h"
#include "resin/registry/EngineRegistry.h"
#include "resin/semantics/PureOps.h"
#include "resin/support/Format.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <random>

namespace resin::test {

namespace {

bool sameValue(float a, float b) {
  if (std::isnan(a) && std::isnan(b))
    return true;
  return std::memcmp(&a, &b, sizeof a) == 0;
}

bool isSubnormal(float v) {
  return v != 0 && std::fabs(v) < FLT_MIN;
}

/// The special values of the brief, then random bit patterns.
std::vector<float> specialInputs(size_t randomCount = 200) {
  std::vector<float> v = {0.0f,     -0.0f,     1.0f,    -1.0f,    1e-40f,     -1e-40f,
                          1e-45f,   -1e-45f,   FLT_MIN, -FLT_MIN, FLT_MAX,    -FLT_MAX,
                          INFINITY, -INFINITY, NAN,     -NAN,     0.5f,       -2.5f,
                          3.0f,     1e30f,     -1e-30f, 0.1f,     16777217.0f};
  std::mt19937 rng(12345);
  for (size_t i = 0; i < randomCount; ++i) {
    uint32_t bits = rng();
    float f;
    std::memcpy(&f, &bits, sizeof f);
    v.push_back(f);
  }
  return v;
}

/// Finite constants for ports and const nodes (the verifier wants finite).
const std::vector<double> kConstants = {
    0.0, -0.0, 1.0, -1.0, 0.5, -2.5, 3.0, 1e-40, double(FLT_MIN), double(FLT_MAX), -1e30, 0.1};

std::string num(double v) {
  return formatNumber(v);
}

Graph parseGraph(const std::string &text) {
  return parseOk(text, SourceFormat::GraphText);
}

Graph optimized(Graph graph, std::string_view pipeline, bool allowValueChanges,
                MathMode math = MathMode::Precise) {
  PipelineOptions options;
  options.context.allowValueChanges = allowValueChanges;
  options.context.math = math;
  auto result = runPipeline(graph, pipeline, options);
  if (!result)
    FAIL("pipeline failed: " << result.errors()[0].str());
  return graph;
}

size_t countOps(const Graph &graph, Op op) {
  size_t n = 0;
  for (const Node &node : graph.nodes)
    n += node.op == op;
  return n;
}

/// Every output channel of a one-input audio graph over `inputs`, one block.
std::vector<std::vector<float>> runInterp(const Graph &graph, const std::vector<float> &inputs,
                                          bool flush, MathMode math = MathMode::Precise) {
  EngineOptions options;
  options.flushDenormals = flush;
  options.math = math;
  auto processor = makeAudioProcessor("interp", graph, options);
  if (!processor)
    FAIL("interp: " << processor.errors()[0].str());
  std::vector<std::vector<float>> out((*processor)->numOutputs(),
                                      std::vector<float>(inputs.size()));
  std::vector<float *> outPtrs;
  for (auto &c : out)
    outPtrs.push_back(c.data());
  std::vector<const float *> inPtrs((*processor)->numInputs(), inputs.data());
  (*processor)->process(inPtrs.data(), outPtrs.data(), int64_t(inputs.size()));
  return out;
}

/// Checks `after` gives the bits of `before` on every input, without
/// flushing and (skipping subnormal inputs when !subnormalsUnderFtz) with.
void checkBitExact(const Graph &before, const Graph &after, bool subnormalsUnderFtz,
                   MathMode math = MathMode::Precise) {
  std::vector<float> inputs = specialInputs();
  for (bool flush : {false, true}) {
    std::vector<float> in;
    for (float v : inputs)
      if (!flush || subnormalsUnderFtz || !isSubnormal(v))
        in.push_back(v);
    auto want = runInterp(before, in, flush, math);
    auto got = runInterp(after, in, flush, math);
    REQUIRE(want.size() == got.size());
    for (size_t c = 0; c < want.size(); ++c)
      for (size_t i = 0; i < in.size(); ++i)
        if (!sameValue(want[c][i], got[c][i])) {
          FAIL_CHECK("output " << c << " differs for input " << in[i] << " (ftz " << flush
                               << "): " << want[c][i] << " before, " << got[c][i] << " after");
          return;
        }
  }
}

} // namespace

TEST_CASE("pass: canonicalize keeps every bit (mul/add/sub with a constant, gain+offset)") {
  for (double c : kConstants)
    for (bool constNode : {true, false}) {
      CAPTURE(c);
      CAPTURE(constNode);
      std::string k = constNode ? "const(" + num(c) + ")" : num(c);
      // Port-value forms where the op allows a literal argument; const
      // nodes through const(...) otherwise.
      std::string text = "input x\n"
                         "a = mul(x, " +
                         k +
                         ")\n"
                         "b = mul(" +
                         k +
                         ", x)\n"
                         "c = add(x, " +
                         k +
                         ")\n"
                         "d = add(" +
                         k +
                         ", x)\n"
                         "e = sub(x, " +
                         k +
                         ")\n"
                         "f = sub(" +
                         k +
                         ", x)\n"
                         "g = offset(gain(x, " +
                         k + "), " + num(-c / 3) +
                         ")\n"
                         "h = gain(" +
                         k +
                         ", x)\n"
                         "output a, b, c, d, e, f, g, h\n";
      Graph before = parseGraph(text);
      Graph after = optimized(before, "canonicalize,dce", false);
      CHECK(countOps(after, Op::Mul) == 0);
      CHECK(countOps(after, Op::Add) == 0);
      CHECK(countOps(after, Op::Sub) == 0);
      CHECK(countOps(after, Op::Affine) == 2); // sub(c, x) and the gain+offset
      checkBitExact(before, after, true);
    }
}

TEST_CASE("pass: canonicalize neg becomes gain(-1), exact without flushing") {
  Graph before = parseGraph("input x\noutput -x, -(x * 3)\n");
  Graph after = optimized(before, "canonicalize,dce", false);
  CHECK(countOps(after, Op::Neg) == 0);
  CHECK(countOps(after, Op::Gain) == 3);
  // Under FTZ/DAZ, neg keeps a subnormal input, x*-1 flushes it: the caveat.
  checkBitExact(before, after, false);
}

TEST_CASE("pass: canonicalize leaves two signals alone") {
  Graph before = parseGraph("input x, y\noutput x * y, x + y, x - y, -x * y\n");
  Graph after = optimized(before, "canonicalize,dce", false);
  CHECK(countOps(after, Op::Mul) == 2);
  CHECK(countOps(after, Op::Add) == 1);
  CHECK(countOps(after, Op::Sub) == 1);
  CHECK(countOps(after, Op::Gain) == 1); // the neg
}

TEST_CASE("pass: elim-identity keeps every bit") {
  for (bool allow : {false, true}) {
    CAPTURE(allow);
    // Exact in IEEE arithmetic; under FTZ only for normal inputs.
    Graph arithmetic = parseGraph("input x\n"
                                  "output gain(x, 1), x * 1, 1 * x, x * const(1), "
                                  "offset(x, -0), x + const(-0), const(-0) + x, "
                                  "affine(x, 1, -0)\n");
    Graph after = optimized(arithmetic, "elim-identity,dce", allow);
    CHECK(after.size() == 1 + 8); // the input and the outputs
    checkBitExact(arithmetic, after, false);

    // Copies and clips that cannot clip: exact under FTZ as well. tanh of a
    // clipped (NaN-free) signal lies in [-1, 1]; clip(x, 1, 2) in [1, 2].
    Graph copies = parseGraph("input x\n"
                              "t = tanh(clip(x, -10, 10))\n"
                              "r = clip(x, 1, 2)\n"
                              "output pass(x), delay(x, 0), clip(t, -2, 2), clamp(t, -1, 1), "
                              "clip(r, 1, 2), clip(r, 0.5, 3)\n");
    after = optimized(copies, "elim-identity,dce", allow);
    CHECK(countOps(after, Op::Pass) == 0);
    CHECK(countOps(after, Op::Delay) == 0);
    CHECK(countOps(after, Op::Clamp) == 0);
    CHECK(countOps(after, Op::Clip) == 2); // the two that make t and r
    checkBitExact(copies, after, true);

    // Offset +0 where the input cannot be zero: exact even at -O1.
    Graph nonzero = parseGraph("input x\n"
                               "p = offset(tanh(x), 2)\n"
                               "output offset(p, 0), p + 0, affine(p, 1, 0)\n");
    after = optimized(nonzero, "elim-identity,dce", allow);
    CHECK(countOps(after, Op::Offset) == 1);
    CHECK(countOps(after, Op::Add) == 0);
    CHECK(countOps(after, Op::Affine) == 0);
    checkBitExact(nonzero, after, true);
  }
}

TEST_CASE("pass: elim-identity keeps what may change a bit") {
  // x may be -0: x + 0 is +0 there, so -O1 keeps the offsets; -O2 drops them.
  Graph zero = parseGraph("input x\noutput offset(x, 0), x + 0, affine(x, 1, 0)\n");
  Graph kept = optimized(zero, "elim-identity,dce", false);
  CHECK(kept.size() == zero.size());
  checkBitExact(zero, kept, true);
  Graph dropped = optimized(zero, "elim-identity,dce", true);
  CHECK(dropped.size() == 1 + 3);

  // Clips that can change their input: NaN (clip gives lo), a range that
  // pokes out, and zero bounds (clip(-0, 0, 1) is +0).
  Graph clips = parseGraph("input x\n"
                           "z = clip(x, -0, 1)\n"
                           "output clip(tanh(x), -2, 2), clip(tanh(clip(x, -9, 9)), -0.5, 2), "
                           "clip(z, 0, 1), clip(abs(clip(x, -1, 1)), 0, 2), clip(x, -1, 1)\n");
  for (bool allow : {false, true}) {
    Graph after = optimized(clips, "elim-identity,dce", allow);
    CHECK(countOps(after, Op::Clip) == countOps(clips, Op::Clip));
    checkBitExact(clips, after, true);
  }
}

TEST_CASE("pass: fold-const gives the engines' value for every pure op") {
  std::mt19937 rng(7);
  std::uniform_int_distribution<size_t> pick(0, kConstants.size() - 1);
  size_t folded = 0, total = 0;
  for (const OpInfo &info : allOps()) {
    if (!semantics::isComputedPure(info.op) || !info.allowedIn(false))
      continue;
    for (int round = 0; round < 40; ++round) {
      for (bool constNodes : {false, true}) {
        Graph before;
        NodeId in = before.addNode(Op::Input);
        before[in].values[0] = 0;
        NodeId node = before.addNode(info.op);
        for (size_t s = 0; s < info.numPorts; ++s) {
          double v = round < int(kConstants.size()) && s == 0 ? kConstants[size_t(round)]
                                                              : kConstants[pick(rng)];
          if (constNodes) {
            NodeId k = before.addNode(Op::Const);
            before[k].values[0] = v;
            before[node].inputs[s] = k;
          } else {
            before[node].values[s] = v;
          }
        }
        NodeId out = before.addNode(Op::Output);
        before[out].inputs[0] = node;
        before[out].values[1] = 0;
        for (MathMode math : {MathMode::Precise, MathMode::Fast}) {
          CAPTURE(info.name);
          CAPTURE(round);
          Graph after = optimized(before, "fold-const,dce", false, math);
          ++total;
          folded += after[after.outputsByChannel()[0]].inputs[0] != kNoNode &&
                    after[after[after.outputsByChannel()[0]].inputs[0]].op == Op::Const;
          checkBitExact(before, after, true, math);
        }
      }
    }
  }
  // Most constant tuples fold (the rest give NaN or infinity).
  CHECK(folded * 2 > total);
}

TEST_CASE("pass: fold-const folds a whole constant expression, not signals or NaN") {
  Graph before = parseGraph("input x\n"
                            "output sin(0.5) * 2 + 3 * (1 - 0.25), x * (2 + 1), 1 / 0, "
                            "sqrt(-1), 1e30 * 1e30\n");
  Graph after = optimized(before, "fold-const,dce", false);
  auto outputs = after.outputsByChannel();
  const Node &first = after[after[outputs[0]].inputs[0]];
  REQUIRE(first.op == Op::Const);
  CHECK(float(first.values[0]) == std::sin(0.5f) * 2 + 2.25f);
  CHECK(after[after[outputs[1]].inputs[0]].op == Op::Mul);
  CHECK(after[after[outputs[2]].inputs[0]].op == Op::Div);
  CHECK(after[after[outputs[3]].inputs[0]].op == Op::Sqrt);
  CHECK(after[after[outputs[4]].inputs[0]].op == Op::Mul);
  checkBitExact(before, after, true);
}

TEST_CASE("pass: fuse-affine stays within rounding of the chain") {
  std::mt19937 rng(99);
  std::uniform_real_distribution<double> gainDist(0.5, 2), offsetDist(-1, 1);
  std::uniform_int_distribution<int> kindDist(0, 3), lengthDist(2, 5);
  std::vector<float> inputs = specialInputs(0);
  for (int i = 0; i < 400; ++i)
    inputs.push_back(float(std::uniform_real_distribution<double>(-10, 10)(rng)));
  for (int trial = 0; trial < 200; ++trial) {
    struct Stage {
      int kind;
      float gain, offset;
    };
    std::vector<Stage> stages;
    std::string chain = "x";
    int length = lengthDist(rng);
    for (int s = 0; s < length; ++s) {
      Stage st{kindDist(rng), float(gainDist(rng)) * (rng() % 2 ? 1.0f : -1.0f),
               float(offsetDist(rng))};
      stages.push_back(st);
      switch (st.kind) {
      case 0:
        chain = "gain(" + chain + ", " + num(st.gain) + ")";
        break;
      case 1:
        chain = "offset(" + chain + ", " + num(st.offset) + ")";
        break;
      case 2:
        chain = "affine(" + chain + ", " + num(st.gain) + ", " + num(st.offset) + ")";
        break;
      default:
        chain = "pass(" + chain + ")";
        break;
      }
    }
    CAPTURE(chain);
    Graph before = parseGraph("input x\noutput " + chain + "\n");
    Graph after = optimized(before, "fuse-affine,dce", true);
    CHECK(after.size() == 3); // input, one node, output
    auto want = runInterp(before, inputs, false)[0];
    auto got = runInterp(after, inputs, false)[0];
    for (size_t i = 0; i < inputs.size(); ++i) {
      // The largest intermediate magnitude bounds every rounding error.
      double v = inputs[i], largest = std::fabs(v);
      for (const Stage &st : stages) {
        if (st.kind == 0 || st.kind == 2)
          v *= st.gain;
        largest = std::max(largest, std::fabs(v));
        if (st.kind == 1 || st.kind == 2)
          v += st.offset;
        largest = std::max(largest, std::fabs(v));
      }
      CAPTURE(inputs[i]);
      if (largest * 4 > double(FLT_MAX))
        continue; // intermediate overflow: a documented change of fuse-affine
      if (!std::isfinite(inputs[i])) {
        CHECK(std::isnan(want[i]) == std::isnan(got[i]));
        if (!std::isnan(want[i]))
          CHECK(want[i] == got[i]);
      } else {
        CHECK(std::fabs(double(want[i]) - double(got[i])) <= 1e-6 * (1 + largest));
      }
    }
  }
}

TEST_CASE("pass: fuse-affine without value changes only drops passes, bit for bit") {
  Graph before =
      parseGraph("input x\n"
                 "output pass(gain(x, 3)), offset(pass(x), -0), pass(pass(x)), "
                 "affine(pass(gain(x, const(0.1))), 0.3, -0.7), offset(gain(x, 2), 1)\n");
  Graph after = optimized(before, "fuse-affine,dce", false);
  CHECK(countOps(after, Op::Pass) == 1);   // pass(pass(x)) becomes pass(x)
  CHECK(countOps(after, Op::Affine) == 1); // not fused with the gain under it
  CHECK(countOps(after, Op::Gain) == 3);
  CHECK(countOps(after, Op::Offset) == 2);
  checkBitExact(before, after, true);
}

TEST_CASE("pass: fuse-affine fuses the seed's chain and leaves shared nodes") {
  Graph seed = parseGraph("input x\ny = x -> gain(0.5) -> offset(1.0) -> gain(2.0) -> "
                          "offset(-0.5)\noutput y\n");
  Graph after = optimized(seed, "fuse-affine,dce", true);
  REQUIRE(after.size() == 3);
  const Node &fused = after[after[after.outputsByChannel()[0]].inputs[0]];
  CHECK(fused.op == Op::Affine);
  CHECK(fused.name == "y");
  CHECK(fused.values[1] == 1.0);
  CHECK(fused.values[2] == 1.5);

  // -O1 runs no fuse-affine; -O2 does.
  CHECK(optimized(seed, std::string(pipelineForLevel(1)), false).size() == 4);
  CHECK(optimized(seed, std::string(pipelineForLevel(2)), true).size() == 3);

  Graph shared = parseGraph("input x, m\ns = gain(x, 3)\noutput offset(s, 1), s, "
                            "gain(gain(x, m), 2), gain(gain(x, 1e30), 1e30)\n");
  Graph same = optimized(shared, "fuse-affine,dce", true);
  CHECK(same.size() == shared.size());
}

} // namespace resin::test
