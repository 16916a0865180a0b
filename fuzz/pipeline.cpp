// libFuzzer target: the whole pipeline. An input in any of the four forms is
// read, optimized, compiled by a JIT engine and run (64 audio samples, or
// field points and a row), and every output is compared with the reference
// interpreter bit for bit (NaN equals NaN); the native engine is compared
// too. When the passes must keep values (PassContext::allowValueChanges
// off), interp on the optimized graph must also match interp on the graph as
// read. Any difference aborts, which libFuzzer records as a crash.
//
// One hash of the input picks the -O level, whether passes may change
// values, the JIT width and where the engine's block is split, so the corpus
// spreads over all of them without a format of its own.
#include "FuzzSupport.h"

#include "resin/engine/Engine.h"
#include "resin/jit/JitEngines.h"
#include "resin/parity/Parity.h"
#include "resin/passes/PassManager.h"

#include <cmath>
#include <limits>
#include <string_view>
#include <vector>

using namespace resin;

namespace {

/// A JIT compile per input is the slow part; bigger graphs mostly repeat
/// what small ones exercise. Graphs over these budgets are skipped, not
/// failed: they are legal, just not worth a fuzzer's time.
constexpr size_t kFuzzMaxNodes = 200;
constexpr int64_t kFuzzMaxDelaySamples = int64_t(1) << 16;
constexpr size_t kFuzzMaxChannels = 16;
constexpr int64_t kSamples = 64;
constexpr int64_t kRowLength = 19; // one 16-lane vector and a tail

uint64_t hashBytes(const uint8_t *data, size_t size) {
  uint64_t h = 14695981039346656037ull; // FNV-1a
  for (size_t i = 0; i < size; ++i)
    h = (h ^ data[i]) * 1099511628211ull;
  return h;
}

/// JSON when the first non-blank byte is '{'; otherwise the graph text form,
/// and the field text form when that fails.
Result<Graph> readAny(const SourceFile &file) {
  std::string_view text = file.text();
  size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && text[first] == '{')
    return parseSource(file, SourceFormat::Json);
  auto graph = parseGraphText(file);
  if (graph)
    return graph;
  return parseFieldText(file);
}

bool withinBudget(const Graph &graph) {
  if (graph.size() > kFuzzMaxNodes)
    return false;
  int64_t delay = 0;
  size_t channels = 0;
  for (const Node &node : graph.nodes) {
    if (node.op == Op::Delay)
      delay += int64_t(node.value("samples"));
    if (node.op == Op::Vdelay)
      delay += int64_t(node.value("max"));
    if (node.op == Op::Input || node.op == Op::Output)
      channels = std::max(channels, size_t(node.value("channel")) + 1);
  }
  return delay <= kFuzzMaxDelaySamples && channels <= kFuzzMaxChannels;
}

/// Input channel c: edge values, a ramp through large and small magnitudes,
/// and a sine, shifted per channel so channels differ.
std::vector<std::vector<float>> audioInputs(size_t channels) {
  const std::vector<float> &edges = parity::edgeValues();
  std::vector<std::vector<float>> in(channels, std::vector<float>(kSamples));
  for (size_t c = 0; c < channels; ++c)
    for (int64_t i = 0; i < kSamples; ++i) {
      int64_t k = i + int64_t(c) * 7;
      if (k % 3 == 0)
        in[c][size_t(i)] = edges[size_t(k / 3) % edges.size()];
      else if (k % 3 == 1)
        in[c][size_t(i)] = std::ldexp(float(k % 11) - 5.0f, int(k % 40) - 20);
      else
        in[c][size_t(i)] = std::sin(0.3f * float(k));
    }
  return in;
}

using Channels = std::vector<std::vector<float>>;

/// Runs `len` samples from init(), in two process() calls split at `split`.
Channels runAudio(AudioProcessor &p, const Channels &in, int64_t split) {
  Channels out(p.numOutputs(), std::vector<float>(kSamples));
  p.init();
  for (auto [from, to] : {std::pair{int64_t(0), split}, std::pair{split, kSamples}}) {
    std::vector<const float *> ins;
    std::vector<float *> outs;
    for (const auto &channel : in)
      ins.push_back(channel.data() + from);
    for (auto &channel : out)
      outs.push_back(channel.data() + from);
    p.process(ins.data(), outs.data(), to - from);
  }
  return out;
}

