// Issue 5's parity tests: every JIT engine the host runs (jit-scalar,
// jit-f32x4/x8/x16 where the CPU has them, and jit) equals `interp` bit for
// bit (NaN equals NaN; -0 differs from +0) on every graph and field in
// graphs/ and on random graphs and fields (RandomGraph.h, fixed seeds), with
// the inputs of docs/reference/cli.md's `verify`:
//
//  - audio: sines, seeded uniform noise and edge values (+-0, +-1,
//    subnormals, +-FLT_MIN, +-FLT_MAX, +-inf, NaN; dense and sparse), for
//    buffer lengths 0..17, 31..33, 63..65, 127..129, 255..257, 1000, 1023,
//    1024, 4096 and 44100 (each a fresh init() and one process() call), and
//    the 44100-sample signal again in random block splits. The samples past
//    `len` of every output buffer must stay untouched.
//  - fields: rows of lengths 0..40 and 301 at several y, z and t (compared
//    with interp's row and, point by point, with interp's eval), rows whose
//    x0, dx, y, z or t is an edge value, and eval on the product of the edge
//    values for x, y, z and t.
//
// graphs/ runs in both math modes (and audio once more without FTZ); random
// graphs in precise mode, every fourth seed in fast mode too. Each engine is
// compiled once per graph and options, then reused through init().
//
// Since interp is causal and processes one sample at a time, its output for
// a buffer of length L is the first L samples of its output for the whole
// 44100-sample signal; the reference is computed once per input signal.
//
// A failure names the subject (file, or randomAudioGraph(SEED) /
// randomField(SEED), which rebuilds it), the engine, math mode, input
// signal, buffer length or block split, the first differing sample with its
// inputs, both values (with their bits), and the graph text.
#include "RandomGraph.h"
#include "TestUtil.h"

#include "resin/engine/Engine.h"
#include "resin/math/Math.h"
#include "resin/parity/Parity.h"
#include "resin/registry/EngineRegistry.h"
#include "resin/syntax/TextPrinter.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <limits>
#include <numbers>
#include <optional>
#include <sstream>

