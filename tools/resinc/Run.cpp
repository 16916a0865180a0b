// resinc run: render an audio graph to a 32-bit float WAV (docs/reference/cli.md), streaming
// input, processing and output block by block so memory stays bounded by the
// block length whatever the length of the render. The inputs (files and test
// signals) are RunInputs.cpp; the summary on stderr is OutputSummary.cpp.
#include "CommonFlags.h"
#include "OutputSummary.h"
#include "RunInputs.h"

#include "resin/engine/Automation.h"
#include "resin/io/Wav.h"
#include "resin/ir/Verifier.h"
#include "resin/passes/Sanitize.h"
#include "resin/registry/EngineRegistry.h"
#include "resin/support/Format.h"
#include "resin/support/Interrupt.h"
#include "resin/support/OutOfMemory.h"
#include "resin/support/SourceFile.h"
#include "resin/syntax/Automation.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <unistd.h>

namespace resinc {

namespace {

/// The longest render, in samples per channel (about 13.5 h at 44.1 kHz).
constexpr int64_t kMaxRunSamples = int64_t(1) << 31;
constexpr int64_t kDefaultBlock = 4096;
/// The longest block passed to process() (4 MiB per channel buffer).
constexpr int64_t kMaxBlock = int64_t(1) << 20;

struct RunOptions {
  std::string file;
  std::vector<std::string> inputs;
  std::string output;
  std::string seconds;
  std::string samples;
  std::string block = std::to_string(kDefaultBlock);
  bool sanitize = false;
  bool quiet = false;
  std::string encoding = "float";
  std::string automation; // FILE of param events (SAMPLE NAME VALUE)
  CommonFlags common;
};

/// The output's name in messages.
std::string outputName(const RunOptions &options) {
  return options.output == "-" ? "<stdout>" : options.output;
}

/// Per-channel buffers of one block and the pointer arrays process() takes.
struct Buffers {
  std::vector<std::vector<float>> data;
  std::vector<float *> pointers;

