// Shared flags of the evaluating subcommands and the parsing of flag values.
// CLI11 splits the command line; values are checked here so that a bad value
// is an input error (exit 1) naming its flag, while CLI11's own failures
// (unknown flag, missing value) stay usage errors (exit 2).
#include "CommonFlags.h"

#include <algorithm>
#include <map>

#include "resin/io/Image.h"
#include "resin/io/Points.h"
#include "resin/registry/EngineRegistry.h"
#include "resin/support/Format.h"
#include "resin/support/SplitMix.h"
#include "resin/syntax/Load.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace resinc {

void addOptimizerFlags(CLI::App *app, OptimizerFlags &flags) {
  app->add_option("-O", flags.level, "optimization level: -O0 (none) to -O3 (default -O2)")
      ->type_name("LEVEL")
      ->check(CLI::Range(0, 3));
  std::string names;
  for (std::string_view name : resin::passNames())
    names += (names.empty() ? "" : ", ") + std::string(name);
  app->add_option_function<std::string>(
         "--passes",
         [&flags](const std::string &list) {
           flags.passes = list;
           flags.passesGiven = true;
         },
         "pass pipeline instead of the -O one, e.g. fuse-affine,fold-const,dce; "
         "fixpoint(a,b) repeats a group until nothing changes. Passes: " +
             names)
      ->type_name("LIST");
}

int optimize(resin::Graph &graph, const OptimizerFlags &flags, resin::MathMode math,
             const std::function<void(std::string_view, const resin::Graph &)> &afterPass,
             std::vector<resin::PassStats> *stats) {
  resin::PipelineOptions options;
  options.context = resin::contextForLevel(flags.level, math);
  options.afterPass = afterPass;
  std::string_view pipeline =
      flags.passesGiven ? std::string_view(flags.passes) : resin::pipelineForLevel(flags.level);
  auto result = resin::runPipeline(graph, pipeline, options);
  if (!result)
    return reportErrors(result.errors());
  if (stats)
    *stats = std::move(*result);
  return kSuccess;
}

void addCommonFlags(CLI::App *app, CommonFlags &flags) {
  addOptimizerFlags(app, flags.optimizer);
  std::string engines;
  for (std::string_view name : resin::engineNames())
    engines += (engines.empty() ? "" : ", ") + std::string(name);
  app->add_option("--engine", flags.engine, "engine: " + engines)
      ->type_name("E")
      ->capture_default_str();
  app->add_flag("--wait-for-optimized", flags.waitForOptimized,
                "tiered engine: wait for the optimizing tier's code instead of starting on "
                "the baseline tier");
  app->add_flag("--tiers", flags.showTiers,
                "tiered engine: print which tier ran which blocks (rows, points) on stderr");
  app->add_option("--math", flags.math, "math functions: precise or fast")
      ->type_name("M")
      ->check(CLI::IsMember({"precise", "fast"}))
      ->capture_default_str();
  app->add_flag("--no-ftz", flags.noFtz,
                "keep subnormals in audio processing (fields never flush them)");
  app->add_option("--format", flags.format, "input kind when reading stdin (-)")
      ->check(CLI::IsMember({"graph", "field", "json"}));
  app->add_option("--target-cpu", flags.targetCpu,
                  "JIT target: native (the host, default) or an LLVM CPU name "
                  "(x86-64-v2, x86-64-v3, x86-64-v4, skylake-avx512, ...)")
      ->type_name("CPU");
  addSetFlag(app, flags.sets);
}

void addSetFlag(CLI::App *app, std::vector<std::string> &sets) {
  app->add_option("--set", sets,
                  "NAME=VALUE: the value of the free variable NAME (a field's `var NAME;`, "
                  "resin's {\"Var\": NAME}); unbound variables are 0")
      ->type_name("NAME=VALUE")
      ->take_all();
}

void addImageFlag(CLI::App *app, CommonFlags &flags) {
  flags.bindsImages = true;
  app->add_option("--image", flags.images,
                  "NAME=FILE: the image a field's `image NAME;` reads (PNG 8 or 16-bit grey, "
                  "grey+alpha, RGB, RGBA; PFM Pf or PF)")
      ->type_name("NAME=FILE")
      ->take_all();
}

