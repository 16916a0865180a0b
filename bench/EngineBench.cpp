// Engine throughput and JIT compile time against hand-written C++ and peers
// (docs/performance.md). One binary, benchmarks registered at run time so the
// engine list follows the host (hostEngineNames()) and the peer list follows
// what the build found (Peers.h):
//
//   FILE_STEM/ENGINE           audio: 44100 samples in one block per iteration;
//                              fields: a 512x512 grid, row by row, one thread;
//                              counter ns_per_item (ns per sample or point)
//   FILE_STEM/hand-written     the same work as plain C++ (HandWritten*.cpp)
//   FILE_STEM/PEER             faust, faust-vec, sleef-u10, sleef-u35, glibc-sinf
//   FILE_STEM/memcpy           memcpy of the same buffer (bandwidth floor)
//   FILE_STEM/compile-ENGINE   makeJitProcessor / makeJitField on the optimized
//                              graph (IR build to callable pointer; freeing it
//                              is not timed), in ms, with the mean of each
//                              phase as counters
//
// Every row but memcpy is checked once against the interpreter's output
// (counters mismatches and max_abs_diff); a row off by more than the
// tolerance of compareWithReference is reported as an error instead of a
// time, so a broken engine or peer cannot look fast. Workloads.cpp lists the
// workloads; bench/ratios.py turns the JSON output into ratio tables.
//
// Run: build/bench/resin_engine_bench [--benchmark_filter=...]
//      build/bench/resin_engine_bench --write-chain50=PATH   writes chain50's
//      text (for `resinc compile PATH -O0`) and exits.
#include "Workloads.h"

#include "resin/jit/JitEngines.h"
#include "resin/registry/EngineRegistry.h"

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>

