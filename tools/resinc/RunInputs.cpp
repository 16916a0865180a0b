// The inputs of `resinc run` (RunInputs.h): parsing each -i, matching the
// channels to the graph's inputs, and filling each block.
#include "RunInputs.h"

#include "resin/support/Format.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>

namespace resinc {

namespace {

std::string acceptedForms() {
  return "-i takes a sound file or a test signal: " + std::string(resin::io::kTestSignalForms);
}

/// "input 'b' is" / "inputs 'b', 'c' are": the graph inputs no -i reaches.
std::string silentInputs(const resin::Graph &graph, size_t from) {
  std::vector<resin::NodeId> inputs = graph.inputsByChannel();
  std::string names;
  for (size_t c = from; c < inputs.size(); ++c)
    names += (names.empty() ? "'" : ", '") + graph[inputs[c]].name + "'";
  return (inputs.size() - from == 1 ? "input " : "inputs ") + names +
         (inputs.size() - from == 1 ? " is" : " are");
}

/// A warning for a frequency the graph's sample rate cannot represent.
void checkNyquist(const std::string &spec, double frequency, double sampleRate) {
  if (frequency >= sampleRate / 2)
    warning("-i " + spec + ": " + resin::formatNumber(frequency) +
            " Hz is not below half the graph's sample rate (" +
            resin::formatNumber(sampleRate / 2) + " Hz), so it aliases");
}

/// Parses one test signal; nullopt after reporting a usage error.
std::optional<resin::io::TestSignal> parseSignal(const std::string &spec, double sampleRate) {
  auto signal = resin::io::parseTestSignal(spec);
  if (!signal) {
    std::fprintf(stderr, "resinc: error: -i: %s is not a valid input: %s; %s\n",
                 resin::quote(spec).c_str(), signal.errors()[0].message.c_str(),
                 acceptedForms().c_str());
    return std::nullopt;
  }
  if (signal->kind == resin::io::SignalKind::Sine || signal->kind == resin::io::SignalKind::Sweep)
    checkNyquist(spec, std::max(signal->f0, signal->f1), sampleRate);
  return *signal;
}

/// Opens one sound file; nullopt after reporting (exit 1).
std::optional<resin::io::WavReader> openFile(const std::string &path, const resin::Graph &graph) {
  auto reader = resin::io::WavReader::open(path);
  if (!reader) {
    reportErrors(reader.errors());
    // "saw:440" is read as a file name: say what else -i takes.
    std::error_code ec;
    if (path.find(':') != std::string::npos && !std::filesystem::exists(path, ec))
      std::fprintf(stderr, "resinc: note: %s\n", acceptedForms().c_str());
    return std::nullopt;
  }
  const resin::io::SoundInfo &info = reader->info();
  if (double(info.sampleRate) != graph.sampleRate)
    warning(path + ": sample rate " + std::to_string(info.sampleRate) +
            " Hz differs from the graph's " + resin::formatNumber(graph.sampleRate) +
            " Hz; the samples are used as they are (no resampling)");
  return std::move(*reader);
}

} // namespace

std::optional<RunInputs> RunInputs::open(const std::vector<std::string> &specs,
                                         const resin::Graph &graph, int &exitCode) {
  RunInputs result;
  result.inputs_ = graph.inputsByChannel().size();
  result.sampleRate_ = graph.sampleRate;
  std::vector<std::string> given = specs;
  if (given.empty() && result.inputs_ > 0) {
    // A first `resinc run` of an effect should make sound, not silence.
    given.assign(result.inputs_, std::string(kDefaultSignal));
    result.notes_.push_back(
        "no -i given: " + std::string(result.inputs_ == 1 ? "the input" : "every input") + " of '" +
        graph.name + "' " + (result.inputs_ == 1 ? "gets" : "get") + " the test signal " +
        std::string(kDefaultSignal) +
        " (a 220 Hz sine at -6 dBFS); use -i FILE.wav, another signal or -i "
        "silence");
  }
  size_t channel = 0;
  for (const std::string &spec : given) {
    InputSource source;
    source.spec = spec;
    source.firstChannel = channel;
    if (resin::io::isTestSignalSpec(spec)) {
      auto signal = parseSignal(spec, graph.sampleRate);
      if (!signal) {
        exitCode = kUsageError;
        return std::nullopt;
      }
      source.signal = *signal;
    } else {
      source.file = openFile(spec, graph);
      if (!source.file) {
        exitCode = kInputError;
        return std::nullopt;
      }
      source.channels = size_t(source.file->info().channels);
    }
    channel += source.channels;
    result.sources_.push_back(std::move(source));
  }
  if (channel > result.inputs_) {
    std::string inputs = std::to_string(result.inputs_) + " input(s)";
    const InputSource &only = result.sources_.front();
    if (result.sources_.size() == 1 && only.file) {
      exitCode = reportErrors(
          {resin::Diagnostic{only.spec,
                             {},
                             "the file has " + std::to_string(only.channels) +
                                 " channel(s) but the graph '" + graph.name + "' has " + inputs}});
    } else {
      std::string list;
      for (const InputSource &source : result.sources_)
        list += (list.empty() ? "" : ", ") + source.spec + ": " + std::to_string(source.channels);
      exitCode = flagError("-i", "the inputs give " + std::to_string(channel) + " channels (" +
                                     list + ") but the graph '" + graph.name + "' has " + inputs);
    }
    return std::nullopt;
  }
  if (channel < result.inputs_ && !specs.empty())
    result.notes_.push_back("-i gives " + std::to_string(channel) + " channel(s) for the " +
                            std::to_string(result.inputs_) + " inputs of '" + graph.name +
                            "': " + silentInputs(graph, channel) + " silent");
  return result;
}

void RunInputs::printNotes() const {
  for (const std::string &note : notes_)
    std::fprintf(stderr, "resinc: note: %s\n", note.c_str());
}

std::optional<int64_t> RunInputs::fileFrames() const {
  std::optional<int64_t> longest;
  for (const InputSource &source : sources_)
    if (source.file)
      longest = std::max(longest.value_or(0), source.file->info().frames);
  return longest;
}

bool RunInputs::readsFile(const std::string &path) const {
  for (const InputSource &source : sources_) {
    std::error_code ec;
    if (source.file && std::filesystem::equivalent(source.spec, path, ec))
      return true;
  }
  return false;
}

std::optional<resin::Diagnostic> RunInputs::fill(float *const *in, int64_t pos, int64_t n,
                                                 int64_t length) {
  size_t covered = 0;
  for (InputSource &source : sources_) {
    float *const *out = in + source.firstChannel;
    covered = source.firstChannel + source.channels;
    if (!source.file) {
      resin::io::generateTestSignal(source.signal, sampleRate_, length, int(source.firstChannel),
                                    pos, out[0], n);
      continue;
    }
    int64_t got = 0;
    if (!source.fileEnded) {
      auto read = source.file->read(out, n);
      if (!read)
        return read.errors()[0];
      got = *read;
      source.fileEnded = got < n;
    }
    // After a file's end (or its header's promise) its channels are silent.
    for (size_t c = 0; c < source.channels; ++c)
      std::fill(out[c] + got, out[c] + n, 0.0f);
  }
  for (size_t c = covered; c < inputs_; ++c)
    std::fill(in[c], in[c] + n, 0.0f);
  return std::nullopt;
}

} // namespace resinc