  Buffers(size_t channels, int64_t block) : data(channels, std::vector<float>(size_t(block))) {
    for (auto &channel : data)
      pointers.push_back(channel.data());
  }
};

/// The number of samples to render: --samples, --seconds, the longest input
/// file's length, or 1 s. nullopt after reporting a bad value.
std::optional<int64_t> renderLength(const RunOptions &options, double sampleRate,
                                    const RunInputs &inputs) {
  if (!options.samples.empty())
    return flagInteger("--samples", options.samples, 0, kMaxRunSamples);
  double seconds = 1.0;
  const char *flag = "--seconds";
  if (!options.seconds.empty()) {
    auto value = flagDouble(flag, options.seconds);
    if (!value)
      return std::nullopt;
    seconds = *value;
  } else if (auto frames = inputs.fileFrames()) {
    if (*frames < 0 || *frames > kMaxRunSamples) {
      flagError("-i", "an input has " + std::to_string(*frames) +
                          " frames, more than the limit of " + std::to_string(kMaxRunSamples) +
                          " (cut it with --samples or --seconds)");
      return std::nullopt;
    }
    return *frames;
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

/// init() once, then process() block by block from the inputs into the
/// writer, gathering the output's statistics.
std::optional<resin::Diagnostic> render(resin::AudioProcessor &processor, RunInputs &inputs,
                                        resin::io::WavWriter &writer, size_t inputCount,
                                        AudioStats &stats, int64_t length, int64_t block,
                                        std::span<const resin::ParamEvent> events) {
  block = std::max<int64_t>(1, std::min(block, length));
  Buffers in(inputCount, block);
  Buffers out(stats.channels, block);
  processor.init();
  size_t nextEvent = 0;
  for (int64_t pos = 0; pos < length; pos += block) {
    // SIGINT or SIGTERM: stop at this block; the caller discards the output.
    if (resin::stopSignal() != 0)
      return resin::Diagnostic{"", {}, "stopped"};
    int64_t n = std::min(block, length - pos);
    if (auto error = inputs.fill(in.pointers.data(), pos, n, length))
      return error;
    // Events were checked against the params' ranges when read.
    resin::processAutomated(processor, in.pointers.data(), out.pointers.data(), n, pos, events,
                            nextEvent);
    stats.add(out.pointers.data(), n);
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
  if (std::find(options.inputs.begin(), options.inputs.end(), "-") != options.inputs.end()) {
    std::fprintf(stderr, "resinc: error: -i: standard input is not supported for sound files; "
                         "give a file name or a test signal (see 'resinc run --help')\n");
    return kUsageError;
  }
  if (options.output == "-" && isatty(STDOUT_FILENO)) {
    std::fprintf(stderr, "resinc: error: -o -: standard output is a terminal; redirect it to a "
                         "file or a pipe (see 'resinc run --help')\n");
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
  size_t inputCount = graph.inputsByChannel().size();
  size_t outputs = graph.outputsByChannel().size();
  std::vector<resin::ParamEvent> events;
  if (!options.automation.empty()) {
    auto file = resin::readSourceFile(options.automation);
    if (!file)
      return reportErrors(file.errors());
    auto parsed = resin::parseAutomation(*file, graph);
    if (!parsed)
      return reportErrors(parsed.errors());
    events = std::move(*parsed);
  }

  int exitCode = kSuccess;
  auto inputs = RunInputs::open(options.inputs, graph, exitCode);
  if (!inputs)
    return exitCode;
  if (inputs->readsFile(options.output))
    return reportErrors(
        {resin::Diagnostic{options.output, {}, "the output would overwrite the input (-i)"}});
  auto length = renderLength(options, graph.sampleRate, *inputs);
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

  int rate = wavSampleRate(graph);
  const resin::io::WavEncoding encoding =
      options.encoding == "pcm24"   ? resin::io::WavEncoding::Pcm24
      : options.encoding == "pcm16" ? resin::io::WavEncoding::Pcm16
                                    : resin::io::WavEncoding::Float32;
  auto writer = options.output == "-"
                    ? resin::io::WavWriter::createStream(stdout, outputName(options), int(outputs),
                                                         rate, *length, encoding)
                    : resin::io::WavWriter::create(options.output, int(outputs), rate, encoding);
  if (!writer)
    return reportErrors(writer.errors());
  if (!options.quiet)
    inputs->printNotes();
  AudioStats stats;
  stats.channels = outputs;
  try {
    // Only the block buffers are allocated here: no LLVM below this point.
    resin::CatchesBadAlloc caught;
    if (auto error =
            render(**processor, *inputs, *writer, inputCount, stats, *length, *block, events)) {
      writer->discard();
      return reportErrors({*error});
    }
  } catch (const std::bad_alloc &) {
    writer->discard();
    return flagError("--block", "not enough memory for blocks of " + options.block +
                                    " samples; use a smaller --block");
  }
  reportTiers(options.common, (*processor)->tierSummary());
  reportAudio(outputName(options), stats, options.quiet);
  return kSuccess;
}

} // namespace

Subcommand addRunCommand(CLI::App &resinc) {
  auto options = std::make_shared<RunOptions>();
  CLI::App *app = resinc.add_subcommand(
      "run", "Render an audio graph to a 32-bit float WAV at the graph's sample rate");
  app->add_option("GRAPH", options->file, "input: .graph, .json, or - for stdin")->required();
  app->add_option("-i", options->inputs,
                  "an input, repeatable, feeding the graph's inputs in order: a sound file "
                  "(any format libsndfile reads; all its channels) or a test signal, one "
                  "channel: sine:FREQ, sweep:F0:F1 (logarithmic, over the whole run), noise, "
                  "impulse, silence. Default for a graph with inputs: " +
                      std::string(kDefaultSignal))
      ->type_name("IN")
      ->allow_extra_args(false);
  app->add_option("-o", options->output, "output WAV (32-bit float); - for standard output")
      ->type_name("OUT.wav")
      ->required();
  app->add_option("--encoding", options->encoding,
                  "WAV samples: float (32-bit, the default), pcm24 or pcm16 (integer, clipped at "
                  "full scale; sox reads these without its float-header warning)")
      ->type_name("E")
      ->check(CLI::IsMember({"float", "pcm24", "pcm16"}))
      ->capture_default_str();
  CLI::Option *seconds =
      app->add_option("--seconds", options->seconds,
                      "length in seconds (default: the longest input file's length, else 1 s)")
          ->type_name("S");
  CLI::Option *samples =
      app->add_option("--samples", options->samples, "length in samples (at most 2^31)")
          ->type_name("N");
  seconds->excludes(samples);
  app->add_option("--block", options->block, "samples per process() call, 1 to 2^20")
      ->type_name("N")
      ->capture_default_str();
  app->add_option("--automation", options->automation,
                  "param changes: lines 'SAMPLE NAME VALUE' (sample index from 0, in order)");
  app->add_flag("--quiet", options->quiet,
                "no summary of the output and no notes on stderr (warnings and errors stay)");
  app->add_flag("--sanitize", options->sanitize,
                "put finite() before the input of every stateful node, so a NaN or infinity "
                "becomes 0 there and the graph recovers (docs/reliability.md)");
  addCommonFlags(app, options->common);
  return {app, [options] { return runCommand(*options); }};
}

} // namespace resinc
