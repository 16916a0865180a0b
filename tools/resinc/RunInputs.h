// The inputs of `resinc run`: each -i is a sound file (all its channels) or
// a test signal (one channel), and in command-line order they feed the
// graph's inputs. Inputs left over are silent. A graph with inputs and no -i
// gets a default test signal, so that a first run is audible.
#pragma once

#include "CommonFlags.h"

#include "resin/io/TestSignal.h"
#include "resin/io/Wav.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace resinc {

/// The test signal every input gets when run has no -i.
inline constexpr std::string_view kDefaultSignal = "sine:220";

/// One -i: a sound file or a test signal, feeding `channels` graph inputs
/// from `firstChannel` on.
struct InputSource {
  std::string spec;
  std::optional<resin::io::WavReader> file;
  resin::io::TestSignal signal;
  size_t firstChannel = 0;
  size_t channels = 1;
  bool fileEnded = false;
};

class RunInputs {
public:
  /// Parses and opens every -i of `specs`, in order, for `graph`. nullopt
  /// with `exitCode` after reporting: a malformed test signal is a usage
  /// error (exit 2); a file that cannot be read, or more channels than the
  /// graph has inputs, exit 1. Warnings are printed at once, notes kept
  /// for printNotes.
  static std::optional<RunInputs> open(const std::vector<std::string> &specs,
                                       const resin::Graph &graph, int &exitCode);

  /// The notes on stderr (the default signal, inputs left silent); run
  /// prints them once nothing can fail before the render, so that an error
  /// is not preceded by a note about a render that never happens.
  void printNotes() const;

  /// The longest sound file's length in frames; nullopt without one.
  std::optional<int64_t> fileFrames() const;
  /// Whether a sound file among the inputs is `path` (so -o would overwrite it).
  bool readsFile(const std::string &path) const;

  /// Samples [pos, pos + n) of every graph input into in[c][0..n), for a
  /// render of `length` samples: a file's samples (silence after its end),
  /// a test signal's, or silence for inputs no -i reaches.
  std::optional<resin::Diagnostic> fill(float *const *in, int64_t pos, int64_t n, int64_t length);

private:
  std::vector<InputSource> sources_;
  std::vector<std::string> notes_;
  size_t inputs_ = 0;
  double sampleRate_ = 0;
};

} // namespace resinc
