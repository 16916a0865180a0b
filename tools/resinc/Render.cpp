// resinc render: evaluate a field on a W x H grid and write PNG (grey, or
// colour-mapped with --colormap), PFM or raw .f32 (docs/reference/cli.md). Rows are shared among
// threads; the evaluator is const and thread safe, so each thread writes its own rows of one image.
#include "CommonFlags.h"
#include "OutputSummary.h"

#include "resin/io/Image.h"
#include "resin/picture/Colormap.h"
#include "resin/registry/EngineRegistry.h"
#include "resin/support/Interrupt.h"
#include "resin/support/Limits.h"
#include "resin/support/OutOfMemory.h"

#include <cfloat>
#include <cmath>
#include <cstdio>
#include <system_error>
#include <thread>
#include <unistd.h>

namespace resinc {

namespace {

/// Each side of the image; all pixels together are Limit::RenderPixels
/// (default 2^28, 1 GiB of floats).
constexpr int64_t kMaxImageSide = 65536;
constexpr int64_t kMaxThreads = 1024;

struct RenderOptions {
  std::string file;
  std::string output;
  std::string size = "512x512";
  std::string rect = "0,0,1,1";
  std::string z = "0";
  std::string t = "0";
  std::string threads;
  std::string colormap; // empty: a 16-bit grey PNG of [0, 1]
  bool quiet = false;
  CommonFlags common;
};

struct Grid {
  int64_t width = 0, height = 0;
  double x0 = 0, y0 = 0, x1 = 1, y1 = 1;
  float z = 0, t = 0;
};

/// Parses --size WxH into `grid`; false after reporting.
bool parseSize(const std::string &text, Grid &grid) {
  size_t x = text.find_first_of("xX");
  auto width = x == std::string::npos ? std::nullopt : parseInteger(text.substr(0, x));
  auto height = x == std::string::npos ? std::nullopt : parseInteger(text.substr(x + 1));
  if (!width || !height) {
    flagError("--size", "expected WxH such as 512x256, got " + resin::quote(text));
    return false;
  }
  for (auto [name, value] : {std::pair{"width", *width}, std::pair{"height", *height}})
    if (value < 1 || value > kMaxImageSide) {
      flagError("--size", std::string(name) + " " + std::to_string(value) +
                              " is out of range [1, " + std::to_string(kMaxImageSide) + "]");
      return false;
    }
  int64_t pixels = *width * *height;
  if (!resin::withinLimit(resin::Limit::RenderPixels, pixels)) {
    std::string what = resin::quote(text) + " has more than " +
                       std::to_string(resin::limitValue(resin::Limit::RenderPixels)) + " pixels (" +
                       std::to_string(pixels) + ")";
    flagError("--size", resin::limitMessage(resin::Limit::RenderPixels, what, pixels));
    return false;
  }
  grid.width = *width;
  grid.height = *height;
  return true;
}

/// Parses --rect X0,Y0,X1,Y1 into `grid`; false after reporting. Reversed
/// rects (X1 < X0 or Y1 < Y0) flip the picture and are allowed.
bool parseRect(const std::string &text, Grid &grid) {
  auto values = flagDoubleList("--rect", text, 4, 4);
  if (!values)
    return false;
  for (double v : *values)
    if (!(std::fabs(v) <= FLT_MAX)) {
      flagError("--rect", resin::quote(text) + ": every value must be a finite float");
      return false;
    }
  grid.x0 = (*values)[0], grid.y0 = (*values)[1], grid.x1 = (*values)[2], grid.y1 = (*values)[3];
  if (grid.x0 == grid.x1 || grid.y0 == grid.y1) {
    flagError("--rect", resin::quote(text) + " is empty: X0 must differ from X1 and Y0 from Y1");
    return false;
  }
  return true;
}

/// Evaluates rows first, first + step, ... of the image.
void renderRows(const resin::FieldEvaluator &field, const Grid &g, resin::io::Image &image,
                int64_t first, int64_t step) {
  // The float evaluation rule (docs/usage.md): x0, dx and each row's y are
  // computed in double and rounded once to float; row() then steps x in float.
  const double spanX = g.x1 - g.x0, spanY = g.y1 - g.y0;
  const float x0 = float(g.x0 + 0.5 * spanX / double(g.width));
  const float dx = float(spanX / double(g.width));
  // A colour field's channels are computed a row each, then interleaved.
  const size_t channels = size_t(image.channels), width = size_t(g.width);
  std::vector<float> planes(channels > 1 ? channels * width : 0);
  float *rows[4] = {};
  for (size_t c = 0; c < channels && channels > 1; ++c)
    rows[c] = &planes[c * width];
  for (int64_t j = first; j < g.height; j += step) {
    if (resin::stopSignal() != 0) // SIGINT or SIGTERM: stop at this row
      return;
    const float y = float(g.y0 + (double(j) + 0.5) * spanY / double(g.height));
    float *out = &image.pixels[size_t(j) * width * channels];
    if (channels == 1) {
      field.row(x0, dx, y, g.z, g.t, out, g.width);
      continue;
    }
    field.rowChannels(x0, dx, y, g.z, g.t, rows, g.width);
    for (size_t i = 0; i < width; ++i)
      for (size_t c = 0; c < channels; ++c)
        out[i * channels + c] = rows[c][i];
  }
}

/// --colormap: the field's finite range onto the map's ends, as an 8-bit
/// RGB PNG; the range is said on stderr (the PNG alone cannot say it).
int writeColormapped(const RenderOptions &options, const std::string &name,
                     const resin::io::Image &image, resin::picture::Colormap map) {
  resin::picture::ValueRange range = resin::picture::finiteRange(image);
  auto png = resin::picture::colormapPng(image, map, range);
  if (!png) {
    resin::Diagnostics errors = png.errors();
    for (resin::Diagnostic &e : errors)
      e.file = name;
    return reportErrors(errors);
  }
  if (!writeOutput(options.output, *png))
    return kInputError;
  if (!options.quiet)
    std::fprintf(stderr,
                 "resinc: %s: %lldx%lld, colour map %s from %.6g (first colour) to %.6g "
                 "(last colour)\n",
                 name.c_str(), (long long)image.width, (long long)image.height,
                 options.colormap.c_str(), range.lo, range.hi);
  return kSuccess;
}

int renderCommand(const RenderOptions &options) {
  if (!checkEngine(options.common))
    return kInputError;
  // "-o -" is a PNG on standard output (a stream has no extension to say otherwise).
  const bool toStdout = options.output == "-";
  if (toStdout && isatty(STDOUT_FILENO)) {
    std::fprintf(stderr, "resinc: error: -o -: standard output is a terminal; redirect it to a "
                         "file or a pipe (see 'resinc render --help')\n");
    return kUsageError;
  }
  auto format = toStdout ? std::optional(resin::io::ImageFormat::Png)
                         : resin::io::imageFormatFromPath(options.output);
  if (!format)
    return flagError("-o", resin::quote(options.output) + " has an unknown extension (allowed: " +
                               std::string(resin::io::kImageExtensions) + ")");
  std::optional<resin::picture::Colormap> colormap;
  if (!options.colormap.empty()) {
    colormap = resin::picture::findColormap(options.colormap);
    if (!colormap)
      return flagError("--colormap", "unknown colour map " + resin::quote(options.colormap) +
                                         " (viridis, magma or grey)");
    if (*format != resin::io::ImageFormat::Png)
      return flagError("--colormap",
                       "a colour map needs a .png output, not " + resin::quote(options.output));
  }
  Grid grid;
  if (!parseSize(options.size, grid) || !parseRect(options.rect, grid))
    return kInputError;
  auto z = flagFloat("--z", options.z);
  auto t = flagFloat("--t", options.t);
  if (!z || !t)
    return kInputError;
  grid.z = *z, grid.t = *t;
  int64_t threads = std::max<int64_t>(1, std::thread::hardware_concurrency());
  if (!options.threads.empty()) {
    auto value = flagInteger("--threads", options.threads, 1, kMaxThreads);
    if (!value)
      return kInputError;
    threads = *value;
  }
  threads = std::min(threads, grid.height); // more threads than rows would idle

  LoadedField field = loadField(options.file, options.common, "render");
  if (!field.field)
    return field.exitCode;

  const int64_t channels = int64_t(field.field->numChannels());
  if (colormap && channels > 1)
    return flagError("--colormap", "a colour map needs a field of one value; this one is a "
                                   "colour (output r, g, b)");
  if (*format == resin::io::ImageFormat::Pfm && channels == 4)
    return flagError("-o", "PFM has no alpha channel; write the RGBA field as .png or .f32");
  resin::io::Image image{grid.width, grid.height, {}, channels};
  try {
    resin::CatchesBadAlloc caught;
    image.pixels.resize(size_t(grid.width * grid.height * channels));
  } catch (const std::bad_alloc &) {
    return flagError("--size", "not enough memory for a " + options.size + " image");
  }
  {
    // Interleaved rows balance fields whose cost varies from top to bottom.
    std::vector<std::jthread> workers;
    int64_t started = 1;
    for (; started < threads; ++started) {
      try {
        workers.emplace_back(
            [&, k = started] { renderRows(*field.field, grid, image, k, threads); });
      } catch (const std::system_error &) {
        break; // no more threads to be had (a process or address-space limit)
      }
    }
    // The rows of workers that could not start are this thread's; the image
    // is the same whoever renders a row.
    for (int64_t k = started; k < threads; ++k)
      renderRows(*field.field, grid, image, k, threads);
    renderRows(*field.field, grid, image, 0, threads);
  }
  if (resin::stopSignal() != 0)
    return kInputError; // main reports the stop; the output is not touched
  const std::string name = toStdout ? "<stdout>" : options.output;
  // Which tier ran is said once the image is written (as run does): a
  // render that fails after all says one line, its error.
  if (colormap) {
    int status = writeColormapped(options, name, image, *colormap);
    if (status == kSuccess)
      reportTiers(options.common, field.field->tierSummary());
    return status;
  }
  if (auto error = resin::io::writeImage(options.output, image, *format))
    return reportErrors({*error});
  reportTiers(options.common, field.field->tierSummary());
  reportImage(name, image, *format == resin::io::ImageFormat::Png, options.quiet);
  return kSuccess;
}

} // namespace

Subcommand addRenderCommand(CLI::App &resinc) {
  auto options = std::make_shared<RenderOptions>();
  CLI::App *app = resinc.add_subcommand(
      "render", "Evaluate a field on a grid and write a 16-bit PNG, a PFM or raw .f32");
  app->add_option("FIELD", options->file, "input: .field, .json, or - for stdin")->required();
  app->add_option("-o", options->output,
                  "output image: .png, .pfm or .f32; - for a PNG on "
                  "standard output")
      ->type_name("OUT")
      ->required();
  app->add_option("--size", options->size,
                  "WxH: each 1 to 65536, at most 2^28 pixels (RESIN_LIMIT_RENDER_PIXELS)")
      ->type_name("WxH")
      ->capture_default_str();
  app->add_option("--rect", options->rect, "X0,Y0,X1,Y1: the area sampled; row 0 at Y0")
      ->type_name("X0,Y0,X1,Y1")
      ->capture_default_str();
  app->add_option("--z", options->z, "z for every pixel")->type_name("Z")->capture_default_str();
  app->add_option("--t", options->t, "t for every pixel")->type_name("T")->capture_default_str();
  app->add_option("--threads", options->threads, "threads, 1 to 1024 (default: all cores)")
      ->type_name("N");
  app->add_option("--colormap", options->colormap,
                  "viridis, magma or grey: an 8-bit colour PNG with the field's finite range "
                  "mapped onto the map (the range is printed on stderr)")
      ->type_name("MAP");
  app->add_flag("--quiet", options->quiet,
                "no summary of the image on stderr (warnings and errors stay)");
  addCommonFlags(app, options->common);
  addImageFlag(app, options->common);
  return {app, [options] { return renderCommand(*options); }};
}

} // namespace resinc
