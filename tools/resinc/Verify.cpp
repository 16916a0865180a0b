// resinc verify: every engine against interp, bit for bit, on the inputs of
// docs/reference/cli.md, and the optimized graph against the unoptimized one under
// --tolerance (resin/parity/Parity.h does the work). Prints a table per file;
// exit 3 on any mismatch, 1 for a bad input file or flag value, 2 for usage.
#include "CommonFlags.h"

#include "resin/parity/Parity.h"
#include "resin/registry/EngineRegistry.h"
#include "resin/support/Interrupt.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

namespace resinc {

namespace {

struct VerifyCliOptions {
  std::vector<std::string> files;
  std::string engines;
  std::string seeds = "8";
  std::string tolerance = "1e-6";
  std::string json;
  CommonFlags common;
};

/// A word for a shell command line, quoted when it needs to be.
std::string shellWord(const std::string &word) {
  bool plain = !word.empty();
  for (char c : word)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || std::strchr("-_./=:,+@%", c)))
      plain = false;
  if (plain)
    return word;
  std::string quoted = "'";
  for (char c : word)
    quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

/// The resinc command line that reruns verify on `file` with these flags.
std::string reproduceCommand(const VerifyCliOptions &options, const std::string &file) {
  std::string command;
  if (const char *mutate = std::getenv("RESIN_TEST_MUTATE"); mutate && *mutate)
    command += "RESIN_TEST_MUTATE=" + shellWord(mutate) + " ";
  command += "resinc verify " + shellWord(file);
  const CommonFlags &c = options.common;
  if (c.optimizer.passesGiven)
    command += " --passes " + shellWord(c.optimizer.passes);
  else
    command += " -O" + std::to_string(c.optimizer.level);
  if (c.math != "precise")
    command += " --math " + c.math;
  if (c.noFtz)
    command += " --no-ftz";
  if (!c.targetCpu.empty())
    command += " --target-cpu " + shellWord(c.targetCpu);
  if (!c.format.empty())
    command += " --format " + c.format;
  if (options.seeds != "8")
    command += " --seeds " + options.seeds;
  for (const std::string &set : c.sets)
    command += " --set " + shellWord(set);
  return command;
}

nlohmann::ordered_json number(double v) {
  if (std::isfinite(v))
    return v;
  return std::isnan(v) ? "nan" : v > 0 ? "inf" : "-inf";
}

nlohmann::ordered_json mismatchJson(const resin::parity::Mismatch &m) {
  nlohmann::ordered_json inputs = nlohmann::ordered_json::array();
  for (float v : m.inputs)
    inputs.push_back(number(double(v)));
  return {{"engine", m.engine},
          {"input", m.signal},
          {"case", m.how},
          {"length", m.length},
          {"output", m.output},
          {"index", m.index},
          {"inputs", inputs},
          {"interp", number(double(m.expected))},
          {"value", number(double(m.actual))},
          {"command", m.command}};
}

std::string showValue(float v) {
  uint32_t bits;
  std::memcpy(&bits, &v, 4);
  char text[64];
  std::snprintf(text, sizeof text, "%.9g (0x%08x)", double(v), bits);
  return text;
}

std::string showErr(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3g", v);
  return text;
}

void printMismatch(std::FILE *out, const resin::parity::Mismatch &m, bool field) {
  std::fprintf(out, "  first mismatch: engine %s, %s, %s: output %zu, %s %lld:\n", m.engine.c_str(),
               m.signal.c_str(), m.how.c_str(), m.output, field ? "element" : "sample",
               (long long)m.index);
  std::string inputs;
  static const char *const kVars[] = {"x", "y", "z", "t"};
  for (size_t i = 0; i < m.inputs.size(); ++i)
    inputs += (i ? ", " : "") +
              (field ? std::string(kVars[i % 4]) + "=" : "in" + std::to_string(i) + "=") +
              showValue(m.inputs[i]);
  std::fprintf(out, "    input%s %s\n", m.inputs.size() == 1 ? "" : "s",
               inputs.empty() ? "(none)" : inputs.c_str());
  std::fprintf(out, "    interp%s %s, %s %s\n", m.engine.rfind("interp", 0) == 0 ? " -O0" : "",
               showValue(m.expected).c_str(), m.engine.c_str(), showValue(m.actual).c_str());
  std::fprintf(out, "    reproduce: %s\n", m.command.c_str());
}

int verifyCommand(const VerifyCliOptions &options) {
  if (!checkEngine(options.common)) // configures the JIT for --target-cpu
    return kInputError;
  resin::parity::ParityOptions verify;
  auto seeds = flagInteger("--seeds", options.seeds, 0, 1000);
  if (!seeds)
    return kInputError;
  verify.seeds = int(*seeds);
  auto tolerance = flagDouble("--tolerance", options.tolerance);
  if (!tolerance)
    return kInputError;
  if (!(*tolerance >= 0) || !std::isfinite(*tolerance))
    return flagError("--tolerance",
                     resin::quote(options.tolerance) + " must be a finite number >= 0");
  verify.tolerance = *tolerance;
  if (!options.engines.empty()) {
    std::vector<std::string_view> known = resin::engineNames();
    size_t start = 0;
    for (;;) {
      size_t comma = options.engines.find(',', start);
      std::string name = options.engines.substr(start, comma - start);
      if (std::find(known.begin(), known.end(), name) == known.end()) {
        std::string list;
        for (std::string_view k : known)
          list += (list.empty() ? "" : ", ") + std::string(k);
        std::string message = "unknown engine " + resin::quote(name) + " (known: " + list + ")";
        std::string close = resin::closestMatch(name, known);
        if (!close.empty())
          message += "; did you mean '" + close + "'?";
        return flagError("--engines", message);
      }
      verify.engines.push_back(name);
      if (comma == std::string::npos)
        break;
      start = comma + 1;
    }
  }
  const CommonFlags &common = options.common;
  verify.engine = engineOptions(common);
  verify.pipeline = common.optimizer.passesGiven
                        ? common.optimizer.passes
                        : std::string(resin::pipelineForLevel(common.optimizer.level));
  verify.allowValueChanges = common.optimizer.level >= 2;
  if (resin::Diagnostics bad = resin::checkPipeline(verify.pipeline); !bad.empty())
    return reportErrors(bad);
  const std::string level = common.optimizer.passesGiven
                                ? "--passes " + common.optimizer.passes
                                : "-O" + std::to_string(common.optimizer.level);

  // With --json -, stdout carries the JSON and the table goes to stderr.
  std::FILE *out = options.json == "-" ? stderr : stdout;
  // The progress line (on stderr) only for a person watching a terminal:
  // none when the output is redirected (docs/reference/cli.md: not when stdout is no TTY).
  const bool tty = isatty(STDOUT_FILENO) && isatty(STDERR_FILENO);
  bool anyBadInput = false, anyMismatch = false, notesShown = false;
  nlohmann::ordered_json files = nlohmann::ordered_json::array();
  for (const std::string &file : options.files) {
    if (resin::stopSignal() != 0)
      return kInputError; // main reports the stop; no JSON is written
    Loaded loaded = loadUnoptimized(file, common, "verify");
    if (!loaded.graph) {
      anyBadInput = true;
      continue;
    }
    verify.command = reproduceCommand(options, file);
    if (tty)
      verify.progress = [&file](const std::string &what) {
        std::fprintf(stderr, "\r\033[Kverify %s: %s", file.c_str(), what.c_str());
        std::fflush(stderr);
      };
    auto result = resin::parity::checkParity(*loaded.graph, verify);
    if (tty)
      std::fprintf(stderr, "\r\033[K");
    if (!result) {
      reportErrors(result.errors());
      anyBadInput = true;
      continue;
    }
    const resin::parity::FileResult &r = *result;
    if (!notesShown)
      for (const std::string &note : r.notes)
        std::fprintf(stderr, "resinc: note: %s\n", note.c_str());
    notesShown = true;
    const bool field = r.kind == resin::GraphKind::Field;

    std::fprintf(out, "%s (%s, %s): %lld cases per engine\n", file.c_str(),
                 field ? "field" : "audio", level.c_str(), (long long)r.cases);
    std::fprintf(out, "  %-12s %8s %11s %14s %10s\n", "engine", "cases", "mismatches",
                 "max abs error", "max ULP");
    for (const auto &e : r.engines)
      std::fprintf(out, "  %-12s %8lld %11lld %14s %10llu\n", e.engine.c_str(), (long long)e.cases,
                   (long long)e.mismatches, showErr(e.maxAbsErr).c_str(),
                   (unsigned long long)e.maxUlp);
    std::fprintf(out,
                 "  opt vs unopt: interp %s against interp -O0 on %lld samples: max abs error %s "
                 "(allowed %s * (1 + |ref|)): %s\n",
                 level.c_str(), (long long)r.optVsUnopt.samples,
                 showErr(r.optVsUnopt.maxAbsErr).c_str(), showErr(verify.tolerance).c_str(),
                 r.optVsUnopt.pass ? "pass" : "FAIL");
    for (const auto &e : r.engines)
      if (e.first)
        printMismatch(out, *e.first, field);
    if (r.optVsUnopt.first)
      printMismatch(out, *r.optVsUnopt.first, field);
    std::fprintf(out, "  %s\n\n", r.pass ? "PASS" : "FAIL");
    std::fflush(out);
    anyMismatch |= !r.pass;

    nlohmann::ordered_json engines = nlohmann::ordered_json::array();
    for (const auto &e : r.engines)
      engines.push_back({{"engine", e.engine},
                         {"cases", e.cases},
                         {"mismatches", e.mismatches},
                         {"max_abs_err", number(e.maxAbsErr)},
                         {"max_ulp", e.maxUlp},
                         {"first_mismatch", e.first ? mismatchJson(*e.first) : nullptr}});
    files.push_back(
        {{"file", file},
         {"kind", field ? "field" : "audio"},
         {"cases", r.cases},
         {"engines", engines},
         {"opt_vs_unopt",
          {{"max_abs_err", number(r.optVsUnopt.maxAbsErr)}, {"pass", r.optVsUnopt.pass}}},
         {"pass", r.pass}});
  }
  if (resin::stopSignal() != 0)
    return kInputError;
  if (!options.json.empty()) {
    nlohmann::ordered_json j;
    j["files"] = files;
    j["pass"] = !anyBadInput && !anyMismatch;
    if (!writeOutput(options.json, j.dump(2) + "\n"))
      return kInputError;
  }
  if (anyBadInput)
    return kInputError;
  return anyMismatch ? kCheckFailed : kSuccess;
}

} // namespace

