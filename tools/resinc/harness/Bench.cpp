// resinc bench: times every engine on every input with Google Benchmark
// (docs/reference/cli.md). This file parses the flags, loads the inputs and runs the
// benchmarks; BenchRegister builds the engines and registers the benchmarks,
// BenchReporter collects the runs and writes Google Benchmark's JSON,
// BenchTable prints the table, BenchBaseline does the regression check and
// BenchPlot draws the chart (--plot, --plot-from).
// Exit 0, 1 for a bad input, flag value or baseline, 2 for usage, 3 for a
// regression against --baseline.
#include "Bench.h"
#include "BenchBaseline.h"
#include "BenchPlot.h"
#include "BenchRegister.h"
#include "BenchReporter.h"
#include "BenchTable.h"
#include "CommonFlags.h"

#include "resin/registry/EngineRegistry.h"
#include "resin/support/Interrupt.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <thread>
#include <unistd.h>

namespace resinc {

namespace {

/// Limits of the flag values (errors, never clamps).
constexpr int64_t kMaxSamples = int64_t(1) << 26;
constexpr double kMaxMinTime = 60;
/// Repetitions of every benchmark; the table and the check use their medians.
constexpr int kRepetitions = 5;

struct BenchOptions {
  std::vector<std::string> files;
  std::string samples = "44100";
  std::string engines;
  std::string json;
  std::string baseline;
  std::string maxRegression = "10";
  std::string minTime = "0.1";
  std::string plot;     // chart of this run (or of --plot-from's)
  std::string plotFrom; // a saved --json to chart instead of running
  CommonFlags common;
};

/// The engines to run, in engineNames() order: --engines (or every engine),
/// less those the host cannot run (a note says why). Empty after reporting.
std::optional<std::vector<std::string>> chooseEngines(const std::string &list,
                                                      const resin::EngineOptions &options) {
  std::vector<std::string_view> known = resin::engineNames();
  std::vector<std::string> asked;
  if (list.empty()) {
    asked.assign(known.begin(), known.end());
  } else {
    size_t start = 0;
    for (;;) {
      size_t comma = list.find(',', start);
      std::string name = list.substr(start, comma - start);
      if (std::find(known.begin(), known.end(), name) == known.end()) {
        std::string names;
        for (std::string_view k : known)
          names += (names.empty() ? "" : ", ") + std::string(k);
        std::string message = "unknown engine " + resin::quote(name) + " (known: " + names + ")";
        std::string close = resin::closestMatch(name, known);
        if (!close.empty())
          message += "; did you mean '" + close + "'?";
        flagError("--engines", message);
        return std::nullopt;
      }
      asked.push_back(name);
      if (comma == std::string::npos)
        break;
      start = comma + 1;
    }
  }
  std::vector<std::string_view> host = resin::hostEngineNames(options);
  std::vector<std::string> engines;
  for (std::string_view name : known) {
    if (std::find(asked.begin(), asked.end(), name) == asked.end())
      continue;
    if (std::find(host.begin(), host.end(), name) == host.end()) {
      std::string why;
      resin::engineWidth(name, options, &why);
      std::fprintf(stderr, "resinc: note: skipping %s: %s\n", std::string(name).c_str(),
                   why.empty() ? "this host cannot run it" : why.c_str());
      continue;
    }
    engines.emplace_back(name);
  }
  if (engines.empty()) {
    flagError("--engines", "none of " + resin::quote(list) + " runs on this host");
    return std::nullopt;
  }
  return engines;
}

/// "-O2" or "--passes ...", and the other flags that change the code.
std::string describeSetup(const BenchOptions &options, const bench::RunSettings &settings) {
  const CommonFlags &c = options.common;
  std::string setup = c.optimizer.passesGiven ? "--passes " + c.optimizer.passes
                                              : "-O" + std::to_string(c.optimizer.level);
  if (c.math != "precise")
    setup += " --math " + c.math;
  if (c.noFtz)
    setup += " --no-ftz";
  if (!c.targetCpu.empty())
    setup += " --target-cpu " + c.targetCpu;
  char text[96];
  std::snprintf(text, sizeof text, "; medians of %d repetitions of at least %g s", kRepetitions,
                settings.minTime);
  return setup + text;
}

/// The benchmark names' prefix for an input: its file name without extension.
std::string fileStem(const std::string &file) {
  return file == "-" ? std::string("stdin") : std::filesystem::path(file).stem().string();
}

/// The flag values that need checking beyond CLI11's, into `settings` and
/// `maxRegression`. kSuccess, or the exit code after reporting.
int parseValues(const BenchOptions &options, bench::RunSettings &settings, double &maxRegression) {
  auto samples = flagInteger("--samples", options.samples, 1, kMaxSamples);
  if (!samples)
    return kInputError;
  settings.samples = *samples;
  auto minTime = flagDouble("--min-time", options.minTime);
  if (!minTime)
    return kInputError;
  if (!(*minTime > 0 && *minTime <= kMaxMinTime))
    return flagError("--min-time", resin::quote(options.minTime) + " is out of range (0, " +
                                       std::to_string(int(kMaxMinTime)) + "] seconds");
  settings.minTime = *minTime;
  settings.repetitions = kRepetitions;
  auto pct = flagDouble("--max-regression", options.maxRegression);
  if (!pct)
    return kInputError;
  if (!(*pct >= 0) || !std::isfinite(*pct))
    return flagError("--max-regression",
                     resin::quote(options.maxRegression) + " must be a finite percentage >= 0");
  maxRegression = *pct;
  settings.engine = engineOptions(options.common);
  settings.threads = std::max(1u, std::thread::hardware_concurrency());
  return kSuccess;
}

/// Loads and optimizes every input; their stems must differ. Empty after
/// reporting, with the exit code in `exitCode`.
std::vector<std::unique_ptr<bench::FileBench>> loadInputs(const BenchOptions &options,
                                                          int &exitCode) {
  std::vector<std::unique_ptr<bench::FileBench>> files;
  std::map<std::string, std::string> stems;
  exitCode = kSuccess;
  for (const std::string &file : options.files) {
    Loaded loaded = loadUnoptimized(file, options.common, "bench");
    if (!loaded.graph) {
      exitCode = std::max(exitCode, loaded.exitCode); // a usage error (2) wins
      continue;
    }
    if (optimize(*loaded.graph, options.common.optimizer, engineOptions(options.common).math) !=
        kSuccess) {
      exitCode = std::max(exitCode, int(kInputError));
      continue;
    }
    std::string stem = fileStem(file);
    if (auto [it, fresh] = stems.emplace(stem, file); !fresh) {
      reportErrors({resin::Diagnostic{file,
                                      {},
                                      "its benchmarks would be named '" + stem + "/...' like " +
                                          "those of " + it->second + "; bench them separately"}});
      exitCode = std::max(exitCode, int(kInputError));
      continue;
    }
    files.push_back(std::make_unique<bench::FileBench>(file, stem, std::move(*loaded.graph)));
  }
  if (exitCode != kSuccess)
    files.clear();
  return files;
}

/// Runs every registered benchmark into `reporter`.
void runBenchmarks(bench::CollectingReporter &reporter, size_t count,
                   const bench::RunSettings &settings) {
  // With the repetitions interleaved, results arrive only at the end: a
  // person at a terminal gets one line saying what is running.
  const bool tty = isatty(STDOUT_FILENO) && isatty(STDERR_FILENO);
  if (tty) {
    std::fprintf(stderr, "bench: %zu benchmarks, %d repetitions each of at least %g s...", count,
                 settings.repetitions, settings.minTime);
    std::fflush(stderr);
  }
  // Google Benchmark's flags are set the way its own binaries take them.
  // Random interleaving runs the repetitions of all benchmarks in a shuffled
  // order, so a burst of load on a shared machine spreads over every engine
  // instead of skewing the one that happened to run then: the ratios of the
  // baseline check compare medians taken over the same stretch of time.
  char program[] = "resinc";
  char interleave[] = "--benchmark_enable_random_interleaving=true";
  char *argv[] = {program, interleave, nullptr};
  int argc = 2;
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks(&reporter, ".");
  benchmark::Shutdown();
  if (tty)
    std::fprintf(stderr, "\r\033[K");
}

/// --plot-from: the chart of a saved run, nothing run.
int plotFromCommand(const BenchOptions &options) {
  if (options.plot.empty())
    return flagError("--plot-from", "needs --plot OUT.(png|svg|pdf) to say where the chart goes");
  if (!options.files.empty())
    return flagError("--plot-from", "charts a saved run; give no FILE to run with it");
  if (!bench::checkChartPath(options.plot))
    return kInputError;
  auto timings = bench::readTimings(options.plotFrom);
  if (!timings)
    return reportErrors(timings.errors());
  return bench::writeChart(options.plot, *timings);
}

int benchCommand(const BenchOptions &options) {
  if (!options.plotFrom.empty())
    return plotFromCommand(options);
  if (options.files.empty()) {
    std::fprintf(stderr, "resinc: error: bench: FILE is required (or --plot-from RUN.json with "
                         "--plot OUT)\n");
    return kUsageError;
  }
  if (!options.plot.empty() && !bench::checkChartPath(options.plot))
    return kInputError;
  if (!checkEngine(options.common)) // configures the JIT for --target-cpu
    return kInputError;
  bench::RunSettings settings;
  double maxRegression = 0;
  if (int code = parseValues(options, settings, maxRegression); code != kSuccess)
    return code;
  auto engines = chooseEngines(options.engines, engineOptions(options.common));
  if (!engines)
    return kInputError;

  // The baseline is read before anything runs: a bad one should not cost a run.
  std::optional<bench::Baseline> baseline;
  if (!options.baseline.empty()) {
    auto read = bench::readBaseline(options.baseline);
    if (!read)
      return reportErrors(read.errors());
    baseline = std::move(*read);
  }
  int loadCode = kSuccess;
  std::vector<std::unique_ptr<bench::FileBench>> files = loadInputs(options, loadCode);
  if (loadCode != kSuccess)
    return loadCode;

  // The ratios of the check are taken against native (audio) or interp
  // (fields): with --baseline they run even when --engines leaves them out.
  std::vector<std::string> audioEngines = *engines, fieldEngines = *engines;
  if (baseline)
    for (auto [list, reference] : {std::pair{&audioEngines, "native"}, {&fieldEngines, "interp"}})
      if (std::find(list->begin(), list->end(), reference) == list->end())
        list->insert(list->begin(), reference);

  benchmark::ClearRegisteredBenchmarks();
  size_t count = 0;
  for (auto &file : files) {
    try {
      resin::Diagnostics errors =
          file->prepare(file->isField() ? fieldEngines : audioEngines, settings);
      if (!errors.empty())
        return reportErrors(errors);
    } catch (const std::bad_alloc &) {
      return flagError("--samples", "not enough memory for " + options.samples + " samples");
    }
    count += file->info().benchmarks.size();
  }
  bench::CollectingReporter reporter;
  runBenchmarks(reporter, count, settings);

  if (resin::stopSignal() != 0)
    return kInputError; // main reports the stop; no table, no JSON
  // With --json -, stdout carries the JSON and the tables go to stderr.
  std::FILE *out = options.json == "-" ? stderr : stdout;
  const bench::Results results = reporter.results();
  const std::string setup = describeSetup(options, settings);
  std::vector<bench::FileInfo> infos;
  bool anyFailed = false;
  for (const auto &file : files) {
    infos.push_back(file->info());
    bench::printTable(out, file->info(), results, setup);
    for (const bench::BenchId &id : file->info().benchmarks) {
      auto it = results.find(id.name());
      if (it == results.end() || !it->second.error.empty()) {
        std::fprintf(stderr, "resinc: error: %s: %s failed: %s\n", file->info().path.c_str(),
                     id.name().c_str(), it == results.end() ? "not run" : it->second.error.c_str());
        anyFailed = true;
      }
    }
  }
  bench::printLegend(out);
  std::fflush(out);

  if (!options.json.empty() && !writeOutput(options.json, reporter.json()))
    return kInputError;
  if (!options.plot.empty())
    if (int code = bench::writeChart(options.plot, bench::timingsOf(infos, results));
        code != kSuccess)
      return code;
  if (anyFailed)
    return kInputError;
  if (baseline) {
    std::fprintf(out, "\n");
    bench::CheckResult check = bench::checkBaseline(infos, results, *baseline, maxRegression);
    bench::printCheck(out, check, *baseline, maxRegression);
    std::fflush(out);
    if (check.regressed())
      return kCheckFailed;
    // A baseline that shares no benchmark with this run checked nothing:
    // that is a wrong baseline, not a pass.
    if (check.compared.empty())
      return reportErrors(
          {resin::Diagnostic{baseline->path,
                             {},
                             "no benchmark of this run is in the baseline, so nothing was "
                             "compared; regenerate it (docs/usage.md, bench)"}});
  }
  return kSuccess;
}

} // namespace

Subcommand addBenchCommand(CLI::App &resinc) {
  auto options = std::make_shared<BenchOptions>();
  CLI::App *app = resinc.add_subcommand(
      "bench", "time every engine on every input with Google Benchmark; with --baseline, exit 3 "
               "when a ratio to native (fields: interp) grew beyond --max-regression");
  app->add_option("FILE", options->files,
                  "inputs: .graph, .field, .json, or - for stdin (none with --plot-from)");
  app->add_option("--samples", options->samples,
                  "audio: samples per process() call (default 44100)")
      ->type_name("N");
  app->add_option("--engines", options->engines,
                  "comma-separated engines (default: every engine the host runs)")
      ->type_name("LIST");
  app->add_option("--json", options->json,
                  "also write Google Benchmark's JSON to OUT (- = stdout; the table goes to "
                  "stderr)")
      ->type_name("OUT");
  app->add_option("--baseline", options->baseline,
                  "compare ratios to native (fields: interp) with this JSON from --json")
      ->type_name("BASE.json");
  app->add_option("--max-regression", options->maxRegression,
                  "percent a ratio may grow over the baseline's (default 10)")
      ->type_name("PCT");
  app->add_option("--plot", options->plot,
                  "also draw a chart: ns per sample (or point) per engine on a log axis, compile "
                  "times and break-even points (.png, .svg or .pdf)")
      ->type_name("OUT");
  app->add_option("--plot-from", options->plotFrom,
                  "run nothing: draw --plot's chart from a JSON saved with --json")
      ->type_name("RUN.json");
  app->add_option("--min-time", options->minTime,
                  "seconds each of the 5 repetitions of a benchmark runs at least (default 0.1)")
      ->type_name("S");
  addCommonFlags(app, options->common);
  addImageFlag(app, options->common);
  // bench takes a list of engines (--engines), not one.
  app->remove_option(app->get_option("--engine"));
  return {app, [options] { return benchCommand(*options); }};
}

} // namespace resinc