namespace {

/// verify's stand-in for an image not given: 5x3 texels of 4 channels (odd
/// sides, so the edges and the middle both matter), each sample one of
/// ordinary values in [0, 1], NaN, infinities, subnormals and huge values,
/// drawn from a generator seeded by the name (the same image every run).
std::shared_ptr<const resin::Raster> randomImage(const std::string &name) {
  uint64_t seed = 0;
  for (char c : name)
    seed = seed * 131 + uint64_t(uint8_t(c));
  resin::SplitMix64 random(seed);
  resin::Raster image{5, 3, 4, std::vector<float>(5 * 3 * 4)};
  for (float &v : image.samples) {
    uint64_t r = random.next();
    float unit = float(r >> 40) / float(1 << 24);
    switch ((r >> 8) % 16) {
    case 0:
      v = NAN;
      break;
    case 1:
      v = (r & 1) ? INFINITY : -INFINITY;
      break;
    case 2:
      v = unit * 1e-39f; // subnormal
      break;
    case 3:
      v = (2.0f * unit - 1.0f) * 3e38f; // huge, either sign
      break;
    default:
      v = unit;
    }
  }
  return std::make_shared<const resin::Raster>(std::move(image));
}

/// Reads every --image file and binds the field's images to them (for
/// verify, an image not given to a random one, with a note); kSuccess, or
/// the exit code after reporting.
int bindImageFlags(resin::Graph &graph, const CommonFlags &flags, const std::string &name) {
  resin::ImageMap images;
  for (const std::string &given : flags.images) {
    size_t eq = given.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == given.size())
      return flagError("--image", "expected NAME=FILE, not " + resin::quote(given));
    std::string imageName = given.substr(0, eq);
    if (images.count(imageName))
      return flagError("--image", "image '" + imageName + "' is given twice");
    auto raster = resin::io::readRaster(given.substr(eq + 1));
    if (!raster)
      return reportErrors(raster.errors());
    images[imageName] = std::make_shared<const resin::Raster>(std::move(*raster));
  }
  if (images.empty() && !resin::readsImages(graph))
    return kSuccess;
  if (flags.randomImages)
    for (const resin::Node &node : graph.nodes)
      if (node.op == resin::Op::Image && !images.count(node.name)) {
        images[node.name] = randomImage(node.name);
        std::fprintf(stderr,
                     "resinc: note: %s: image '%s' is not given; verify samples a random 5x3 "
                     "RGBA image with NaN, infinities, subnormals and huge values among its "
                     "samples\n",
                     name.c_str(), node.name.c_str());
      }
  auto unused = resin::bindImages(graph, images, name);
  if (!unused)
    return reportErrors(unused.errors());
  if (!unused->empty()) {
    std::string list;
    for (const std::string &n : *unused)
      list += (list.empty() ? "" : ", ") + n;
    warning(name + ": --image names no image of this input: " + list);
  }
  return kSuccess;
}

} // namespace

resin::EngineOptions engineOptions(const CommonFlags &flags) {
  resin::EngineOptions options;
  options.math = flags.math == "fast" ? resin::MathMode::Fast : resin::MathMode::Precise;
  options.flushDenormals = !flags.noFtz;
  options.waitForOptimized = flags.waitForOptimized;
  options.targetCpu = flags.targetCpu;
  return options;
}

void reportTiers(const CommonFlags &flags, const std::string &summary) {
  if (summary.empty())
    return;
  bool failed = summary.find("failed") != std::string::npos;
  if (failed || flags.showTiers)
    std::fprintf(stderr, "resinc: %s%s\n", failed ? "warning: " : "", summary.c_str());
}

bool checkEngine(const CommonFlags &flags) {
  if (!flags.targetCpu.empty()) {
    auto cpu = resin::targetCpuName(engineOptions(flags));
    if (!cpu) {
      flagError("--target-cpu", cpu.errors()[0].message);
      return false;
    }
  }
  std::vector<std::string_view> names = resin::engineNames();
  for (std::string_view name : names)
    if (name == flags.engine)
      return true;
  std::string known;
  for (std::string_view name : names)
    known += (known.empty() ? "" : ", ") + std::string(name);
  std::string message = "unknown engine " + resin::quote(flags.engine) + " (known: " + known + ")";
  std::string close = resin::closestMatch(flags.engine, names);
  if (!close.empty())
    message += "; did you mean '" + close + "'?";
  flagError("--engine", message);
  return false;
}

