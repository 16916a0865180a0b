// resinc run: render an audio graph to a 32-bit float WAV (docs/reference/cli.md), streaming
// input, processing and output block by block so memory stays bounded by the
// block length whatever the length of the render.
#include "CommonFlags.h"

#include "resin/io/Wav.h"
#include "resin/ir/Verifier.h"
#include "resin/passes/Sanitize.h"
#include "resin/support/Format.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <memory>

namespace resinc {

namespace {

/// The longest render, in samples per channel (about 13.5 h at 44.1 kHz).
constexpr int64_t kMaxRunSamples = int64_t(1) << 31;
constexpr int64_t kDefaultBlock = 4096;
/// The longest block passed to process() (4 MiB per channel buffer).
constexpr int64_t kMaxBlock = int64_t(1) << 20;

struct RunOptions {
  std::string file;
  std::string input;
  std::string output;
  std::string seconds;
  std::string samples;
  std::string block = std::to_string(kDefaultBlock);
  bool sanitize = false;
  CommonFlags common;
};

/// Per-channel buffers of one block and the pointer arrays process() takes.
struct Buffers {
  std::vector<std::vector<float>> data;
  std::vector<float *> pointers;

  Buffers(size_t channels, int64_t block) : data(channels, std::vector<float>(size_t(block))) {
    for (auto &channel : data)
      pointers.push_back(channel.data());
  }
};

/// The number of samples to render: --samples, --seconds, the input's
/// length, or 1 s. nullopt after reporting a bad value.
std::optional<int64_t> renderLength(const RunOptions &options, double sampleRate,
                                    const std::optional<resin::io::WavReader> &reader) {
  if (!options.samples.empty())
    return flagInteger("--samples", options.samples, 0, kMaxRunSamples);
  double seconds = 1.0;
  const char *flag = "--seconds";
  if (!options.seconds.empty()) {
    auto value = flagDouble(flag, options.seconds);
    if (!value)
      return std::nullopt;
    seconds = *value;
  } else if (reader) {
    int64_t frames = reader->info().frames;
    if (frames < 0 || frames > kMaxRunSamples) {
      reportErrors({resin::Diagnostic{
          options.input,
          {},
          "the input has " + std::to_string(frames) + " frames, more than the limit of " +
              std::to_string(kMaxRunSamples) + " (cut it with --samples or --seconds)"}});
      return std::nullopt;
    }
    return frames;
  }
  double samples = std::round(seconds * sampleRate);
  if (!(seconds >= 0) || !(samples <= double(kMaxRunSamples))) {
    flagError(flag, resin::quote(options.seconds) + " is out of range: the length must be 0 to " +
                        std::to_string(kMaxRunSamples) + " samples at the graph's sample rate");
    return std::nullopt;
  }
  return int64_t(samples);
}

/// The WAV header holds a whole sample rate; the graph's is rounded to it.
int wavSampleRate(const resin::Graph &graph) {
  int rate = int(std::lround(graph.sampleRate));
  if (double(rate) != graph.sampleRate)
    warning(graph.name + ": sample_rate " + resin::formatNumber(graph.sampleRate) +
            " is not a whole number; the WAV header says " + std::to_string(rate));
  return rate;
}

/// Opens -i and checks it against the graph. nullopt (with `exitCode` set)
/// when it cannot be used.
std::optional<resin::io::WavReader> openInput(const RunOptions &options, const resin::Graph &graph,
                                              int &exitCode) {
  auto reader = resin::io::WavReader::open(options.input);
  if (!reader) {
    exitCode = reportErrors(reader.errors());
    return std::nullopt;
  }
  const resin::io::SoundInfo &info = reader->info();
  size_t inputs = graph.inputsByChannel().size();
  if (size_t(info.channels) != inputs) {
    exitCode = reportErrors({resin::Diagnostic{
        options.input,
        {},
        "the file has " + std::to_string(info.channels) + " channel(s) but the graph '" +
            graph.name + "' has " + std::to_string(inputs) + " input(s)"}});
    return std::nullopt;
  }
  if (double(info.sampleRate) != graph.sampleRate)
    warning(options.input + ": sample rate " + std::to_string(info.sampleRate) +
            " Hz differs from the graph's " + resin::formatNumber(graph.sampleRate) +
            " Hz; the samples are used as they are (no resampling)");
  return std::move(*reader);
}

/// init() once, then process() block by block from the reader (or silence,
/// padding after the input ends) into the writer.
std::optional<resin::Diagnostic> render(resin::AudioProcessor &processor,
                                        std::optional<resin::io::WavReader> &reader,
                                        resin::io::WavWriter &writer, size_t inputs, size_t outputs,
                                        int64_t length, int64_t block) {
  block = std::max<int64_t>(1, std::min(block, length));
  Buffers in(inputs, block);
  Buffers out(outputs, block);
  bool inputLeft = reader.has_value();
  processor.init();
  for (int64_t pos = 0; pos < length; pos += block) {
    int64_t n = std::min(block, length - pos);
    int64_t got = 0;
    if (inputLeft) {
      auto read = reader->read(in.pointers.data(), n);
      if (!read)
        return read.errors()[0];
      got = *read;
      inputLeft = got == n;
    }
    // Past the input's end (or without one) the inputs are silent.
    for (auto &channel : in.data)
      std::fill(channel.begin() + got, channel.begin() + n, 0.0f);
    processor.process(in.pointers.data(), out.pointers.data(), n);
    if (auto error = writer.write(out.pointers.data(), n))
      return error;
  }
  return writer.close();
}

int runCommand(const RunOptions &options) {
  if (!checkEngine(options.common))
    return kInputError;
  auto block = flagInteger("--block", options.block, 1, kMaxBlock);
  if (!block)
    return kInputError;
  if (options.input == "-" || options.output == "-") {
    std::fprintf(stderr,
                 "resinc: error: %s: standard input and output are not supported for "
                 "WAV files; give a file name (see 'resinc run --help')\n",
                 options.input == "-" ? "-i" : "-o");
    return kUsageError;
  }
  Loaded loaded = loadInput(options.file, options.common, "run", resin::GraphKind::Audio);
  if (!loaded.graph)
    return loaded.exitCode;
  resin::Graph &graph = *loaded.graph;
  if (options.sanitize) {
    // After the optimizer, so no pass can drop a guard; verified again for
    // the node limit the guards count toward.
    resin::insertFiniteGuards(graph);
    resin::Diagnostics errors = resin::verifyGraph(graph, options.file);
    if (!errors.empty())
      return reportErrors(errors);
  }
  size_t inputs = graph.inputsByChannel().size();
  size_t outputs = graph.outputsByChannel().size();

  std::optional<resin::io::WavReader> reader;
  if (!options.input.empty()) {
    int exitCode = kSuccess;
    reader = openInput(options, graph, exitCode);
    if (!reader)
      return exitCode;
    std::error_code ec;
    if (std::filesystem::equivalent(options.input, options.output, ec))
      return reportErrors(
          {resin::Diagnostic{options.output, {}, "the output would overwrite the input (-i)"}});
  }
  auto length = renderLength(options, graph.sampleRate, reader);
  if (!length)
    return kInputError;
  if (uint64_t(*length) * outputs * sizeof(float) > resin::io::kMaxWavDataBytes)
    return reportErrors({resin::Diagnostic{
        options.output,
        {},
        std::to_string(*length) + " samples of " + std::to_string(outputs) +
            " channel(s) are more than a WAV file holds (4 GiB of samples); render less"}});

  auto processor =
      resin::makeAudioProcessor(options.common.engine, graph, engineOptions(options.common));
  if (!processor)
    return reportErrors(processor.errors());

  auto writer = resin::io::WavWriter::create(options.output, int(outputs), wavSampleRate(graph));
  if (!writer)
    return reportErrors(writer.errors());
  try {
    if (auto error = render(**processor, reader, *writer, inputs, outputs, *length, *block)) {
      writer->discard();
      return reportErrors({*error});
    }
  } catch (const std::bad_alloc &) {
    writer->discard();
    return flagError("--block", "not enough memory for blocks of " + options.block +
                                    " samples; use a smaller --block");
  }
  reportTiers(options.common, (*processor)->tierSummary());
  return kSuccess;
}

} // namespace

Subcommand addRunCommand(CLI::App &resinc) {
  auto options = std::make_shared<RunOptions>();
  CLI::App *app = resinc.add_subcommand(
      "run", "Render an audio graph to a 32-bit float WAV at the graph's sample rate");
  app->add_option("GRAPH", options->file, "input: .graph, .json, or - for stdin")->required();
  app->add_option("-i", options->input,
                  "input WAV (any format libsndfile reads; one channel per graph input; "
                  "default: silence)")
      ->type_name("IN.wav");
  app->add_option("-o", options->output, "output WAV (32-bit float)")
      ->type_name("OUT.wav")
      ->required();
  CLI::Option *seconds =
      app->add_option("--seconds", options->seconds,
                      "length in seconds (default: the input's length, or 1 s without -i)")
          ->type_name("S");
  CLI::Option *samples =
      app->add_option("--samples", options->samples, "length in samples (at most 2^31)")
          ->type_name("N");
  seconds->excludes(samples);
  app->add_option("--block", options->block, "samples per process() call, 1 to 2^20")
      ->type_name("N")
      ->capture_default_str();
  app->add_flag("--sanitize", options->sanitize,
                "put finite() before the input of every stateful node, so a NaN or infinity "
                "becomes 0 there and the graph recovers (docs/reliability.md)");
  addCommonFlags(app, options->common);
  return {app, [options] { return runCommand(*options); }};
}

} // namespace resinc