Subcommand addVerifyCommand(CLI::App &resinc) {
  auto options = std::make_shared<VerifyCliOptions>();
  CLI::App *app = resinc.add_subcommand(
      "verify", "check every engine against interp bit for bit, and the optimized graph against "
                "the unoptimized one; exit 3 on a mismatch");
  app->add_option("FILE", options->files, "inputs: .graph, .field, .json, or - for stdin")
      ->required();
  addOptimizerFlags(app, options->common.optimizer);
  app->add_option("--engines", options->engines,
                  "comma-separated engines to compare with interp (default: every engine the "
                  "host runs)")
      ->type_name("LIST");
  app->add_option("--seeds", options->seeds, "noise signals / random point sets (default 8)")
      ->type_name("N");
  app->add_option("--tolerance", options->tolerance,
                  "opt-vs-unopt: |a-b| <= T * (1 + |ref|) (default 1e-6)")
      ->type_name("T");
  app->add_option("--json", options->json, "also write the report as JSON to OUT (- = stdout)")
      ->type_name("OUT");
  app->add_option("--math", options->common.math, "math functions: precise or fast")
      ->type_name("M")
      ->check(CLI::IsMember({"precise", "fast"}))
      ->capture_default_str();
  app->add_flag("--no-ftz", options->common.noFtz,
                "keep subnormals in audio processing (fields never flush them)");
  app->add_option("--format", options->common.format, "input kind when reading stdin (-)")
      ->check(CLI::IsMember({"graph", "field", "json"}));
  app->add_option("--target-cpu", options->common.targetCpu,
                  "JIT target: native (the host, default) or an LLVM CPU name")
      ->type_name("CPU");
  addSetFlag(app, options->common.sets);
  addImageFlag(app, options->common);
  options->common.randomImages = true;
  return {app, [options] { return verifyCommand(*options); }};
}

} // namespace resinc