Loaded loadUnoptimized(const std::string &file, const CommonFlags &flags, std::string_view command,
                       std::optional<resin::GraphKind> only) {
  std::optional<resin::SourceFormat> format;
  if (!flags.format.empty())
    format = resin::formatFromName(flags.format);
  else if (file == "-" && !only) {
    std::fprintf(stderr,
                 "resinc: error: reading standard input needs --format graph|field|json "
                 "(see 'resinc %s --help')\n",
                 std::string(command).c_str());
    return {std::nullopt, kUsageError};
  }
  auto graph = only ? resin::loadFileOfKind(file, format, *only) : resin::loadFile(file, format);
  if (!graph)
    return {std::nullopt, reportErrors(graph.errors())};
  std::map<std::string, double> values;
  for (const std::string &set : flags.sets) {
    size_t eq = set.find('=');
    if (eq == std::string::npos || eq == 0)
      return {std::nullopt, flagError("--set", "expected NAME=VALUE, not " + resin::quote(set))};
    std::optional<float> value = flagFloat("--set", std::string_view(set).substr(eq + 1));
    if (!value)
      return {std::nullopt, kInputError};
    std::string name = set.substr(0, eq);
    if (auto param = graph->findParam(name)) {
      // A param's --set is its starting value: init() starts every engine there.
      if (!graph->setParamDefault(*param, *value))
        return {std::nullopt, flagError("--set", "param " + resin::quote(name) + " takes " +
                                                     graph->params[*param].rangeText() + ", not " +
                                                     resin::formatNumber(*value))};
      continue;
    }
    if (!graph->params.empty() &&
        !std::any_of(graph->nodes.begin(), graph->nodes.end(), [&](const resin::Node &n) {
          return n.op == resin::Op::Var && n.name == name;
        })) {
      std::vector<std::string_view> known;
      for (const resin::ParamDecl &p : graph->params)
        known.push_back(p.name);
      std::string hint = resin::closestMatch(name, known);
      return {std::nullopt,
              flagError("--set", "no param named " + resin::quote(name) +
                                     (hint.empty() ? "" : "; did you mean '" + hint + "'?"))};
    }
    values[name] = *value;
  }
  resin::VariableBinding binding = resin::bindVariables(*graph, values);
  std::string name = file == "-" ? "<stdin>" : file;
  auto list = [](const std::vector<std::string> &names) {
    std::string text;
    for (const std::string &n : names)
      text += (text.empty() ? "" : ", ") + n;
    return text;
  };
  if (!binding.unbound.empty())
    std::fprintf(stderr, "resinc: note: %s: unbound variables are 0: %s\n", name.c_str(),
                 list(binding.unbound).c_str());
  if (!binding.unused.empty())
    warning(name + ": --set names no free variable of this input: " + list(binding.unused));
  if (flags.bindsImages)
    if (int bound = bindImageFlags(*graph, flags, name); bound != kSuccess)
      return {std::nullopt, bound};
  return {std::move(*graph), kSuccess};
}

Loaded loadInput(const std::string &file, const CommonFlags &flags, std::string_view command,
                 resin::GraphKind kind) {
  Loaded loaded = loadUnoptimized(file, flags, command, kind);
  if (!loaded.graph)
    return loaded;
  std::optional<resin::Graph> &graph = loaded.graph;
  if (graph->kind != kind) {
    std::string name = file == "-" ? "<stdin>" : file;
    std::string message =
        kind == resin::GraphKind::Field
            ? "'resinc " + std::string(command) +
                  "' needs a field, but this is an audio graph (use 'resinc run')"
            : "'resinc " + std::string(command) +
                  "' needs an audio graph, but this is a field (use 'resinc render' or "
                  "'resinc eval')";
    return {std::nullopt, reportErrors({resin::Diagnostic{name, {}, message}})};
  }
  int optimized = optimize(*graph, flags.optimizer, engineOptions(flags).math);
  if (optimized != kSuccess)
    return {std::nullopt, optimized};
  return {std::move(*graph), kSuccess};
}

