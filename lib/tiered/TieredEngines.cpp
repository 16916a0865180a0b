// Tiered execution (TieredEngines.h): a baseline engine runs while a worker
// thread compiles the optimizing engine; the switch happens between calls.
#include "resin/tiered/TieredEngines.h"

#include "resin/baseline/BaselineEngines.h"
#include "resin/jit/JitEngines.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>

namespace resin::tiered {

namespace {

std::atomic<size_t> running{0};
std::atomic<bool> dropWithoutWaiting{false};

/// What the worker hands over: the optimizing engine or why there is none.
template <class Engine> struct Background {
  std::mutex mutex;
  std::condition_variable ready;
  bool done = false;
  std::optional<Result<std::unique_ptr<Engine>>> result;
  double compileMs = 0;
  /// Set when the engine is dropped: a worker that has not begun skips
  /// its compile.
  std::atomic<bool> abandoned{false};
};

/// The optimizing compile's worker thread and what it hands over. The
/// tiered engine owns it: dropping the engine joins the thread (a worker
/// that has not begun skips its compile), so no compile outlives the engine
/// that started it and static destructors never run under one; a program
/// that ends with std::_Exit may choose to detach it instead.
template <class Engine> struct Worker {
  std::shared_ptr<Background<Engine>> background;
  std::thread thread;

  Worker(std::shared_ptr<Background<Engine>> background, std::thread thread)
      : background(std::move(background)), thread(std::move(thread)) {}
  Worker(const Worker &) = delete;
  Worker &operator=(const Worker &) = delete;
  ~Worker() {
    background->abandoned = true;
    if (!thread.joinable()) // it never started
      return;
    if (dropWithoutWaiting)
      thread.detach();
    else
      thread.join();
  }
};

/// Starts the optimizing compile on a worker; `make` owns copies of
/// everything it reads. RESIN_TEST_FAIL_OPTIMIZED=1 makes it fail (the
/// tests' injected failure).
template <class Engine>
std::unique_ptr<Worker<Engine>>
startOptimizing(std::function<Result<std::unique_ptr<Engine>>()> make) {
  auto background = std::make_shared<Background<Engine>>();
  bool fail = std::getenv("RESIN_TEST_FAIL_OPTIMIZED") != nullptr;
  ++running;
  std::thread thread;
  try {
    thread = std::thread([background, make = std::move(make), fail]() mutable {
      auto start = std::chrono::steady_clock::now();
      Result<std::unique_ptr<Engine>> made =
          fail ? Result<std::unique_ptr<Engine>>(
                     Diagnostic{"", {}, "injected failure (RESIN_TEST_FAIL_OPTIMIZED)"})
          : background->abandoned ? Result<std::unique_ptr<Engine>>(
                                        Diagnostic{"", {}, "dropped before its compile began"})
                                  : make();
      {
        std::lock_guard<std::mutex> lock(background->mutex);
        background->result.emplace(std::move(made));
        background->compileMs =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count();
        background->done = true;
      }
      background->ready.notify_all();
      // An engine dropped before its switch left the product here: free it
      // (and the worker's copies) before counting this compile as done.
      background.reset();
      make = nullptr;
      --running;
    });
  } catch (const std::system_error &e) {
    // No thread to be had (a process or memory limit): the baseline keeps
    // running, as after a failed compile, and the summary says why.
    --running;
    std::lock_guard<std::mutex> lock(background->mutex);
    background->result.emplace(
        Diagnostic{"", {}, std::string("cannot start the optimizing compile: ") + e.what()});
    background->done = true;
  }
  return std::make_unique<Worker<Engine>>(std::move(background), std::move(thread));
}

/// Takes the worker's product once it is done (waiting for it when `wait`):
/// nullopt while it is still compiling.
template <class Engine>
std::optional<Result<std::unique_ptr<Engine>>> takeIfDone(Background<Engine> &background,
                                                          bool wait) {
  std::unique_lock<std::mutex> lock(background.mutex);
  if (wait)
    background.ready.wait(lock, [&] { return background.done; });
  if (!background.done)
    return std::nullopt;
  return std::move(background.result);
}

/// The common part of both summaries: which engine ran which calls.
std::string describe(std::string_view unit, int64_t calls, int64_t switchedAt,
                     const std::string &failure, double compileMs) {
  std::string text = "tiers: ";
  if (switchedAt < 0) {
    text += std::string(kFirstTier) + " ran all " + std::to_string(calls) + " " + std::string(unit);
    text += failure.empty() ? "; " + std::string(kOptimizingTier) + " was still compiling"
                            : "; the optimizing tier failed (" + failure + ")";
    return text;
  }
  if (switchedAt > 0)
    text += std::string(kFirstTier) + " ran " + std::string(unit) + " 0 to " +
            std::to_string(switchedAt - 1) + ", ";
  char ms[32];
  std::snprintf(ms, sizeof ms, "%.2f", compileMs);
  return text + std::string(kOptimizingTier) + " from " + std::string(unit) + " " +
         std::to_string(switchedAt) + " (compiled in " + ms + " ms)";
}

class TieredProcessor final : public AudioProcessor {
public:
  TieredProcessor(std::unique_ptr<AudioProcessor> first,
                  std::unique_ptr<Worker<AudioProcessor>> worker, const EngineOptions &options)
      : first_(std::move(first)), worker_(std::move(worker)), options_(options),
        current_(first_.get()) {}
  std::string_view engine() const override { return kTieredEngine; }
  // The tier running takes the change; the next one takes it with the state
  // at the switch (adoptKernelState).
  bool setParam(uint32_t index, float value) override { return current_->setParam(index, value); }
  float param(uint32_t index) const override { return current_->param(index); }
  size_t numInputs() const override { return first_->numInputs(); }
  size_t numOutputs() const override { return first_->numOutputs(); }
  void init() override { current_->init(); }
  void process(const float *const *in, float *const *out, int64_t len) override {
    if (pending_)
      trySwitch();
    current_->process(in, out, len);
    ++calls_;
  }
  std::span<std::byte> kernelState() override { return current_->kernelState(); }
  std::string tierSummary() const override {
    return describe("blocks", calls_, switchedAt_, failure_, compileMs_);
  }

private:
  void trySwitch() {
    int64_t at = options_.switchTierAt;
    if (at >= 0 && at != calls_)
      return;
    bool wait = at == calls_ || (options_.waitForOptimized && calls_ == 0);
    auto taken = takeIfDone(*worker_->background, wait);
    if (!taken)
      return;
    compileMs_ = worker_->background->compileMs;
    pending_ = false;
    if (!*taken) {
      failure_ = taken->errors()[0].message;
      return;
    }
    std::unique_ptr<AudioProcessor> next = std::move(**taken);
    std::span<std::byte> from = first_->kernelState(), to = next->kernelState();
    if (from.size() != to.size() || from.empty()) {
      failure_ = "its state differs from the baseline's";
      return;
    }
    std::memcpy(to.data(), from.data(), from.size());
    next->adoptKernelState(); // the params as set, and what follows from them
    optimized_ = std::move(next);
    current_ = optimized_.get();
    switchedAt_ = calls_;
  }