std::string describe(const SourceFile &file, std::string_view what, std::string_view engine,
                     size_t index, float want, float got) {
  return std::string(what) + " " + std::string(engine) + " at " + std::to_string(index) +
         ": interp " + parity::showFloat(want) + ", engine " + parity::showFloat(got) +
         "\n--- input ---\n" + file.text();
}

void compareChannels(const SourceFile &file, std::string_view what, std::string_view engine,
                     const Channels &want, const Channels &got) {
  for (size_t c = 0; c < want.size(); ++c)
    for (size_t i = 0; i < want[c].size(); ++i)
      if (!parity::sameValue(want[c][i], got[c][i]))
        fuzz::fail("mismatch",
                   describe(file, what, engine, c * kSamples + i, want[c][i], got[c][i]));
}

template <class T> T unwrap(Result<T> result, const SourceFile &file, std::string_view what) {
  if (!result)
    fuzz::fail(std::string(what) + ": " + result.errors()[0].str(), file.text());
  return std::move(*result);
}

void checkAudio(const SourceFile &file, const Graph &read, const Graph &opt, bool exactPasses,
                std::string_view jit, int64_t split) {
  auto interp = unwrap(makeAudioProcessor("interp", opt), file, "interp");
  Channels in = audioInputs(interp->numInputs());
  Channels want = runAudio(*interp, in, kSamples);
  if (exactPasses) {
    auto unopt = unwrap(makeAudioProcessor("interp", read), file, "interp -O0");
    compareChannels(file, "optimized vs read", "interp", runAudio(*unopt, in, kSamples), want);
  }
  for (std::string_view engine : {std::string_view("native"), jit}) {
    auto p = unwrap(makeAudioProcessor(engine, opt), file, std::string(engine));
    compareChannels(file, "audio", engine, want, runAudio(*p, in, split));
  }
}

void checkField(const SourceFile &file, const Graph &read, const Graph &opt, bool exactPasses,
                std::string_view jit) {
  constexpr float inf = std::numeric_limits<float>::infinity();
  constexpr float nan = std::numeric_limits<float>::quiet_NaN();
  const float points[][4] = {{0, 0, 0, 0},         {0.5f, -1.25f, 3, 0.1f},    {-0.0f, 1, -1, 2},
                             {1e6f, -1e6f, 7, 0},  {1e-40f, -1e-40f, 0, 1},    {nan, 0.25f, 0, 0},
                             {inf, -inf, 0.5f, 0}, {255.5f, 256.0f, -0.75f, 3}};
  auto evaluate = [&](const FieldEvaluator &f) {
    std::vector<float> out;
    for (const auto &p : points)
      out.push_back(f.eval(p[0], p[1], p[2], p[3]));
    std::vector<float> row(kRowLength);
    f.row(-2.0f, 0.37f, 0.25f, -0.5f, 1.5f, row.data(), kRowLength);
    out.insert(out.end(), row.begin(), row.end());
    return Channels{out};
  };
  auto interp = unwrap(makeFieldEvaluator("interp", opt), file, "interp");
  Channels want = evaluate(*interp);
  if (exactPasses) {
    auto unopt = unwrap(makeFieldEvaluator("interp", read), file, "interp -O0");
    compareChannels(file, "optimized vs read", "interp", evaluate(*unopt), want);
  }
  for (std::string_view engine : {std::string_view("native"), jit}) {
    auto f = unwrap(makeFieldEvaluator(engine, opt), file, std::string(engine));
    compareChannels(file, "field", engine, want, evaluate(*f));
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > fuzz::kMaxFuzzBytes)
    return -1;
  SourceFile file = fuzz::sourceFrom(data, size, "fuzz");
  Result<Graph> read = readAny(file);
  if (!read || !withinBudget(*read))
    return 0;

  uint64_t h = hashBytes(data, size);
  int level = int(h % 4);
  bool exactPasses = (h >> 2) % 2 == 0;
  // Where the host runs no JIT width, native is checked against interp alone.
  static const std::vector<std::string_view> jits = jit::hostJitEngines();
  std::string_view jit = jits.empty() ? "native" : jits[(h >> 3) % jits.size()];
  int64_t split = int64_t((h >> 8) % (kSamples + 1));

  Graph opt = *read;
  PipelineOptions options;
  options.context.allowValueChanges = !exactPasses;
  unwrap(runPipeline(opt, pipelineForLevel(level), options), file, "optimizer");
  if (read->isField())
    checkField(file, *read, opt, exactPasses, jit);
  else
    checkAudio(file, *read, opt, exactPasses, jit, split);
  return 0;
}
