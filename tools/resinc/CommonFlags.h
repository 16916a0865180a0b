// The flags shared by every subcommand that evaluates (docs/reference/cli.md, "Common
// flags"), loading the input file with --format, and the small helpers that
// turn a bad flag value into `resinc: error: --flag: ...` and exit code 1.
#pragma once

#include "Subcommand.h"

#include "resin/engine/Engine.h"
#include "resin/ir/Graph.h"
#include "resin/passes/PassManager.h"
#include "resin/registry/EngineRegistry.h"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace resinc {

/// The engine used when --engine is not given: tiered execution (output
/// starts on the baseline tier, the optimizing tier takes over when ready).
inline constexpr std::string_view kDefaultEngine = "tiered";

/// -O0..-O3 and --passes, shared by opt and every evaluating subcommand.
struct OptimizerFlags {
  int level = 2;
  std::string passes; // when given, replaces the -O pipeline
  bool passesGiven = false;
};

/// Adds -O and --passes to a subcommand.
void addOptimizerFlags(CLI::App *app, OptimizerFlags &flags);

/// Runs the pipeline the flags ask for over `graph`. `afterPass` (may be
/// empty) sees the graph after each pass; `stats` (may be null) receives
/// the statistics. Returns kSuccess, or the exit code after reporting.
int optimize(resin::Graph &graph, const OptimizerFlags &flags, resin::MathMode math,
             const std::function<void(std::string_view, const resin::Graph &)> &afterPass = {},
             std::vector<resin::PassStats> *stats = nullptr);

struct CommonFlags {
  OptimizerFlags optimizer;
  std::string engine{kDefaultEngine};
  std::string math = "precise";
  bool noFtz = false;
  std::string targetCpu;           // JIT target CPU; empty: the host
  std::string format;              // input kind when FILE is "-"
  std::vector<std::string> sets;   // --set NAME=VALUE: values of free variables
  std::vector<std::string> images; // --image NAME=FILE: the images a field reads
  bool bindsImages = false;        // the command has --image (addImageFlag)
  bool randomImages = false;       // verify: an image not given is a random one
  bool waitForOptimized = false;   // tiered: start on the optimizing tier
  bool showTiers = false;          // tiered: say which tier ran which blocks
};

/// Adds -O, --passes, --engine, --math, --no-ftz, --target-cpu, --format and
/// --set to a subcommand.
void addCommonFlags(CLI::App *app, CommonFlags &flags);
/// Adds --set NAME=VALUE (repeatable) alone, for verify, which has its own
/// set of the other flags.
void addSetFlag(CLI::App *app, std::vector<std::string> &sets);

/// Adds --image NAME=FILE (repeatable) for the commands that evaluate
/// fields (render, eval, verify, bench): loadUnoptimized then binds the
/// field's images, and a field that reads an image needs it.
void addImageFlag(CLI::App *app, CommonFlags &flags);

/// After a tiered engine ran: its summary on stderr with --tiers, and a
/// warning (always) when its optimizing tier failed.
void reportTiers(const CommonFlags &flags, const std::string &summary);

/// The engine options the flags ask for.
resin::EngineOptions engineOptions(const CommonFlags &flags);

/// Checks --engine against resin::engineNames(); reports and returns false
/// (exit 1) for an unknown name.
bool checkEngine(const CommonFlags &flags);

/// The input graph or field, or the exit code after its errors were reported.
struct Loaded {
  std::optional<resin::Graph> graph;
  int exitCode = kSuccess;
};
/// Loads FILE ("-": stdin), unoptimized, with its free variables bound to
/// their --set values (0 when not given, with a note on stderr naming them)
/// and, for a command with --image, its images bound to their files.
/// Standard input needs --format unless `only` names the one kind the
/// command takes (resin::formatForKind then tells JSON from text).
Loaded loadUnoptimized(const std::string &file, const CommonFlags &flags, std::string_view command,
                       std::optional<resin::GraphKind> only = std::nullopt);
/// Loads FILE ("-": stdin, --format optional), checks that it is of the
/// kind `command` needs (a field for render and eval, audio for run) and
/// optimizes it with the -O/--passes pipeline.
Loaded loadInput(const std::string &file, const CommonFlags &flags, std::string_view command,
                 resin::GraphKind kind);

/// A field loaded as loadInput does and built on --engine, or the exit code
/// of the error already reported.
struct LoadedField {
  std::unique_ptr<resin::FieldEvaluator> field;
  int exitCode = kSuccess;
};
LoadedField loadField(const std::string &file, const CommonFlags &flags, std::string_view command);

/// Prints `resinc: error: FLAG: message` and returns kInputError.
int flagError(std::string_view flag, const std::string &message);
/// Prints `resinc: warning: message`.
void warning(const std::string &message);

/// A number given to `flag` (nullopt after reporting when it is not one).
std::optional<double> flagDouble(std::string_view flag, std::string_view text);
std::optional<float> flagFloat(std::string_view flag, std::string_view text);
/// A whole number (decimal digits, optional '-'); nullopt when not one. Prints nothing.
std::optional<int64_t> parseInteger(std::string_view text);
/// A whole number in [min, max] given to `flag` (nullopt after reporting).
std::optional<int64_t> flagInteger(std::string_view flag, std::string_view text, int64_t min,
                                   int64_t max);
/// A comma-separated list of floats, with between minCount and maxCount items.
std::optional<std::vector<float>> flagFloatList(std::string_view flag, std::string_view text,
                                                size_t minCount, size_t maxCount);
std::optional<std::vector<double>> flagDoubleList(std::string_view flag, std::string_view text,
                                                  size_t minCount, size_t maxCount);

} // namespace resinc