  std::unique_ptr<AudioProcessor> first_, optimized_;
  std::unique_ptr<Worker<AudioProcessor>> worker_; // joined when the engine is dropped
  bool pending_ = true;                            // the worker's product is not yet taken
  EngineOptions options_;
  AudioProcessor *current_;
  int64_t calls_ = 0, switchedAt_ = -1;
  std::string failure_;
  double compileMs_ = 0;
};

class TieredField final : public FieldEvaluator {
public:
  TieredField(std::unique_ptr<FieldEvaluator> first, std::unique_ptr<Worker<FieldEvaluator>> worker,
              const EngineOptions &options)
      : first_(std::move(first)), worker_(std::move(worker)), options_(options),
        current_(first_.get()) {}
  std::string_view engine() const override { return kTieredEngine; }
  // The registry gives this engine no graph that reads a param yet.
  bool setParam(uint32_t, float) override { return false; }
  float param(uint32_t) const override { return std::numeric_limits<float>::quiet_NaN(); }
  float eval(float x, float y, float z, float t) const override {
    return active()->eval(x, y, z, t);
  }
  void row(float x0, float dx, float y, float z, float t, float *out, int64_t len) const override {
    active()->row(x0, dx, y, z, t, out, len);
  }
  std::string tierSummary() const override {
    std::lock_guard<std::mutex> lock(mutex_);
    return describe("calls", calls_.load(), switchedAt_, failure_, compileMs_);
  }

private:
  /// The engine for this call; eval and row may come from several threads.
  const FieldEvaluator *active() const {
    int64_t call = calls_++;
    if (switched_.load(std::memory_order_acquire))
      return optimized_.get();
    std::lock_guard<std::mutex> lock(mutex_);
    if (pending_ && (options_.switchTierAt < 0 || options_.switchTierAt == call)) {
      bool wait = options_.switchTierAt == call || (options_.waitForOptimized && call == 0);
      if (auto taken = takeIfDone(*worker_->background, wait)) {
        compileMs_ = worker_->background->compileMs;
        pending_ = false;
        if (!*taken) {
          failure_ = taken->errors()[0].message;
        } else {
          optimized_ = std::move(**taken);
          switchedAt_ = call;
          switched_.store(true, std::memory_order_release);
          return optimized_.get();
        }
      }
    }
    return current_;
  }

