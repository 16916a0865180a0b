// The parity checker (parity/Parity.h): engines against interp bit for bit, and the
// optimized graph against the unoptimized one under a tolerance.
//
// interp is causal and runs one sample at a time, so its output for a buffer
// of length L is the first L samples of its output for the whole signal: the
// reference is computed once per input signal and every buffer length and
// block split of every engine is compared with a prefix of it.
#include "resin/parity/Parity.h"
#include "resin/engine/Automation.h"
#include "resin/registry/EngineRegistry.h"

#include "resin/passes/PassManager.h"
#include "resin/support/Interrupt.h"
#include "resin/support/SplitMix.h"

#include <algorithm>
#include <array>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <numbers>

namespace resin::parity {

namespace {

constexpr int64_t kSignal = 44100;

/// splitmix64: the same sequence on every platform.
class Rng {
public:
  explicit Rng(uint64_t seed) : bits_(seed) {}
  uint64_t next() { return bits_.next(); }
  int below(int n) { return int(next() % uint64_t(n)); }
  int64_t between(int64_t lo, int64_t hi) { return lo + int64_t(next() % uint64_t(hi - lo + 1)); }
  double unit() { return double(next() >> 11) * 0x1.0p-53; }
  double uniform(double lo, double hi) { return lo + (hi - lo) * unit(); }
  bool chance(double p) { return unit() < p; }

private:
  SplitMix64 bits_;
};

/// Folds one comparison of `want` (interp) and `got` into `result`; `where`
/// builds the mismatch report for sample i on the first difference.
template <class Where>
void compare(EngineResult &result, const float *want, const float *got, int64_t len,
             const Where &where) {
  for (int64_t i = 0; i < len; ++i) {
    if (sameValue(want[i], got[i]))
      continue;
    ++result.mismatches;
    float a = want[i], b = got[i];
    double err = std::isfinite(a) && std::isfinite(b) ? std::fabs(double(a) - double(b))
                                                      : std::numeric_limits<double>::infinity();
    result.maxAbsErr = std::max(result.maxAbsErr, err);
    result.maxUlp = std::max(result.maxUlp, ulpDistance(a, b));
    if (!result.first) {
      Mismatch m = where(i);
      m.engine = result.engine;
      m.index = i;
      m.expected = a;
      m.actual = b;
      result.first = std::move(m);
    }
  }
}

/// opt-vs-unopt: |a - b| <= tol * (1 + |b|) with b the unoptimized value; a
/// NaN must meet a NaN, an infinity the same infinity.
template <class Where>
void compareTolerance(OptVsUnopt &result, double tolerance, const float *opt, const float *unopt,
                      int64_t len, const Where &where) {
  for (int64_t i = 0; i < len; ++i) {
    float a = opt[i], b = unopt[i];
    ++result.samples;
    bool ok;
    double err = 0;
    if (std::isfinite(a) && std::isfinite(b)) {
      err = std::fabs(double(a) - double(b));
      ok = err <= tolerance * (1 + std::fabs(double(b)));
    } else {
      ok = sameValue(a, b) || (std::isnan(a) && std::isnan(b));
      err = ok ? 0 : std::numeric_limits<double>::infinity();
    }
    result.maxAbsErr = std::max(result.maxAbsErr, err);
    if (!ok) {
      result.pass = false;
      if (!result.first) {
        Mismatch m = where(i);
        m.engine = "interp (optimized)";
        m.index = i;
        m.expected = b;
        m.actual = a;
        result.first = std::move(m);
      }
    }
  }
}

std::vector<std::string> chooseEngines(const ParityOptions &options, FileResult &file) {
  std::vector<std::string_view> host = hostEngineNames(options.engine);
  std::vector<std::string> engines;
  if (options.engines.empty()) {
    for (std::string_view name : host)
      if (name != "interp")
        engines.emplace_back(name);
    return engines;
  }
  for (const std::string &name : options.engines) {
    if (name == "interp")
      continue;
    if (std::find(host.begin(), host.end(), name) == host.end()) {
      file.notes.push_back("engine " + name + " skipped: this host cannot run it");
      continue;
    }
    if (std::find(engines.begin(), engines.end(), name) == engines.end())
      engines.push_back(name);
  }
  return engines;
}

// ---- audio -----------------------------------------------------------------

} // namespace

std::vector<InputSignal> inputSignals(size_t numInputs, int64_t length, int seeds) {
  std::vector<InputSignal> signals;
  auto make = [&](std::string name, auto sample) {
    InputSignal s{std::move(name), Channels(numInputs, std::vector<float>(size_t(length)))};
    for (size_t c = 0; c < numInputs; ++c)
      for (int64_t i = 0; i < length; ++i)
        s.channels[c][size_t(i)] = sample(c, i);
    signals.push_back(std::move(s));
  };
  make("sine (220 Hz, amplitude 0.8)", [](size_t c, int64_t i) {
    double f = 220.0 * double(c + 1) + 37.0 * double(c);
    return float(0.8 * std::sin(2 * std::numbers::pi * f * double(i) / 44100.0));
  });
  make("sine (3 kHz, amplitude 1)", [](size_t c, int64_t i) {
    double f = 3000.0 + 311.0 * double(c);
    return float(std::sin(2 * std::numbers::pi * f * double(i) / 44100.0));
  });
  for (int k = 0; k < seeds; ++k) {
    Rng rng(1000 + uint64_t(k));
    make("uniform noise (seed " + std::to_string(k) + ")",
         [&](size_t, int64_t) { return float(rng.uniform(-1, 1)); });
  }
  const auto &edges = edgeValues();
  Rng edgeRng(77);
  make("edge values",
       [&](size_t, int64_t) { return edges[size_t(edgeRng.below(int(edges.size())))]; });
  Rng sparseRng(78);
  make("noise with sparse edge values", [&](size_t, int64_t) {
    if (sparseRng.chance(1.0 / 200))
      return edges[size_t(sparseRng.below(int(edges.size())))];
    return float(sparseRng.uniform(-1, 1));
  });
  return signals;
}

namespace {

/// A random automation schedule for a graph's params (none without params):
/// events at some block starts and block ends (the first and last sample of
/// a block), at sample 0 and at random samples, each a value across the
/// param's range (around its default when it has none).
std::vector<ParamEvent> randomAutomation(const Graph &graph, Rng &rng,
                                         const std::vector<int64_t> &blocks) {
  std::vector<ParamEvent> events;
  if (graph.params.empty())
    return events;
  auto value = [&](const ParamDecl &p) {
    if (p.hasRange)
      return std::clamp(float(rng.uniform(p.min, p.max)), float(p.min), float(p.max));
    double spread = 1 + std::fabs(double(p.defaultValue));
    return float(double(p.defaultValue) + rng.uniform(-spread, spread));
  };
  auto add = [&](int64_t sample) {
    uint32_t param = uint32_t(rng.below(int(graph.params.size())));
    float v = value(graph.params[param]);
    if (graph.params[param].accepts(v))
      events.push_back({sample, param, v});
  };
  add(0);
  int64_t start = 0;
  for (int64_t b : blocks) {
    if (rng.chance(0.2))
      add(start);
    if (rng.chance(0.2))
      add(start + b - 1);
    start += b;
  }
  for (int i = 0; i < 16; ++i)
    add(rng.between(0, kSignal - 1));
  std::stable_sort(events.begin(), events.end(),
                   [](const ParamEvent &a, const ParamEvent &b) { return a.sample < b.sample; });
  return events;
}

/// processAt under automation: the events from `next` on that fall in
/// [start, start + len) are applied at their samples.
void processAutomatedAt(AudioProcessor &p, const Channels &in, Channels &out, int64_t start,
                        int64_t len, const std::vector<ParamEvent> &events, size_t &next) {
  std::vector<const float *> inPtr;
  std::vector<float *> outPtr;
  for (const auto &c : in)
    inPtr.push_back(c.data() + start);
  for (auto &c : out)
    outPtr.push_back(c.data() + start);
  processAutomated(p, inPtr.data(), outPtr.data(), len, start, events, next);
}

/// For a mismatch report: the automation a run applied, if any.
std::string underAutomation(const std::vector<ParamEvent> &events) {
  if (events.empty())
    return "";
  std::string text = ", under " + std::to_string(events.size()) + " param events (first:";
  for (size_t i = 0; i < std::min<size_t>(events.size(), 4); ++i)
    text += " " + std::to_string(events[i].sample) + ":" + std::to_string(events[i].param) + "=" +
            std::to_string(events[i].value);
  return text + " ...)";
}

Channels runWhole(AudioProcessor &p, const InputSignal &s, size_t numOutputs,
                  const std::vector<ParamEvent> &events) {
  Channels out(numOutputs, std::vector<float>(size_t(kSignal)));
  p.init();
  size_t next = 0;
  processAutomatedAt(p, s.channels, out, 0, kSignal, events, next);
  return out;
}

Result<FileResult> checkAudio(const Graph &unopt, const Graph &opt, const ParityOptions &options) {
  FileResult file;
  file.kind = GraphKind::Audio;
  std::vector<std::string> engines = chooseEngines(options, file);
  auto interp = makeAudioProcessor("interp", opt, options.engine);
  if (!interp)
    return interp.errors();
  auto interpUnopt = makeAudioProcessor("interp", unopt, options.engine);
  if (!interpUnopt)
    return interpUnopt.errors();
  const size_t numInputs = (*interp)->numInputs(), numOutputs = (*interp)->numOutputs();
  std::vector<InputSignal> signals = inputSignals(numInputs, kSignal, options.seeds);

  // Per signal: the random block split every engine runs, and the random
  // automation every run of that signal applies.
  std::vector<std::vector<int64_t>> blockSplits;
  std::vector<std::vector<ParamEvent>> automation;
  for (size_t s = 0; s < signals.size(); ++s) {
    Rng blockRng(0xb10c + s);
    blockSplits.push_back(randomBlocks(blockRng, kSignal));
    Rng eventRng(0xa0705 + s);
    automation.push_back(randomAutomation(opt, eventRng, blockSplits.back()));
  }

  std::vector<Channels> reference;
  for (size_t s = 0; s < signals.size(); ++s) {
    if (options.progress)
      options.progress("interp on " + signals[s].name);
    reference.push_back(runWhole(**interp, signals[s], numOutputs, automation[s]));
    Channels unoptOut = runWhole(**interpUnopt, signals[s], numOutputs, automation[s]);
    for (size_t ch = 0; ch < numOutputs && ch < unoptOut.size(); ++ch)
      compareTolerance(file.optVsUnopt, options.tolerance, reference[s][ch].data(),
                       unoptOut[ch].data(), kSignal, [&](int64_t i) {
                         Mismatch m;
                         m.signal = signals[s].name;
                         m.how = "one process() of " + std::to_string(kSignal) + " samples";
                         m.length = kSignal;
                         m.output = ch;
                         for (const auto &in : signals[s].channels)
                           m.inputs.push_back(in[size_t(i)]);
                         m.command = options.command;
                         return m;
                       });
  }

  Channels got(numOutputs, std::vector<float>(size_t(kSignal)));
  for (const std::string &engine : engines) {
    EngineResult result;
    result.engine = engine;
    auto processor = makeAudioProcessor(engine, opt, options.engine);
    if (!processor && opt.readsParams()) {
      // An engine that does not run params (the registry says which).
      file.notes.push_back(engine + ": " + processor.errors()[0].message);
      continue;
    }
    if (!processor)
      return processor.errors();
    AudioProcessor &p = **processor;
    std::string command = options.command + " --engines " + engine;
    for (size_t s = 0; s < signals.size(); ++s) {
      // SIGINT or SIGTERM: stop at the next signal (resin/support/Interrupt.h).
      if (stopSignal() != 0)
        return Diagnostic{opt.name, {}, "stopped"};
      if (options.progress)
        options.progress(engine + " on " + signals[s].name);
      auto report = [&](const std::string &how, int64_t len, size_t ch) {
        return [&, how, len, ch](int64_t i) {
          Mismatch m;
          m.signal = signals[s].name;
          m.how = how;
          m.length = len;
          m.output = ch;
          for (const auto &in : signals[s].channels)
            m.inputs.push_back(in[size_t(i)]);
          m.command = command;
          return m;
        };
      };
      for (int64_t len : bufferLengths()) {
        p.init();
        size_t next = 0;
        processAutomatedAt(p, signals[s].channels, got, 0, len, automation[s], next);
        ++result.cases;
        std::string how = "one process() of " + std::to_string(len) + " samples after init()" +
                          underAutomation(automation[s]);
        for (size_t ch = 0; ch < numOutputs; ++ch)
          compare(result, reference[s][ch].data(), got[ch].data(), len, report(how, len, ch));
      }
      const std::vector<int64_t> &blocks = blockSplits[s];
      p.init();
      int64_t start = 0;
      size_t next = 0;
      for (int64_t b : blocks) {
        processAutomatedAt(p, signals[s].channels, got, start, b, automation[s], next);
        start += b;
      }
      ++result.cases;
      std::string how = std::to_string(blocks.size()) + " random blocks (first:";
      for (size_t i = 0; i < std::min<size_t>(blocks.size(), 8); ++i)
        how += " " + std::to_string(blocks[i]);
      how += " ...)" + underAutomation(automation[s]);
      for (size_t ch = 0; ch < numOutputs; ++ch)
        compare(result, reference[s][ch].data(), got[ch].data(), kSignal, report(how, kSignal, ch));
    }
    file.engines.push_back(std::move(result));
  }
  return file;
}

// ---- fields ----------------------------------------------------------------

/// One field comparison: a row (x0, dx, y, z, t, len) or a set of points.
struct FieldChecker {
  const FieldEvaluator &interp;
  const FieldEvaluator *unopt; // set for opt-vs-unopt, null otherwise
  const ParityOptions &options;
  FileResult &file;
  std::vector<float> want, got, base; // channel after channel, each `len` values

