// Engine throughput and JIT compile time against hand-written C++
// (docs/performance.md). One binary, benchmarks registered at run time so the
// engine list follows the host (hostEngineNames()):
//
//   FILE_STEM/ENGINE           44100 samples in one block per iteration;
//                              counter ns_per_item (ns per sample)
//   FILE_STEM/hand-written     the same work as a plain C++ loop (HandWritten.cpp)
//   FILE_STEM/memcpy           memcpy of the same buffer (bandwidth floor)
//   FILE_STEM/compile-ENGINE   makeJitProcessor on the optimized graph (IR build
//                              to callable pointer; freeing it is not timed), in
//                              ms, with the mean of each phase as counters
//
// Graphs: affine_chain (graphs/affine_chain.graph) at -O2, the same at -O0
// (named affine_chain-O0, so the four stages stay unfused), and chain50, a
// 50-op pure chain generated here (HandWritten.h's chainStep) at -O0.
//
// Run: build/bench/resin_engine_bench [--benchmark_filter=...]
//      build/bench/resin_engine_bench --write-chain50=PATH   writes chain50's
//      text (for `resinc compile PATH -O0`) and exits.
#include "HandWritten.h"

#include "resin/engine/Engine.h"
#include "resin/jit/JitEngines.h"
#include "resin/passes/PassManager.h"
#include "resin/support/SourceFile.h"
#include "resin/syntax/Load.h"

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