namespace {

using namespace resin::bench;

/// Rows whose output failed its check; main's exit status reports them
/// (Google Benchmark's own status does not count errored runs).
int gFailedChecks = 0;

double threadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

/// Runs `work` once per iteration, then sets items processed and
/// ns_per_item: thread CPU time per item (what Google Benchmark's CPU column
/// measures), as a plain counter in ns so the JSON holds ns.
template <class Work> void timeItems(benchmark::State &state, int64_t items, Work work) {
  double start = threadCpuSeconds();
  for (auto _ : state) {
    work();
    benchmark::ClobberMemory();
  }
  double seconds = threadCpuSeconds() - start;
  state.SetItemsProcessed(state.iterations() * items);
  state.counters["ns_per_item"] =
      state.iterations() ? seconds * 1e9 / double(state.iterations() * items) : 0.0;
}

/// Checks a row once per process (`produce` fills a fresh output), reports
/// the check as counters, and turns a failed check into an error.
template <class Produce>
void checkRow(benchmark::State &state, std::map<std::string, Check> &checks, const std::string &row,
              const std::vector<float> &reference, Produce produce) {
  auto it = checks.find(row);
  if (it == checks.end()) {
    std::vector<float> out(reference.size());
    produce(out);
    it = checks.emplace(row, compareWithReference(out, reference)).first;
  }
  state.counters["mismatches"] = it->second.mismatches;
  state.counters["max_abs_diff"] = it->second.maxAbsDiff;
  if (!it->second.failure.empty()) {
    ++gFailedChecks;
    state.SkipWithError((row + ": " + it->second.failure).c_str());
  }
}

void runAudioEngine(benchmark::State &state, AudioCase *c, std::string engine) {
  auto processor = resin::makeAudioProcessor(engine, c->graph, c->options);
  if (!processor) {
    state.SkipWithError(processor.errors()[0].str().c_str());
    return;
  }
  std::vector<float> out(kBlock);
  const float *in[] = {c->input->data()};
  float *outs[] = {out.data()};
  (*processor)->init();
  timeItems(state, kBlock, [&] { (*processor)->process(in, outs, kBlock); });
  state.counters["nodes"] = double(c->graph.size());
  checkRow(state, c->checks, engine, c->reference(), [&](std::vector<float> &fresh) {
    float *freshOuts[] = {fresh.data()};
    (*processor)->init();
    (*processor)->process(in, freshOuts, kBlock);
  });
}

void runAudioBaseline(benchmark::State &state, AudioCase *c, const AudioBaseline *b) {
  std::vector<float> out(kBlock);
  const float *in = c->input->data();
  timeItems(state, kBlock, [&] {
    b->run(in, out.data(), kBlock);
    benchmark::DoNotOptimize(out.data());
  });
  if (b->lanes > 1)
    state.counters["lanes"] = b->lanes;
  if (b->checked) // every call starts from a fresh state, so out is the result
    checkRow(state, c->checks, b->row, c->reference(),
             [&](std::vector<float> &fresh) { fresh = out; });
}

void runFieldEngine(benchmark::State &state, FieldCase *c, std::string engine) {
  auto field = resin::makeFieldEvaluator(engine, c->graph);
  if (!field) {
    state.SkipWithError(field.errors()[0].str().c_str());
    return;
  }
  const Grid &g = c->grid;
  std::vector<float> out(size_t(g.width * g.height));
  timeItems(state, g.width * g.height, [&] {
    for (int64_t j = 0; j < g.height; ++j)
      (*field)->row(g.x0, g.dx, g.y0 + float(j) * g.dy, 0, 0, out.data() + j * g.width, g.width);
  });
  state.counters["nodes"] = double(c->graph.size());
  checkRow(state, c->checks, engine, c->reference(),
           [&](std::vector<float> &fresh) { fresh = out; }); // fields keep no state
}

void runFieldHandWritten(benchmark::State &state, FieldCase *c) {
  const Grid &g = c->grid;
  std::vector<float> out(size_t(g.width * g.height));
  timeItems(state, g.width * g.height, [&] {
    c->handWritten(g, out.data());
    benchmark::DoNotOptimize(out.data());
  });
  checkRow(state, c->checks, "hand-written", c->reference(),
           [&](std::vector<float> &fresh) { fresh = out; });
}

/// Compiles `graph` for `engine` once per iteration; `isField` picks the
/// kernel kind.
void runCompile(benchmark::State &state, const resin::Graph *graph, resin::EngineOptions options,
                bool isField, std::string engine) {
  resin::PhaseTimes sum;
  unsigned width = 0;
  for (auto _ : state) {
    resin::CompileReport report;
    std::string error;
    // Freeing the engine (and its JITDylib) is not part of the compile time.
    auto drop = [&](auto &made) {
      if (!made) {
        error = made.errors()[0].str();
        return;
      }
      state.PauseTiming();
      made->reset();
      state.ResumeTiming();
    };
    if (isField) {
      auto made = resin::jit::makeJitField(engine, *graph, options, &report);
      drop(made);
    } else {
      auto made = resin::jit::makeJitProcessor(engine, *graph, options, &report);
      drop(made);
    }
    if (!error.empty()) {
      state.SkipWithError(error.c_str());
      return;
    }
    sum.ir += report.times.ir;
    sum.llvmOpt += report.times.llvmOpt;
    sum.codegen += report.times.codegen;
    width = report.width;
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

void registerAll(Workloads &w) {
  std::vector<std::string> engines;
  for (std::string_view e : resin::hostEngineNames())
    engines.emplace_back(e);

  for (auto &c : w.audio) {
    for (const std::string &engine : engines)
      benchmark::RegisterBenchmark((c->name + "/" + engine).c_str(), runAudioEngine, c.get(),
                                   engine);
    // A case with no rows of its own (affine_chain-O0, sin-fast) is compared
    // with its base case's rows by bench/ratios.py.
    for (const AudioBaseline &b : c->baselines)
      benchmark::RegisterBenchmark((c->name + "/" + b.row).c_str(), runAudioBaseline, c.get(), &b);
  }
  for (auto &c : w.fields) {
    for (const std::string &engine : engines)
      benchmark::RegisterBenchmark((c->name + "/" + engine).c_str(), runFieldEngine, c.get(),
                                   engine);
    benchmark::RegisterBenchmark((c->name + "/hand-written").c_str(), runFieldHandWritten, c.get());
  }

  auto registerCompile = [&](const std::string &name, const resin::Graph &graph,
                             const resin::EngineOptions &options, bool isField) {
    for (const std::string &engine : engines)
      if (resin::jit::isJitEngine(engine))
        benchmark::RegisterBenchmark((name + "/compile-" + engine).c_str(), runCompile, &graph,
                                     options, isField, engine)
            ->Unit(benchmark::kMillisecond);
  };
  for (auto &c : w.audio)
    registerCompile(c->name, c->graph, c->options, false);
  for (auto &c : w.fields)
    registerCompile(c->name, c->graph, {}, true);
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

  Workloads workloads = loadWorkloads();
  registerAll(workloads);

  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv))
    return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  if (gFailedChecks) {
    std::fprintf(stderr, "resin_engine_bench: %d runs failed their check against interp\n",
                 gFailedChecks);
    return 1;
  }
  return 0;
}
