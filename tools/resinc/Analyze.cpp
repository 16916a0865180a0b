// resinc analyze: an audio graph's impulse response from one input channel
// to one output channel, with its magnitude and phase response
// (docs/reference/cli.md): a summary on stdout, a picture with -o, the
// numbers with --json. The measuring and drawing are lib/picture's.
#include "CommonFlags.h"
#include "Extension.h"

#include "resin/picture/Response.h"

#include <cstdio>

namespace resinc {

namespace {

struct AnalyzeOptions {
  std::string file;
  std::string output;
  std::string json;
  std::string from = "0";
  std::string to = "0";
  std::string length = "8192";
  CommonFlags common;
};

std::string hzList(const std::vector<double> &hz) {
  if (hz.empty())
    return "none";
  std::string text;
  for (double f : hz) {
    char item[32];
    std::snprintf(item, sizeof item, "%.1f Hz", f);
    text += (text.empty() ? "" : ", ") + std::string(item);
  }
  return text;
}

void printSummary(std::FILE *out, const std::string &name, const resin::picture::Response &r,
                  const resin::picture::ResponseSummary &s, uint32_t from, uint32_t to) {
  std::fprintf(out, "%s: input %u -> output %u, %zu samples at %g Hz\n", name.c_str(), from, to,
               r.impulse.size(), r.sampleRate);
  const resin::Linearity &lin = r.linearity;
  if (lin.linear && lin.timeInvariant)
    std::fprintf(out, "  linear and time-invariant: the impulse response describes it fully\n");
  if (!lin.linear)
    std::fprintf(out, "  not linear: %s\n", lin.nonlinearBecause.c_str());
  if (!lin.timeInvariant)
    std::fprintf(out, "  not time-invariant: %s\n", lin.timeVaryingBecause.c_str());
  if (!lin.linear || !lin.timeInvariant)
    std::fprintf(out, "  (the responses below are of this one impulse, not of the system)\n");
  std::fprintf(out, "  DC gain: %.2f dB\n", s.dcDb);
  std::fprintf(out, "  peak: %.2f dB at %.1f Hz\n", s.peakDb, s.peakHz);
  std::fprintf(out, "  -3 dB points (3.01 dB below the peak): %s\n", hzList(s.minus3dBHz).c_str());
}

int analyzeCommand(const AnalyzeOptions &options) {
  if (!checkEngine(options.common))
    return kInputError;
  std::string format;
  if (!options.output.empty()) {
    format = lowerExtension(options.output);
    if (format != "png" && format != "svg" && format != "pdf")
      return flagError("-o", resin::quote(options.output) +
                                 " has an unknown extension (allowed: .png, .svg, .pdf)");
  }
  auto from = flagInteger("--from", options.from, 0, 255);
  auto to = flagInteger("--to", options.to, 0, 255);
  auto length = flagInteger("--length", options.length, 16, int64_t(1) << 24);
  if (!from || !to || !length)
    return kInputError;

  Loaded loaded = loadInput(options.file, options.common, "analyze", resin::GraphKind::Audio);
  if (!loaded.graph)
    return loaded.exitCode;
  resin::picture::ResponseOptions measure;
  measure.fromChannel = uint32_t(*from);
  measure.toChannel = uint32_t(*to);
  measure.length = *length;
  measure.engine = options.common.engine;
  measure.engineOptions = engineOptions(options.common);
  std::string name = options.file == "-" ? "<stdin>" : options.file;
  auto response = resin::picture::measureResponse(*loaded.graph, measure);
  if (!response) {
    resin::Diagnostics errors = response.errors();
    for (resin::Diagnostic &e : errors)
      if (e.file.empty())
        e.file = name;
    return reportErrors(errors);
  }
  resin::picture::ResponseSummary summary = resin::picture::summarize(*response);

  // With --json -, stdout carries the JSON and the summary goes to stderr.
  std::FILE *out = options.json == "-" ? stderr : stdout;
  printSummary(out, name, *response, summary, measure.fromChannel, measure.toChannel);
  std::fflush(out);
  if (!options.output.empty()) {
    std::string title = loaded.graph->name.empty() ? name : loaded.graph->name;
    auto picture = resin::picture::plotResponse(*response, summary, title, format);
    if (!picture)
      return reportErrors(picture.errors());
    if (!writeOutput(options.output, *picture))
      return kInputError;
  }
  if (!options.json.empty() &&
      !writeOutput(options.json, resin::picture::responseJson(*response, summary)))
    return kInputError;
  return kSuccess;
}

} // namespace

Subcommand addAnalyzeCommand(CLI::App &resinc) {
  auto options = std::make_shared<AnalyzeOptions>();
  // The C++ block engine: bit for bit what every engine computes, no compile.
  options->common.engine = "native";
  CLI::App *app = resinc.add_subcommand(
      "analyze", "Impulse, magnitude and phase response of an audio graph (summary, picture, "
                 "JSON)");
  app->add_option("GRAPH", options->file, "input: .graph, .json, or - for stdin")->required();
  app->add_option("-o", options->output,
                  "picture of the responses: .png, .svg or .pdf (960x900; log frequency axis)")
      ->type_name("OUT");
  app->add_option("--json", options->json,
                  "write the impulse response, frequencies, magnitudes (dB) and phases "
                  "(degrees) as JSON (- for stdout)")
      ->type_name("OUT.json");
  app->add_option("--from", options->from, "input channel that gets the impulse")
      ->type_name("IN")
      ->capture_default_str();
  app->add_option("--to", options->to, "output channel measured")
      ->type_name("OUT")
      ->capture_default_str();
  app->add_option("--length", options->length,
                  "samples of impulse response, and the FFT size (16 to 2^24)")
      ->type_name("N")
      ->capture_default_str();
  addCommonFlags(app, options->common);
  return {app, [options] { return analyzeCommand(*options); }};
}

} // namespace resinc