  std::unique_ptr<FieldEvaluator> first_;
  mutable std::unique_ptr<FieldEvaluator> optimized_;
  std::unique_ptr<Worker<FieldEvaluator>> worker_; // joined when the engine is dropped
  mutable bool pending_ = true;                    // the worker's product is not yet taken
  EngineOptions options_;
  const FieldEvaluator *current_;
  mutable std::mutex mutex_;
  mutable std::atomic<bool> switched_{false};
  mutable std::atomic<int64_t> calls_{0};
  mutable int64_t switchedAt_ = -1;
  mutable std::string failure_;
  mutable double compileMs_ = 0;
};

} // namespace

bool hostRunsBothTiers() {
  return !baseline::hostBaselineEngines().empty() && jit::jitWidth(kOptimizingTier).has_value();
}

size_t backgroundCompilesRunning() {
  return running.load();
}

void dropEnginesWithoutWaiting() {
  dropWithoutWaiting = true;
}

std::unique_ptr<AudioProcessor> makeTieredProcessorFrom(std::unique_ptr<AudioProcessor> first,
                                                        MakeAudioProcessor makeOptimizing,
                                                        const EngineOptions &options) {
  return std::make_unique<TieredProcessor>(
      std::move(first), startOptimizing<AudioProcessor>(std::move(makeOptimizing)), options);
}

std::unique_ptr<FieldEvaluator> makeTieredFieldFrom(std::unique_ptr<FieldEvaluator> first,
                                                    MakeFieldEvaluator makeOptimizing,
                                                    const EngineOptions &options) {
  return std::make_unique<TieredField>(
      std::move(first), startOptimizing<FieldEvaluator>(std::move(makeOptimizing)), options);
}

Result<std::unique_ptr<AudioProcessor>> makeTieredProcessor(const Graph &graph,
                                                            const EngineOptions &options) {
  if (!hostRunsBothTiers())
    return jit::makeJitProcessor(kOptimizingTier, graph, options);
  auto first = baseline::makeBaselineProcessor(kFirstTier, graph, options);
  if (!first)
    return first.errors();
  return makeTieredProcessorFrom(
      std::move(*first),
      [graph, options] { return jit::makeJitProcessor(kOptimizingTier, graph, options); }, options);
}

Result<std::unique_ptr<FieldEvaluator>> makeTieredField(const Graph &field,
                                                        const EngineOptions &options) {
  if (!hostRunsBothTiers())
    return jit::makeJitField(kOptimizingTier, field, options);
  auto first = baseline::makeBaselineField(kFirstTier, field, options);
  if (!first)
    return first.errors();
  return makeTieredFieldFrom(
      std::move(*first),
      [field, options] { return jit::makeJitField(kOptimizingTier, field, options); }, options);
}

} // namespace resin::tiered