  /// A colour field's every channel is compared, each as a run of `len`.
  size_t channels() const { return interp.numChannels(); }
  static std::array<float *, 4> channelPointers(std::vector<float> &values, size_t len) {
    std::array<float *, 4> out{};
    for (size_t c = 0; c * len < values.size() && c < 4; ++c)
      out[c] = &values[c * len];
    return out;
  }
  static std::string channelText(size_t c, size_t channels) {
    return channels > 1 ? ", channel " + std::to_string(c) : "";
  }

  void row(const std::string &kind, float x0, float dx, float y, float z, float t, int64_t len,
           const std::vector<std::pair<const FieldEvaluator *, EngineResult *>> &engines) {
    const size_t n = size_t(len), nc = channels();
    want.assign(n * nc, 0);
    got.assign(n * nc, 0);
    interp.rowChannels(x0, dx, y, z, t, channelPointers(want, n).data(), len);
    char text[200];
    std::snprintf(text, sizeof text, "row(x0=%.9g, dx=%.9g, y=%.9g, z=%.9g, t=%.9g, len=%lld)",
                  double(x0), double(dx), double(y), double(z), double(t), (long long)len);
    auto where = [&](const std::string &command, size_t c) {
      return [&, command, c](int64_t i) {
        Mismatch m;
        m.signal = kind;
        m.how = text + channelText(c, nc);
        m.length = len;
        m.inputs = {x0 + float(i) * dx, y, z, t};
        m.command = command;
        return m;
      };
    };
    if (unopt) {
      base.assign(n * nc, 0);
      unopt->rowChannels(x0, dx, y, z, t, channelPointers(base, n).data(), len);
      for (size_t c = 0; c < nc; ++c)
        compareTolerance(file.optVsUnopt, options.tolerance, &want[c * n], &base[c * n], len,
                         where(options.command, c));
    }
    for (auto &[engine, result] : engines) {
      engine->rowChannels(x0, dx, y, z, t, channelPointers(got, n).data(), len);
      ++result->cases;
      for (size_t c = 0; c < nc; ++c)
        compare(*result, &want[c * n], &got[c * n], len,
                where(options.command + " --engines " + result->engine, c));
    }
  }

