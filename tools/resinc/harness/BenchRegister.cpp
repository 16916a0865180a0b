// resinc bench: engines built once per input, benchmarks registered with
// Google Benchmark (BenchRegister.h). Timing rules:
//  - one-thread benchmarks use the thread's CPU time, which is what Google
//    Benchmark's cpu_time reports too, so time spent preempted on a busy
//    machine is not counted;
//  - all-threads renders use wall time (UseRealTime): the work happens on
//    other threads, whose CPU time the calling thread cannot see;
//  - ns_per_item is measured with that same clock around the timed loop.
#include "BenchRegister.h"

#include "resin/registry/EngineRegistry.h"
#include "resin/support/Interrupt.h"
#include "resin/support/OutOfMemory.h"

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <system_error>
#include <thread>

namespace resinc::bench {

namespace {

double threadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

double wallSeconds() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

/// Runs `work` once per iteration and sets ns_per_item: the seconds of the
/// whole timed loop (by `wall` or thread CPU clock) per item processed.
template <class Work>
void timeItems(benchmark::State &state, int64_t items, bool wall, Work &&work) {
  // SIGINT or SIGTERM: every benchmark not yet timed is skipped at once.
  if (resin::stopSignal() != 0) {
    state.SkipWithError("stopped");
    return;
  }
  double (*now)() = wall ? wallSeconds : threadCpuSeconds;
  double start = now();
  for (auto _ : state) {
    work();
    benchmark::ClobberMemory();
  }
  double seconds = now() - start;
  double total = double(state.iterations()) * double(items);
  state.SetItemsProcessed(state.iterations() * items);
  state.counters["ns_per_item"] = total > 0 ? seconds * 1e9 / total : 0.0;
}

/// A deterministic signal in [-1, 1): the top 24 bits of a 32-bit LCG, a
/// different seed per channel. Noise rather than silence or a sine keeps
/// branches in clip/fold/etc. as unpredictable as real material.
std::vector<float> noiseSignal(int64_t samples, uint32_t seed) {
  std::vector<float> signal(static_cast<size_t>(samples));
  uint32_t s = seed;
  for (float &v : signal) {
    s = s * 1664525u + 1013904223u;
    v = float(int32_t(s >> 8) - (1 << 23)) / float(1 << 23);
  }
  return signal;
}

/// Evaluates rows first, first + step, ... of a size x size render of the
/// rect 0,0,1,1 at z = t = 0, with the coordinates `resinc render` uses.
void renderRows(const resin::FieldEvaluator &field, int64_t size, float *image, int64_t first,
                int64_t step) {
  const float x0 = float(0.5 / double(size));
  const float dx = float(1.0 / double(size));
  for (int64_t j = first; j < size; j += step) {
    const float y = float((double(j) + 0.5) / double(size));
    field.row(x0, dx, y, 0.0f, 0.0f, image + j * size, size);
  }
}

benchmark::internal::Benchmark *configure(benchmark::internal::Benchmark *b,
                                          const RunSettings &settings) {
  return b->MinTime(settings.minTime)->Repetitions(settings.repetitions);
}

} // namespace

resin::Diagnostics FileBench::prepare(const std::vector<std::string> &engines,
                                      const RunSettings &settings) {
  info_.path = path_;
  info_.stem = stem_;
  info_.field = graph_.isField();
  info_.items = info_.field ? settings.fieldSize * settings.fieldSize : settings.samples;
  info_.threads = settings.threads;
  resin::Diagnostics errors;
  auto compileError = [&](const std::string &engine, const resin::Diagnostics &why) {
    for (const resin::Diagnostic &d : why)
      errors.push_back(
          resin::Diagnostic{path_, d.loc, "engine " + engine + " cannot run it: " + d.message});
  };

  if (info_.field) {
    {
      // The buffers sized from --size or --samples may not fit: Bench.cpp
      // catches that (resin/support/OutOfMemory.h); no LLVM runs in here.
      resin::CatchesBadAlloc caught;
      image_.assign(size_t(info_.items), 0.0f);
    }
    // Image and colour fields run on interp and native only so far (and
    // so have no compile to time either, below).
    const bool referenceOnly = resin::needsReferenceEngine(graph_);
    std::string skipped;
    for (const std::string &engine : engines) {
      if (resin::stopSignal() != 0) // each engine's compile: SIGINT or SIGTERM stops here
        return {resin::Diagnostic{path_, {}, "stopped"}};
      if (referenceOnly && engine != "interp" && engine != "native") {
        skipped += (skipped.empty() ? "" : ", ") + engine;
        continue;
      }
      auto made = resin::makeFieldEvaluator(engine, graph_, settings.engine);
      if (!made) {
        compileError(engine, made.errors());
        continue;
      }
      fields_.push_back(std::move(*made));
      registerField(engine, settings);
    }
    if (!skipped.empty())
      std::fprintf(stderr,
                   "resinc: note: %s: skipped %s: the compiled engines do not evaluate images or "
                   "colour results yet\n",
                   path_.c_str(), skipped.c_str());
  } else {
    for (const std::string &engine : engines) {
      if (resin::stopSignal() != 0) // each engine's compile: SIGINT or SIGTERM stops here
        return {resin::Diagnostic{path_, {}, "stopped"}};
      auto made = resin::makeAudioProcessor(engine, graph_, settings.engine);
      if (!made) {
        compileError(engine, made.errors());
        continue;
      }
      // Every engine of one graph has the same channels; the buffers are shared.
      {
        resin::CatchesBadAlloc caught; // as for the image above
        while (inputs_.size() < (*made)->numInputs())
          inputs_.push_back(noiseSignal(settings.samples, uint32_t(12345 + 7919 * inputs_.size())));
        while (outputs_.size() < (*made)->numOutputs())
          outputs_.emplace_back(size_t(settings.samples));
      }
      processors_.push_back(std::move(*made));
      registerAudio(engine, settings);
    }
    for (auto &channel : inputs_)
      inputPointers_.push_back(channel.data());
    for (auto &channel : outputs_)
      outputPointers_.push_back(channel.data());
  }
  if (!errors.empty())
    return errors;
  const bool compiles = !(info_.field && resin::needsReferenceEngine(graph_));
  for (const std::string &engine : engines)
    if (compiles && resin::engineKind(engine) != resin::EngineKind::Interp &&
        resin::engineKind(engine) != resin::EngineKind::Native)
      registerCompile(engine, settings);
  return errors;
}

void FileBench::registerAudio(const std::string &engine, const RunSettings &settings) {
  BenchId id{stem_, engine, Variant::OneThread};
  resin::AudioProcessor *processor = processors_.back().get();
  const int64_t samples = settings.samples;
  auto run = [this, processor, samples](benchmark::State &state) {
    processor->init();
    timeItems(state, samples, false,
              [&] { processor->process(inputPointers_.data(), outputPointers_.data(), samples); });
  };
  configure(benchmark::RegisterBenchmark(id.name().c_str(), run), settings);
  info_.benchmarks.push_back(id);
}

void FileBench::registerField(const std::string &engine, const RunSettings &settings) {
  const resin::FieldEvaluator *field = fields_.back().get();
  const int64_t size = settings.fieldSize;
  float *image = image_.data();
  BenchId one{stem_, engine, Variant::OneThread};
  auto runOne = [field, size, image](benchmark::State &state) {
    timeItems(state, size * size, false, [&] { renderRows(*field, size, image, 0, 1); });
  };
  configure(benchmark::RegisterBenchmark(one.name().c_str(), runOne), settings);
  info_.benchmarks.push_back(one);

  // Rows interleaved among the threads, as `resinc render` shares them;
  // starting the threads is part of each render, as it is there.
  const int64_t threads = std::min<int64_t>(settings.threads, size);
  auto render = [field, size, image, threads] {
    std::vector<std::jthread> workers;
    for (int64_t k = 1; k < threads; ++k)
      workers.emplace_back([=] { renderRows(*field, size, image, k, threads); });
    renderRows(*field, size, image, 0, threads);
  };
  auto runAll = [render, size, threads](benchmark::State &state) {
    try {
      timeItems(state, size * size, true, render);
    } catch (const std::system_error &e) {
      state.SkipWithError(e.what());
    }
    // Not "threads": Google Benchmark's JSON already has a key of that name.
    state.counters["render_threads"] = double(threads);
  };
  BenchId all{stem_, engine, Variant::AllThreads};
  configure(benchmark::RegisterBenchmark(all.name().c_str(), runAll), settings)->UseRealTime();
  info_.benchmarks.push_back(all);
}

std::shared_ptr<void> FileBench::compileOnce(const std::string &requested,
                                             const resin::EngineOptions &options, unsigned &width,
                                             std::string &error) const {
  // The tiered engine's compile is what its first block waits for: the
  // first tier's (the optimizing tier compiles on a worker meanwhile).
  std::string engine(resin::engineTiers(requested).front());
  auto keep = [&](auto made) -> std::shared_ptr<void> {
    if (!made) {
      error = made.errors()[0].str();
      return nullptr;
    }
    if (const resin::CompileReport *report = (*made)->compileReport())
      width = report->width;
    return std::shared_ptr<void>(std::move(*made));
  };
  if (graph_.isField())
    return keep(resin::makeFieldEvaluator(engine, graph_, options));
  return keep(resin::makeAudioProcessor(engine, graph_, options));
}

void FileBench::registerCompile(const std::string &engine, const RunSettings &settings) {
  BenchId id{stem_, engine, Variant::Compile};
  auto run = [this, engine, options = settings.engine](benchmark::State &state) {
    if (resin::stopSignal() != 0) { // as in timeItems
      state.SkipWithError("stopped");
      return;
    }
    unsigned width = 0;
    for (auto _ : state) {
      // Only the compilation is timed: freeing the code (and its JITDylib)
      // happens with the timer paused, when `made` goes out of scope.
      std::string error;
      auto compiled = compileOnce(engine, options, width, error);
      state.PauseTiming();
      compiled.reset();
      state.ResumeTiming();
      if (!error.empty()) {
        state.SkipWithError(error.c_str());
        break;
      }
    }
    state.counters["width"] = double(width);
  };
  configure(benchmark::RegisterBenchmark(id.name().c_str(), run), settings)
      ->Unit(benchmark::kMillisecond);
  info_.benchmarks.push_back(id);
}

} // namespace resinc::bench