namespace {

using resin::bench::ChainOp;

constexpr int64_t kBlock = 44100;

/// chain50 as graph text: x -> gain(0.75) -> offset(0.25) -> mul(1.125) -> ...
std::string chain50Text() {
  std::string text = "# chain50: 50 pure arithmetic ops on one input (bench/EngineBench.cpp)\n"
                     "name chain50\nsample_rate 44100\ninput x\ny = x";
  for (size_t i = 0; i < resin::bench::kChainLength; ++i) {
    resin::bench::ChainStep step = resin::bench::chainStep(i);
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

/// A graph to run, optimized at its -O level, with the hand-written loop that
/// does the same work (bit for bit only where the graph is not fused, -O0).
struct Case {
  std::string name;
  resin::Graph graph;
  void (*handWritten)(const float *, float *, int64_t) = nullptr;
  bool bitExact = false; // whether handWritten's output must match bit for bit
};

std::vector<float> gInput;

/// A deterministic signal in [-1, 1): a 32-bit LCG's top 24 bits.
std::vector<float> makeInput() {
  std::vector<float> in(kBlock);
  uint32_t s = 12345;
  for (float &v : in) {
    s = s * 1664525u + 1013904223u;
    v = float(int32_t(s >> 8) - (1 << 23)) / float(1 << 23);
  }
  return in;
}

double threadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

/// Runs `block` once per iteration, then sets items processed and
/// ns_per_item: thread CPU time per sample (what Google Benchmark's CPU
/// column measures), as a plain counter in ns so the JSON holds ns.
template <class Block> void timeBlocks(benchmark::State &state, Block block) {
  double start = threadCpuSeconds();
  for (auto _ : state) {
    block();
    benchmark::ClobberMemory();
  }
  double seconds = threadCpuSeconds() - start;
  state.SetItemsProcessed(state.iterations() * kBlock);
  state.counters["ns_per_item"] =
      state.iterations() ? seconds * 1e9 / double(state.iterations() * kBlock) : 0.0;
}

/// Samples of `out` that differ bit for bit from `expected`.
double mismatches(const std::vector<float> &out, const std::vector<float> &expected) {
  double count = 0;
  for (size_t i = 0; i < out.size(); ++i)
    count += std::memcmp(&out[i], &expected[i], sizeof(float)) != 0;
  return count;
}

void runEngine(benchmark::State &state, const Case *c, std::string engine) {
  auto processor = resin::makeAudioProcessor(engine, c->graph);
  if (!processor) {
    state.SkipWithError(processor.errors()[0].str().c_str());
    return;
  }
  std::vector<float> out(kBlock);
  const float *in[] = {gInput.data()};
  float *outs[] = {out.data()};
  (*processor)->init();
  timeBlocks(state, [&] { (*processor)->process(in, outs, kBlock); });
  state.counters["nodes"] = double(c->graph.size());
  if (c->bitExact) {
    std::vector<float> expected(kBlock);
    c->handWritten(gInput.data(), expected.data(), kBlock);
    state.counters["mismatches"] = mismatches(out, expected);
  }
}

void runHandWritten(benchmark::State &state, void (*fn)(const float *, float *, int64_t)) {
  std::vector<float> out(kBlock);
  timeBlocks(state, [&] {
    fn(gInput.data(), out.data(), kBlock);
    benchmark::DoNotOptimize(out.data());
  });
}

void runCompile(benchmark::State &state, const Case *c, std::string engine) {
  resin::jit::PhaseTimes sum;
  unsigned width = 0;
  for (auto _ : state) {
    resin::jit::CompileReport report;
    auto processor = resin::jit::makeJitProcessor(engine, c->graph, {}, &report);
    if (!processor) {
      state.SkipWithError(processor.errors()[0].str().c_str());
      return;
    }
    sum.ir += report.times.ir;
    sum.llvmOpt += report.times.llvmOpt;
    sum.codegen += report.times.codegen;
    width = report.width;
    // Freeing the processor (and its JITDylib) is not part of the compile time.
    state.PauseTiming();
    processor->reset();
    state.ResumeTiming();
  }
  // Mean ms per compilation of each phase (CompileReport's own timers).
  auto avg = [](double msSum) {
    return benchmark::Counter(msSum, benchmark::Counter::kAvgIterations);
  };
  state.counters["ir_ms"] = avg(sum.ir);
  state.counters["llvm_opt_ms"] = avg(sum.llvmOpt);
  state.counters["codegen_ms"] = avg(sum.codegen);
  state.counters["total_ms"] = avg(sum.ir + sum.llvmOpt + sum.codegen);
  state.counters["width"] = width;
}

std::unique_ptr<Case> loadCase(std::string name, const resin::SourceFile &file,
                               resin::SourceFormat format, int level) {
  auto graph = resin::parseSource(file, format);
  if (!graph) {
    std::fprintf(stderr, "resin_engine_bench: %s\n", graph.errors()[0].str().c_str());
    std::exit(2);
  }
  resin::PipelineOptions options;
  options.context.allowValueChanges = level >= 2;
  auto stats = resin::runPipeline(*graph, resin::pipelineForLevel(level), options);
  if (!stats) {
    std::fprintf(stderr, "resin_engine_bench: %s\n", stats.errors()[0].str().c_str());
    std::exit(2);
  }
  auto c = std::make_unique<Case>();
  c->name = std::move(name);
  c->graph = std::move(*graph);
  return c;
}

} // namespace

int main(int argc, char **argv) {
  // Our own flag, taken out before Google Benchmark sees the arguments.
  const std::string writeFlag = "--write-chain50=";
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], writeFlag.c_str(), writeFlag.size()) == 0) {
      std::ofstream(argv[i] + writeFlag.size()) << chain50Text();
      return 0;
    }
  }

  gInput = makeInput();
  auto affineFile = resin::readSourceFile(RESIN_GRAPHS_DIR "/affine_chain.graph");
  if (!affineFile) {
    std::fprintf(stderr, "resin_engine_bench: %s\n", affineFile.errors()[0].str().c_str());
    return 2;
  }
  resin::SourceFile chainFile("chain50.graph", chain50Text());
  auto G = resin::SourceFormat::GraphText;

  std::vector<std::unique_ptr<Case>> cases;
  cases.push_back(loadCase("affine_chain", *affineFile, G, 2));
  cases.back()->handWritten = resin::bench::affineChainHandWritten;
  cases.push_back(loadCase("affine_chain-O0", *affineFile, G, 0));
  cases.back()->handWritten = resin::bench::affineChainHandWritten;
  cases.back()->bitExact = true;
  cases.push_back(loadCase("chain50", chainFile, G, 0));
  cases.back()->handWritten = resin::bench::chain50HandWritten;
  cases.back()->bitExact = true;

  std::vector<std::string> engines;
  for (std::string_view e : resin::hostEngineNames())
    engines.emplace_back(e);

  for (const auto &c : cases) {
    for (const std::string &engine : engines)
      benchmark::RegisterBenchmark((c->name + "/" + engine).c_str(), runEngine, c.get(), engine);
    // One hand-written loop and one memcpy per work: affine_chain-O0 shares
    // affine_chain's.
    if (c->name != "affine_chain-O0") {
      benchmark::RegisterBenchmark((c->name + "/hand-written").c_str(), runHandWritten,
                                   c->handWritten);
      benchmark::RegisterBenchmark((c->name + "/memcpy").c_str(), runHandWritten,
                                   resin::bench::copyHandWritten);
    }
  }
  for (const auto &c : cases)
    for (const std::string &engine : engines)
      if (resin::jit::isJitEngine(engine))
        benchmark::RegisterBenchmark((c->name + "/compile-" + engine).c_str(), runCompile, c.get(),
                                     engine)
            ->Unit(benchmark::kMillisecond);

  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv))
    return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