  /// Every channel of every point of `at` from `f`, channel after channel.
  void evalAll(const FieldEvaluator &f, const std::vector<std::array<float, 4>> &at,
               std::vector<float> &out) const {
    const size_t n = at.size(), nc = channels();
    out.assign(n * nc, 0);
    for (size_t i = 0; i < n; ++i) {
      float v[4];
      f.evalChannels(at[i][0], at[i][1], at[i][2], at[i][3], v);
      for (size_t c = 0; c < nc; ++c)
        out[c * n + i] = v[c];
    }
  }

  void points(const std::string &kind, const std::vector<std::array<float, 4>> &at,
              const std::vector<std::pair<const FieldEvaluator *, EngineResult *>> &engines) {
    const int64_t n = int64_t(at.size());
    const size_t nc = channels();
    evalAll(interp, at, want);
    auto where = [&](const std::string &command, size_t c) {
      return [&, command, c](int64_t i) {
        Mismatch m;
        m.signal = kind;
        char text[160];
        const auto &p = at[size_t(i)];
        std::snprintf(text, sizeof text, "eval(%.9g, %.9g, %.9g, %.9g)", double(p[0]), double(p[1]),
                      double(p[2]), double(p[3]));
        m.how = text + channelText(c, nc);
        m.length = n;
        m.inputs = {p[0], p[1], p[2], p[3]};
        m.command = command;
        return m;
      };
    };
    if (unopt) {
      evalAll(*unopt, at, base);
      for (size_t c = 0; c < nc; ++c)
        compareTolerance(file.optVsUnopt, options.tolerance, &want[c * size_t(n)],
                         &base[c * size_t(n)], n, where(options.command, c));
    }
    for (auto &[engine, result] : engines) {
      evalAll(*engine, at, got);
      ++result->cases;
      for (size_t c = 0; c < nc; ++c)
        compare(*result, &want[c * size_t(n)], &got[c * size_t(n)], n,
                where(options.command + " --engines " + result->engine, c));
    }
  }
};

Result<FileResult> checkField(const Graph &unopt, const Graph &opt, const ParityOptions &options) {
  FileResult file;
  file.kind = GraphKind::Field;
  std::vector<std::string> names = chooseEngines(options, file);
  if (needsReferenceEngine(unopt)) // only interp and native evaluate these so far
    std::erase_if(names, [&](const std::string &name) {
      if (name == "native")
        return false;
      file.notes.push_back("engine " + name +
                           " skipped: it does not evaluate images or colour results yet");
      return true;
    });
  auto interp = makeFieldEvaluator("interp", opt, options.engine);
  if (!interp)
    return interp.errors();
  auto interpUnopt = makeFieldEvaluator("interp", unopt, options.engine);
  if (!interpUnopt)
    return interpUnopt.errors();
  std::vector<std::unique_ptr<FieldEvaluator>> evaluators;
  file.engines.reserve(names.size());
  std::vector<std::pair<const FieldEvaluator *, EngineResult *>> engines;
  for (const std::string &name : names) {
    if (options.progress)
      options.progress("compiling " + name);
    auto e = makeFieldEvaluator(name, opt, options.engine);
    if (!e && opt.readsParams()) {
      // The compiled tiers do not run a field's params yet (the registry says so).
      file.notes.push_back(name + ": " + e.errors()[0].message);
      continue;
    }
    if (!e)
      return e.errors();
    evaluators.push_back(std::move(*e));
    file.engines.push_back(EngineResult{name, 0, 0, 0, 0, std::nullopt});
  }
  for (size_t i = 0; i < names.size(); ++i)
    engines.emplace_back(evaluators[i].get(), &file.engines[i]);

  FieldChecker checker{**interp, interpUnopt->get(), options, file, {}, {}, {}};
  FieldChecker edgeChecker{**interp, nullptr, options, file, {}, {}, {}};

  // A grid: 48 rows of 131 points over [-4, 4]^2 at several z and t.
  if (options.progress)
    options.progress("grid");
  const float zt[][2] = {{0, 0}, {0.5f, 1.25f}, {-3.7f, 100}};
  for (const auto &[z, t] : zt)
    for (int j = 0; j < 48; ++j) {
      float y = -4 + (float(j) + 0.5f) * (8.0f / 48);
      checker.row("grid", -4 + 4.0f / 131, 8.0f / 131, y, z, t, 131, engines);
    }
  // Rows of every buffer length of the audio inputs (up to 1024).
  for (int64_t len : bufferLengths())
    if (len <= 1024)
      checker.row("row lengths", -1.3f, 2.6f / float(std::max<int64_t>(len, 1)), 0.3f, 0.2f, 0.7f,
                  len, engines);

  // Random points, eval and rows, one set per seed.
  for (int k = 0; k < options.seeds; ++k) {
    if (stopSignal() != 0)
      return Diagnostic{opt.name, {}, "stopped"};
    if (options.progress)
      options.progress("random points (seed " + std::to_string(k) + ")");
    Rng rng(2000 + uint64_t(k));
    std::vector<std::array<float, 4>> at(256);
    for (auto &p : at)
      p = {float(rng.uniform(-10, 10)), float(rng.uniform(-10, 10)), float(rng.uniform(-4, 4)),
           float(rng.uniform(0, 10))};
    checker.points("random points (seed " + std::to_string(k) + ")", at, engines);
    for (int r = 0; r < 4; ++r)
      checker.row("random rows (seed " + std::to_string(k) + ")", float(rng.uniform(-10, 10)),
                  float(rng.uniform(-0.5, 0.5)), float(rng.uniform(-10, 10)),
                  float(rng.uniform(-4, 4)), float(rng.uniform(0, 10)), rng.between(0, 100),
                  engines);
  }

  // Edge values: every (x, y) pair with z and t cycling through them too,
  // and rows whose x0, dx, y, z or t is an edge value. Bit for bit only:
  // the optimizer may change what an overflow or a NaN turns into.
  if (options.progress)
    options.progress("edge values");
  const auto &edges = edgeValues();
  const size_t n = edges.size();
  std::vector<std::array<float, 4>> at;
  for (size_t i = 0; i < n; ++i)
    for (size_t j = 0; j < n; ++j) {
      at.push_back({edges[i], edges[j], 0, 0});
      at.push_back({edges[i], edges[j], edges[(i + j) % n], edges[(3 * i + j) % n]});
    }
  edgeChecker.points("edge values", at, engines);
  for (float e : edges) {
    edgeChecker.row("edge rows", e, 0.1f, 0.4f, 0.1f, 0.2f, 33, engines);
    edgeChecker.row("edge rows", 0.25f, e, 0.4f, 0.1f, 0.2f, 33, engines);
    edgeChecker.row("edge rows", -1.5f, 0.1f, e, 0.1f, 0.2f, 33, engines);
    edgeChecker.row("edge rows", -1.5f, 0.1f, 0.4f, e, e, 33, engines);
  }
  return file;
}

} // namespace

bool sameValue(float a, float b) {
  if (std::isnan(a) && std::isnan(b))
    return true;
  return math::bitsOf(a) == math::bitsOf(b);
}

uint64_t ulpDistance(float a, float b) {
  if (sameValue(a, b))
    return 0;
  if (std::isnan(a) || std::isnan(b))
    return 0xffffffffull;
  auto ordered = [](float f) {
    uint32_t bits = math::bitsOf(f);
    return bits & 0x80000000u ? int64_t(0x80000000u) - int64_t(bits & 0x7fffffffu)
                              : int64_t(0x80000000u) + int64_t(bits);
  };
  int64_t d = ordered(a) - ordered(b);
  return std::max<uint64_t>(1, uint64_t(d < 0 ? -d : d)); // +0 against -0 counts 1
}

std::string showFloat(float v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.9g", double(v));
  return text;
}

Result<FileResult> checkParity(const Graph &unoptimized, const ParityOptions &options) {
  Graph optimized = unoptimized;
  PipelineOptions pipeline;
  pipeline.context.allowValueChanges = options.allowValueChanges;
  pipeline.context.math = options.engine.math;
  auto ran = runPipeline(optimized, options.pipeline, pipeline);
  if (!ran)
    return ran.errors();
  auto result = unoptimized.isField() ? checkField(unoptimized, optimized, options)
                                      : checkAudio(unoptimized, optimized, options);
  if (!result)
    return result;
  FileResult &file = *result;
  file.cases = file.engines.empty() ? 0 : file.engines.front().cases;
  file.pass = file.optVsUnopt.pass;
  for (const EngineResult &e : file.engines)
    if (e.mismatches)
      file.pass = false;
  return result;
}

const std::vector<int64_t> &bufferLengths() {
  static const std::vector<int64_t> lengths = [] {
    std::vector<int64_t> v;
    for (int64_t n = 0; n <= 17; ++n)
      v.push_back(n);
    for (int64_t center : {32, 64, 128, 256})
      for (int64_t n = center - 1; n <= center + 1; ++n)
        v.push_back(n);
    for (int64_t n : {1000, 1023, 1024, 4096, 44100})
      v.push_back(n);
    return v;
  }();
  return lengths;
}

const std::vector<float> &edgeValues() {
  static const std::vector<float> values = {
      0.0f,
      -0.0f,
      1.0f,
      -1.0f,
      std::numeric_limits<float>::denorm_min(),
      -std::numeric_limits<float>::denorm_min(),
      1e-40f,
      -3e-39f,
      FLT_MIN,
      -FLT_MIN,
      FLT_MAX,
      -FLT_MAX,
      std::numeric_limits<float>::infinity(),
      -std::numeric_limits<float>::infinity(),
      std::numeric_limits<float>::quiet_NaN(),
      -std::numeric_limits<float>::quiet_NaN(),
  };
  return values;
}

void processAt(AudioProcessor &p, const Channels &in, Channels &out, int64_t start, int64_t len) {
  size_t next = 0;
  processAutomatedAt(p, in, out, start, len, {}, next);
}

} // namespace resin::parity
