// resinc eval: evaluate a field at given points and print one `%.9g` value a
// line (docs/reference/cli.md), enough digits to give back the exact float.
#include "CommonFlags.h"

#include "resin/io/Points.h"
#include "resin/registry/EngineRegistry.h"

#include <cstdio>

namespace resinc {

namespace {

struct EvalOptions {
  std::string file;
  std::vector<std::string> at;
  std::string points;
  CommonFlags common;
};

/// --at X,Y,Z,T (trailing components may be left out: they are 0), then the
/// --points file, in order. nullopt (with `exitCode`) after reporting.
std::optional<std::vector<resin::io::Point>> gatherPoints(const EvalOptions &options,
                                                          int &exitCode) {
  std::vector<resin::io::Point> points;
  exitCode = kInputError;
  for (const std::string &text : options.at) {
    auto values = flagFloatList("--at", text, 1, 4);
    if (!values)
      return std::nullopt;
    resin::io::Point point{};
    std::copy(values->begin(), values->end(), point.begin());
    points.push_back(point);
  }
  if (!options.points.empty()) {
    auto file = resin::readSourceFile(options.points);
    if (!file) {
      exitCode = reportErrors(file.errors());
      return std::nullopt;
    }
    auto more = resin::io::parsePoints(*file);
    if (!more) {
      exitCode = reportErrors(more.errors());
      return std::nullopt;
    }
    points.insert(points.end(), more->begin(), more->end());
  }
  return points;
}

int evalCommand(const EvalOptions &options) {
  if (options.at.empty() && options.points.empty()) {
    std::fprintf(stderr, "resinc: error: no points to evaluate: give --at X,Y,Z,T or --points "
                         "FILE (see 'resinc eval --help')\n");
    return kUsageError;
  }
  if (options.file == "-" && options.points == "-") {
    std::fprintf(stderr, "resinc: error: the field and --points cannot both come from standard "
                         "input (see 'resinc eval --help')\n");
    return kUsageError;
  }
  if (!checkEngine(options.common))
    return kInputError;
  int exitCode = kSuccess;
  auto points = gatherPoints(options, exitCode);
  if (!points)
    return exitCode;
  LoadedField field = loadField(options.file, options.common, "eval");
  if (!field.field)
    return field.exitCode;
  // A colour field's channels go on one line, separated by spaces.
  const size_t channels = field.field->numChannels();
  for (const resin::io::Point &p : *points) {
    float values[4];
    field.field->evalChannels(p[0], p[1], p[2], p[3], values);
    for (size_t c = 0; c < channels; ++c)
      std::printf(c + 1 < channels ? "%.9g " : "%.9g\n", double(values[c]));
  }
  if (std::fflush(stdout) != 0) {
    std::fprintf(stderr, "resinc: error: cannot write to standard output\n");
    return kInputError;
  }
  reportTiers(options.common, field.field->tierSummary());
  return kSuccess;
}

} // namespace

Subcommand addEvalCommand(CLI::App &resinc) {
  auto options = std::make_shared<EvalOptions>();
  CLI::App *app =
      resinc.add_subcommand("eval", "Evaluate a field at points and print one %.9g value a line");
  app->add_option("FIELD", options->file, "input: .field, .json, or - for stdin")->required();
  app->add_option("--at", options->at,
                  "a point X,Y,Z,T (repeatable; left-out trailing components are 0)")
      ->type_name("X,Y,Z,T")
      ->allow_extra_args(false);
  app->add_option("--points", options->points,
                  "a file of points, one 'x y z t' a line (1 to 4 numbers, left-out trailing "
                  "ones are 0; spaces, tabs or commas; # comments; - for stdin)")
      ->type_name("FILE");
  addCommonFlags(app, options->common);
  addImageFlag(app, options->common);
  return {app, [options] { return evalCommand(*options); }};
}

} // namespace resinc