LoadedField loadField(const std::string &file, const CommonFlags &flags, std::string_view command) {
  Loaded loaded = loadInput(file, flags, command, resin::GraphKind::Field);
  if (!loaded.graph)
    return {nullptr, loaded.exitCode};
  std::string engine = flags.engine;
  if (engine == kDefaultEngine && resin::needsReferenceEngine(*loaded.graph)) {
    // The compiled tiers do not evaluate these yet; native gives the same bits.
    std::fprintf(stderr,
                 "resinc: note: %s reads images or has a colour result, which the compiled "
                 "tiers do not evaluate yet; using the native engine\n",
                 file == "-" ? "<stdin>" : file.c_str());
    engine = "native";
  }
  auto field = resin::makeFieldEvaluator(engine, *loaded.graph, engineOptions(flags));
  if (!field) {
    // The registry names the field by its graph name; say the file instead.
    resin::Diagnostics errors = field.errors();
    for (resin::Diagnostic &e : errors)
      if (e.file == loaded.graph->name && e.loc.known())
        e.file = file == "-" ? "<stdin>" : file;
    return {nullptr, reportErrors(errors)};
  }
  return {std::move(*field), kSuccess};
}

int flagError(std::string_view flag, const std::string &message) {
  std::fprintf(stderr, "resinc: error: %s: %s\n", std::string(flag).c_str(), message.c_str());
  return kInputError;
}

void warning(const std::string &message) {
  std::fprintf(stderr, "resinc: warning: %s\n", message.c_str());
}

std::optional<double> flagDouble(std::string_view flag, std::string_view text) {
  auto value = resin::io::parseDouble(text);
  if (!value)
    flagError(flag, resin::quote(text) + " is not a number");
  return value;
}

std::optional<float> flagFloat(std::string_view flag, std::string_view text) {
  auto value = resin::io::parseFloat(text);
  if (!value)
    flagError(flag, resin::quote(text) + " is not a number within the float range");
  return value;
}

std::optional<int64_t> parseInteger(std::string_view text) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty())
    return std::nullopt;
  return value;
}

std::optional<int64_t> flagInteger(std::string_view flag, std::string_view text, int64_t min,
                                   int64_t max) {
  auto value = parseInteger(text);
  if (!value || *value < min || *value > max) {
    flagError(flag, resin::quote(text) +
                        (value ? " is out of range" : " is not a whole number in") + " [" +
                        std::to_string(min) + ", " + std::to_string(max) + "]");
    return std::nullopt;
  }
  return value;
}

namespace {

/// Splits "a,b,c" at commas and parses each item with `parse`.
template <class T, class Parse>
std::optional<std::vector<T>> flagList(std::string_view flag, std::string_view text,
                                       size_t minCount, size_t maxCount, Parse parse) {
  std::vector<T> values;
  size_t start = 0;
  for (;;) {
    size_t comma = text.find(',', start);
    auto value = parse(flag, text.substr(start, comma - start));
    if (!value)
      return std::nullopt;
    values.push_back(*value);
    if (comma == std::string_view::npos)
      break;
    start = comma + 1;
  }
  if (values.size() < minCount || values.size() > maxCount) {
    std::string want = minCount == maxCount
                           ? std::to_string(minCount)
                           : std::to_string(minCount) + " to " + std::to_string(maxCount);
    flagError(flag, "expected " + want + " comma-separated numbers, got " +
                        std::to_string(values.size()) + " in " + resin::quote(text));
    return std::nullopt;
  }
  return values;
}

} // namespace

std::optional<std::vector<float>> flagFloatList(std::string_view flag, std::string_view text,
                                                size_t minCount, size_t maxCount) {
  return flagList<float>(flag, text, minCount, maxCount, flagFloat);
}

std::optional<std::vector<double>> flagDoubleList(std::string_view flag, std::string_view text,
                                                  size_t minCount, size_t maxCount) {
  return flagList<double>(flag, text, minCount, maxCount, flagDouble);
}

} // namespace resinc