namespace resin::test {

namespace {

constexpr int kRandomGraphs = 40;
constexpr int kRandomFields = 20;
constexpr uint64_t kFirstGraphSeed = 5001;
constexpr uint64_t kFirstFieldSeed = 7001;
constexpr int64_t kSignal = 44100;
/// Output samples past `len` are preset to this (a NaN no engine makes).
constexpr uint32_t kSentinelBits = 0x7fa5a5a5u;
constexpr int64_t kSlack = 17;

using math::bitsOf;
using math::floatFromBits;
using parity::bufferLengths;
using parity::edgeValues;
using parity::sameValue;

std::string show(float v) {
  char text[64];
  std::snprintf(text, sizeof text, "%.9g (0x%08x)", double(v), bitsOf(v));
  return text;
}

std::vector<std::string_view> jitEngines() {
  std::vector<std::string_view> engines;
  for (std::string_view name : hostEngineNames())
    if (name != "interp" && name != "native")
      engines.push_back(name);
  return engines;
}

const char *mathName(MathMode math) {
  return math == MathMode::Fast ? "fast" : "precise";
}

std::string describe(const EngineOptions &options) {
  return std::string(mathName(options.math)) + (options.flushDenormals ? "" : " no-ftz");
}

struct Subject {
  std::string name; // a file name, or how to rebuild a random graph
  Graph graph;
};

std::string graphText(const Graph &graph) {
  return graph.isField() ? printFieldText(graph) : printGraphText(graph);
}

/// The files of graphs/ with `extension`; or, to minimize a failure, the
/// files named in RESIN_JIT_PARITY_FILES (colon-separated) instead.
std::vector<Subject> exampleSubjects(std::string_view extension) {
  std::vector<std::filesystem::path> paths;
  if (const char *list = std::getenv("RESIN_JIT_PARITY_FILES")) {
    std::stringstream names(list);
    for (std::string name; std::getline(names, name, ':');)
      if (std::filesystem::path(name).extension() == extension)
        paths.push_back(name);
    if (paths.empty())
      return {};
  } else {
    for (const auto &entry : std::filesystem::directory_iterator(RESIN_GRAPHS_DIR))
      if (entry.path().extension() == extension)
        paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());
  std::vector<Subject> subjects;
  for (const auto &path : paths) {
    auto graph = loadFile(path.string());
    REQUIRE_MESSAGE(graph, path.string());
    subjects.push_back({path.filename().string(), std::move(*graph)});
  }
  return subjects;
}

// ---- audio -----------------------------------------------------------------

using parity::Channels;
using parity::processAt;
using parity::randomBlocks;

using Signal = parity::InputSignal;

struct AudioCase {
  const Subject *subject;
  std::string_view engine;
  const EngineOptions *options;
  const Signal *signal;
  std::string how; // "one block of N" or "random blocks (...)"
};

/// The graph text is printed with the first failure of each subject.
std::string gLastPrinted;

std::string textOnce(const Subject &subject) {
  if (gLastPrinted == subject.name)
    return "";
  gLastPrinted = subject.name;
  return "\n" + graphText(subject.graph);
}

void reportAudio(const AudioCase &c, size_t channel, int64_t index, float want, float got) {
  std::ostringstream m;
  m << c.subject->name << ": engine " << c.engine << " (" << describe(*c.options)
    << ") differs from interp on " << c.signal->name << ", " << c.how << ": output " << channel
    << " sample " << index << ": interp " << show(want) << ", " << c.engine << " " << show(got)
    << "; inputs there:";
  for (const auto &in : c.signal->channels)
    m << ' ' << show(in[size_t(index)]);
  m << textOnce(*c.subject);
  FAIL_CHECK(m.str());
}

/// Compares the first `len` samples; the rest of `got` must still hold the
/// sentinel when `sentinelFrom` >= 0. Reports the first difference.
bool sameAudio(const AudioCase &c, const Channels &want, const Channels &got, int64_t len,
               int64_t sentinelEnd) {
  for (size_t ch = 0; ch < want.size(); ++ch) {
    for (int64_t i = 0; i < len; ++i)
      if (!sameValue(want[ch][size_t(i)], got[ch][size_t(i)])) {
        reportAudio(c, ch, i, want[ch][size_t(i)], got[ch][size_t(i)]);
        return false;
      }
    for (int64_t i = len; i < sentinelEnd; ++i)
      if (bitsOf(got[ch][size_t(i)]) != kSentinelBits) {
        FAIL_CHECK(c.subject->name << ": engine " << c.engine << " (" << describe(*c.options)
                                   << ") wrote output " << ch << " sample " << i
                                   << " past len = " << len << " (" << c.how << ")");
        return false;
      }
  }
  return true;
}

/// Every JIT engine against interp on one audio graph under `options`.
void checkAudio(const Subject &subject, const EngineOptions &options, int noiseSeeds,
                uint64_t blockSeed) {
  const Graph &graph = subject.graph;
  auto interp = makeAudioProcessor("interp", graph, options);
  REQUIRE_MESSAGE(interp, subject.name);
  const size_t numInputs = (*interp)->numInputs(), numOutputs = (*interp)->numOutputs();
  std::vector<Signal> signals = parity::inputSignals(numInputs, kSignal, noiseSeeds);
  std::vector<Channels> reference;
  for (const Signal &s : signals) {
    Channels out(numOutputs, std::vector<float>(size_t(kSignal)));
    (*interp)->init();
    processAt(**interp, s.channels, out, 0, kSignal);
    reference.push_back(std::move(out));
  }
  Channels got(numOutputs, std::vector<float>(size_t(kSignal + kSlack)));
  for (std::string_view engine : jitEngines()) {
    auto processor = makeAudioProcessor(engine, graph, options);
    REQUIRE_MESSAGE(processor, subject.name << " " << engine);
    AudioProcessor &p = **processor;
    REQUIRE(p.numInputs() == numInputs);
    REQUIRE(p.numOutputs() == numOutputs);
    Rng blockRng(blockSeed);
    for (size_t s = 0; s < signals.size(); ++s) {
      bool ok = true;
      for (int64_t len : bufferLengths()) {
        for (auto &c : got)
          std::fill(c.begin(), c.begin() + len + kSlack, floatFromBits(kSentinelBits));
        p.init();
        processAt(p, signals[s].channels, got, 0, len);
        AudioCase c{&subject, engine, &options, &signals[s],
                    "one process() of len " + std::to_string(len) + " after init()"};
        if (!(ok = sameAudio(c, reference[s], got, len, len + kSlack)))
          break;
      }
      if (!ok)
        continue;
      std::vector<int64_t> blocks = randomBlocks(blockRng, kSignal);
      for (auto &c : got)
        std::fill(c.begin(), c.end(), floatFromBits(kSentinelBits));
      p.init();
      int64_t start = 0;
      for (int64_t b : blocks) {
        processAt(p, signals[s].channels, got, start, b);
        start += b;
      }
      std::ostringstream how;
      how << blocks.size() << " random blocks (first:";
      for (size_t i = 0; i < std::min<size_t>(blocks.size(), 12); ++i)
        how << ' ' << blocks[i];
      how << " ...)";
      AudioCase c{&subject, engine, &options, &signals[s], how.str()};
      sameAudio(c, reference[s], got, kSignal, kSignal + kSlack);
    }
  }
}

// ---- fields ----------------------------------------------------------------

struct FieldCase {
  const Subject *subject;
  std::string_view engine;
  const EngineOptions *options;
};

void reportField(const FieldCase &c, const std::string &what, float want, float got) {
  std::ostringstream m;
  m << c.subject->name << ": engine " << c.engine << " (" << mathName(c.options->math)
    << ") differs from interp: " << what << ": interp " << show(want) << ", " << c.engine << " "
    << show(got);
  m << textOnce(*c.subject);
  FAIL_CHECK(m.str());
}

/// One row by both engines; also eval of the engine against interp's row.
bool sameRow(const FieldCase &c, const FieldEvaluator &interp, const FieldEvaluator &other,
             float x0, float dx, float y, float z, float t, int64_t len, bool pointwise) {
  std::vector<float> want(static_cast<size_t>(len));
  std::vector<float> got(static_cast<size_t>(len + kSlack), floatFromBits(kSentinelBits));
  interp.row(x0, dx, y, z, t, want.data(), len);
  other.row(x0, dx, y, z, t, got.data(), len);
  auto where = [&](int64_t i) {
    std::ostringstream m;
    m << "row(x0=" << show(x0) << ", dx=" << show(dx) << ", y=" << show(y) << ", z=" << show(z)
      << ", t=" << show(t) << ", len=" << len << ")[" << i << "]";
    return m.str();
  };
  for (int64_t i = 0; i < len; ++i) {
    if (!sameValue(want[size_t(i)], got[size_t(i)])) {
      reportField(c, where(i), want[size_t(i)], got[size_t(i)]);
      return false;
    }
    if (pointwise) {
      float x = x0 + float(i) * dx;
      float e = other.eval(x, y, z, t);
      if (!sameValue(want[size_t(i)], e)) {
        reportField(c, "eval(x=" + show(x) + ") against interp's " + where(i), want[size_t(i)], e);
        return false;
      }
    }
  }
  for (int64_t i = len; i < len + kSlack; ++i)
    if (bitsOf(got[size_t(i)]) != kSentinelBits) {
      FAIL_CHECK(c.subject->name << ": engine " << c.engine << " wrote " << where(i)
                                 << " past len");
      return false;
    }
  return true;
}

void checkField(const Subject &subject, const EngineOptions &options) {
  auto interp = makeFieldEvaluator("interp", subject.graph, options);
  REQUIRE_MESSAGE(interp, subject.name);
  const auto &edges = edgeValues();
  // eval on the product of these for x, y, z, t (a subset of the edge values
  // to keep the product small, plus two ordinary values).
  const std::vector<float> points = {0.0f,      -0.0f,   1.0f,     -1.0f,     1e-40f,
                                     -3e-39f,   FLT_MAX, -FLT_MAX, edges[12], edges[13],
                                     edges[14], 0.3f,    -2.7f};
  std::vector<float> reference;
  reference.reserve(points.size() * points.size() * points.size() * points.size());
  for (float x : points)
    for (float y : points)
      for (float z : points)
        for (float t : points)
          reference.push_back((*interp)->eval(x, y, z, t));

  std::vector<int64_t> lengths;
  for (int64_t n = 0; n <= 40; ++n)
    lengths.push_back(n);
  lengths.push_back(301);

  for (std::string_view engine : jitEngines()) {
    auto other = makeFieldEvaluator(engine, subject.graph, options);
    REQUIRE_MESSAGE(other, subject.name << " " << engine);
    FieldCase c{&subject, engine, &options};
    bool ok = true;
    // Ordinary rows at several y, z, t; every length.
    for (int j = 0; j < 5 && ok; ++j) {
      float y = -3.0f + 1.37f * float(j), z = 0.5f - 0.25f * float(j), t = 0.75f * float(j);
      for (int64_t len : lengths) {
        float x0 = -2.5f + 0.01f * float(len), dx = len == 301 ? 0.0371f : 0.173f;
        if (!(ok = sameRow(c, **interp, **other, x0, dx, y, z, t, len, true)))
          break;
      }
    }
    // Rows with one edge-valued argument.
    for (size_t e = 0; e < edges.size() && ok; ++e) {
      float v = edges[e];
      for (int64_t len : {int64_t(3), int64_t(19), int64_t(37)}) {
        ok = ok && sameRow(c, **interp, **other, v, 0.25f, 0.3f, 0.1f, 0.2f, len, true) &&
             sameRow(c, **interp, **other, -1.0f, v, 0.3f, 0.1f, 0.2f, len, true) &&
             sameRow(c, **interp, **other, -1.0f, 0.1f, v, 0.1f, 0.2f, len, true) &&
             sameRow(c, **interp, **other, -1.0f, 0.1f, 0.3f, v, 0.2f, len, true) &&
             sameRow(c, **interp, **other, -1.0f, 0.1f, 0.3f, 0.1f, v, len, true);
      }
    }
    if (!ok)
      continue;
    size_t k = 0;
    for (float x : points)
      for (float y : points)
        for (float z : points)
          for (float t : points) {
            float got = (*other)->eval(x, y, z, t);
            if (ok && !sameValue(reference[k], got)) {
              reportField(
                  c, "eval(" + show(x) + ", " + show(y) + ", " + show(z) + ", " + show(t) + ")",
                  reference[k], got);
              ok = false;
            }
            ++k;
          }
  }
}

std::vector<EngineOptions> exampleAudioOptions() {
  EngineOptions precise, fast, noFtz;
  fast.math = MathMode::Fast;
  noFtz.flushDenormals = false;
  return {precise, fast, noFtz};
}

} // namespace

TEST_CASE("JIT parity: every JIT engine equals interp on every audio graph in graphs/") {
  auto engines = jitEngines();
  REQUIRE(!engines.empty());
  MESSAGE("JIT engines on this host:" << [&] {
    std::string s;
    for (auto e : engines)
      s += " " + std::string(e);
    return s;
  }());
  auto subjects = exampleSubjects(".graph");
  REQUIRE((subjects.size() >= 7 || std::getenv("RESIN_JIT_PARITY_FILES")));
  for (const Subject &subject : subjects)
    for (const EngineOptions &options : exampleAudioOptions())
      checkAudio(subject, options, 2, 31337);
}

TEST_CASE("JIT parity: every JIT engine equals interp on random audio graphs") {
  for (int i = 0; i < kRandomGraphs; ++i) {
    uint64_t seed = kFirstGraphSeed + uint64_t(i);
    Subject subject{"randomAudioGraph(" + std::to_string(seed) + ")", randomAudioGraph(seed)};
    EngineOptions precise;
    checkAudio(subject, precise, 1, seed);
    if (seed % 4 == 0) {
      EngineOptions fast;
      fast.math = MathMode::Fast;
      checkAudio(subject, fast, 1, seed + 1);
    }
  }
}

TEST_CASE("JIT parity: every JIT engine equals interp on every field in graphs/") {
  auto subjects = exampleSubjects(".field");
  REQUIRE((subjects.size() >= 4 || std::getenv("RESIN_JIT_PARITY_FILES")));
  for (const Subject &subject : subjects)
    for (MathMode math : {MathMode::Precise, MathMode::Fast}) {
      EngineOptions options;
      options.math = math;
      checkField(subject, options);
    }
}

TEST_CASE("JIT parity: every JIT engine equals interp on random fields") {
  for (int i = 0; i < kRandomFields; ++i) {
    uint64_t seed = kFirstFieldSeed + uint64_t(i);
    Subject subject{"randomField(" + std::to_string(seed) + ")", randomField(seed)};
    EngineOptions options;
    if (seed % 4 == 0)
      options.math = MathMode::Fast;
    checkField(subject, options);
  }
}

/// Sets RESIN_JIT_SHAPE (JitEngines.cpp) for one test case.
struct JitShape {
  explicit JitShape(const char *shape) { ::setenv("RESIN_JIT_SHAPE", shape, 1); }
  ~JitShape() { ::unsetenv("RESIN_JIT_SHAPE"); }
};

// The cost model of KernelOptions keeps small graphs' math inline and their
// stateful lanes straight-line, so the cases above mostly see that shape;
// these force the other one (every math use a call to an internal function,
// every stateful node's lanes a loop) on the same subjects.
TEST_CASE("JIT parity: the calls shape (math calls, lane loops) equals interp on graphs/") {
  JitShape calls("calls");
  for (const Subject &subject : exampleSubjects(".graph"))
    for (const EngineOptions &options : exampleAudioOptions())
      checkAudio(subject, options, 1, 4242);
  for (const Subject &subject : exampleSubjects(".field"))
    for (MathMode math : {MathMode::Precise, MathMode::Fast}) {
      EngineOptions options;
      options.math = math;
      checkField(subject, options);
    }
}

TEST_CASE("JIT parity: the calls shape equals interp on random graphs and fields") {
  JitShape calls("calls");
  for (int i = 0; i < kRandomGraphs / 4; ++i) {
    uint64_t seed = kFirstGraphSeed + 100 + uint64_t(i);
    Subject subject{"randomAudioGraph(" + std::to_string(seed) + ")", randomAudioGraph(seed)};
    EngineOptions options;
    if (seed % 2 == 0)
      options.math = MathMode::Fast;
    checkAudio(subject, options, 1, seed);
  }
  for (int i = 0; i < kRandomFields / 4; ++i) {
    uint64_t seed = kFirstFieldSeed + 100 + uint64_t(i);
    Subject subject{"randomField(" + std::to_string(seed) + ")", randomField(seed)};
    EngineOptions options;
    if (seed % 2 == 0)
      options.math = MathMode::Fast;
    checkField(subject, options);
  }
}

} // namespace resin::test

