// The workloads of EngineBench (see Workloads.h): which file, which -O level
// and options, which input, and which baseline and peer rows go with each.
#include "Workloads.h"

#include "resin/passes/PassManager.h"
#include "resin/registry/EngineRegistry.h"
#include "resin/support/SourceFile.h"
#include "resin/syntax/Load.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace resin::bench {

namespace {

[[noreturn]] void die(const std::string &message) {
  std::fprintf(stderr, "resin_engine_bench: %s\n", message.c_str());
  std::exit(2);
}

/// A deterministic signal in [lo, hi): a 32-bit LCG's top 24 bits.
std::vector<float> makeSignal(float lo, float hi) {
  std::vector<float> v(kBlock);
  uint32_t s = 12345;
  for (float &x : v) {
    s = s * 1664525u + 1013904223u;
    float unit = float(s >> 8) / float(1 << 24); // [0, 1)
    x = lo + (hi - lo) * unit;
  }
  return v;
}

/// Parses, verifies and optimizes at `level` (as `resinc -O<level>` does).
Graph loadGraph(const SourceFile &file, SourceFormat format, int level) {
  auto graph = parseSource(file, format);
  if (!graph)
    die(graph.errors()[0].str());
  PipelineOptions options;
  options.context.allowValueChanges = level >= 2;
  auto stats = runPipeline(*graph, pipelineForLevel(level), options);
  if (!stats)
    die(stats.errors()[0].str());
  return std::move(*graph);
}

Graph loadFileAt(const std::string &path, int level) {
  auto file = readSourceFile(path);
  if (!file)
    die(file.errors()[0].str());
  auto format = formatFromPath(path);
  if (!format)
    die(path + ": unknown extension");
  return loadGraph(*file, *format, level);
}

/// Attaches each peer to its workload's case.
void addPeers(Workloads &w, const std::vector<Peer> &peers) {
  for (const Peer &p : peers)
    for (auto &c : w.audio)
      if (c->name == p.workload)
        c->baselines.push_back({p.row, p.run, p.lanes});
}

} // namespace

std::string chain50Text() {
  std::string text = "# chain50: 50 pure arithmetic ops on one input (bench/EngineBench.cpp)\n"
                     "name chain50\nsample_rate 44100\ninput x\ny = x";
  for (size_t i = 0; i < kChainLength; ++i) {
    ChainStep step = chainStep(i);
    const char *op = step.op == ChainOp::Gain     ? "gain"
                     : step.op == ChainOp::Offset ? "offset"
                     : step.op == ChainOp::Mul    ? "mul"
                                                  : "add";
    char buf[64];
    std::snprintf(buf, sizeof buf, " -> %s(%.9g)", op, double(step.value));
    text += buf;
  }
  text += "\noutput y\n";
  return text;
}

Check compareWithReference(const std::vector<float> &out, const std::vector<float> &ref) {
  Check check;
  for (size_t i = 0; i < out.size(); ++i) {
    check.mismatches += std::memcmp(&out[i], &ref[i], sizeof(float)) != 0;
    bool bothNaN = std::isnan(out[i]) && std::isnan(ref[i]);
    double diff = bothNaN ? 0.0 : std::fabs(double(out[i]) - double(ref[i]));
    if (std::isnan(diff))
      diff = INFINITY;
    if (diff > check.maxAbsDiff)
      check.maxAbsDiff = diff;
    if (check.failure.empty() && diff > 1e-4 * (1 + std::fabs(double(ref[i])))) {
      char buf[160];
      std::snprintf(buf, sizeof buf, "output differs from interp at %zu: %.9g vs %.9g", i,
                    double(out[i]), double(ref[i]));
      check.failure = buf;
    }
  }
  return check;
}

const std::vector<float> &AudioCase::reference() {
  if (ref_.empty()) {
    auto interp = makeAudioProcessor("interp", graph, options);
    if (!interp)
      die(interp.errors()[0].str());
    ref_.resize(kBlock);
    const float *in[] = {input->data()};
    float *out[] = {ref_.data()};
    (*interp)->init();
    (*interp)->process(in, out, kBlock);
  }
  return ref_;
}

const std::vector<float> &FieldCase::reference() {
  if (ref_.empty()) {
    auto interp = makeFieldEvaluator("interp", graph);
    if (!interp)
      die(interp.errors()[0].str());
    ref_.resize(size_t(grid.width * grid.height));
    for (int64_t j = 0; j < grid.height; ++j)
      (*interp)->row(grid.x0, grid.dx, grid.y0 + float(j) * grid.dy, 0, 0,
                     ref_.data() + j * grid.width, grid.width);
  }
  return ref_;
}

Workloads loadWorkloads() {
  Workloads w;
  w.signal = makeSignal(-1, 1);
  w.angles = makeSignal(-10, 10);

  auto audio = [&](std::string name, Graph graph, const std::vector<float> &input,
                   std::vector<AudioBaseline> baselines, MathMode math = MathMode::Precise) {
    auto c = std::make_unique<AudioCase>();
    c->name = std::move(name);
    c->graph = std::move(graph);
    c->options.math = math;
    c->input = &input;
    c->baselines = std::move(baselines);
    w.audio.push_back(std::move(c));
  };
  const AudioBaseline memcpyRow{"memcpy", copyHandWritten, 1, false};
  const std::string graphs = RESIN_GRAPHS_DIR, benchGraphs = RESIN_BENCH_GRAPHS_DIR;

  // The affine chain at -O2 (fused to one affine node) and -O0 (four stages,
  // sharing the -O2 case's baseline rows).
  audio("affine_chain", loadFileAt(graphs + "/affine_chain.graph", 2), w.signal,
        {{"hand-written", affineChainHandWritten}, memcpyRow});
  audio("affine_chain-O0", loadFileAt(graphs + "/affine_chain.graph", 0), w.signal, {});
  audio("chain50",
        loadGraph(SourceFile("chain50.graph", chain50Text()), SourceFormat::GraphText, 0), w.signal,
        {{"hand-written", chain50HandWritten}, memcpyRow});
  audio("onepole", loadFileAt(benchGraphs + "/onepole.graph", 2), w.signal,
        {{"hand-written", onepoleHandWritten},
         {"hand-written-unrolled", onepoleUnrolledHandWritten},
         memcpyRow});
  audio("biquad", loadFileAt(benchGraphs + "/biquad.graph", 2), w.signal,
        {{"hand-written", biquadHandWritten}, memcpyRow});
  // sin at both accuracies; sin-fast shares sin's rows (hand-written, glibc,
  // both SLEEF accuracies, memcpy).
  audio("sin", loadFileAt(benchGraphs + "/sin.graph", 2), w.angles,
        {{"hand-written", sinPolyHandWritten}, {"glibc-sinf", sinfGlibc}, memcpyRow});
  audio("sin-fast", loadFileAt(benchGraphs + "/sin.graph", 2), w.angles, {}, MathMode::Fast);
  addPeers(w, faustPeers());
  addPeers(w, sleefPeers());

  auto field = [&](std::string name, float span, void (*handWritten)(const Grid &, float *)) {
    auto c = std::make_unique<FieldCase>();
    c->name = name;
    c->graph = loadFileAt(benchGraphs + "/" + name + ".field", 2);
    float step = span / float(kGridSize); // a power of two over 512: exact
    c->grid = {0, step, 0, step, kGridSize, kGridSize};
    c->handWritten = handWritten;
    w.fields.push_back(std::move(c));
  };
  field("perlin2", 16, perlin2HandWritten);
  field("fbm2", 4, fbm2HandWritten);
  return w;
}

} // namespace resin::bench