namespace resin::test {

// The smallest graphs the random graphs above failed on: an arithmetic
// identity (x * 1, x / 1, x - 0, x + -0) applied to a subnormal input. With
// FTZ and DAZ (the audio default, docs/reference/graph-format.md) interp computes 1e-45 * 1 = 0;
// a JIT kernel must not fold the identity away and pass the subnormal on.
// min and max of a subnormal (an input or a constant) likewise: under DAZ
// interp's minss returns it as zero, where LLVM's blend kept its bits; and
// a NaN first operand passes the second through as it is.
TEST_CASE("JIT parity: identity arithmetic, min and max on subnormals flush like interp") {
  const char *outputs[] = {"x * 1",         "gain(x, 1)",     "x / 1",         "x - 0",
                           "offset(x, -0)", "x + 0",          "min(x, 1e-40)", "max(x, -1e-40)",
                           "min(1e-40, x)", "max(-3e-39, x)", "min(x, 0.5)",   "max(x, -0.5)"};
  for (const char *expression : outputs) {
    Graph graph =
        parseOk(std::string("input x\noutput ") + expression + "\n", SourceFormat::GraphText);
    for (bool flush : {true, false}) {
      EngineOptions options;
      options.flushDenormals = flush;
      auto interp = makeAudioProcessor("interp", graph, options);
      REQUIRE(interp);
      const float in[] = {1e-45f, -1e-40f, 0.5f,   1e-45f, 3e-39f, -0.0f,
                          1e-38f, 1.0f,    2e-45f, NAN,    -NAN,   -2e-45f};
      const int64_t len = int64_t(std::size(in));
      float want[std::size(in)];
      const float *inPtr[] = {in};
      float *wantPtr[] = {want};
      (*interp)->process(inPtr, wantPtr, len);
      for (std::string_view engine : jitEngines()) {
        auto processor = makeAudioProcessor(engine, graph, options);
        REQUIRE(processor);
        float got[std::size(in)];
        float *gotPtr[] = {got};
        (*processor)->process(inPtr, gotPtr, len);
        for (int64_t i = 0; i < len; ++i)
          CHECK_MESSAGE(sameValue(want[i], got[i]),
                        "output " << std::string(expression) << ", engine " << engine
                                  << std::string(flush ? "" : " (no-ftz)") << ", input "
                                  << show(in[i]) << ": interp " << show(want[i]) << ", " << engine
                                  << " " << show(got[i]));
      }
    }
  }
}

} // namespace resin::test
