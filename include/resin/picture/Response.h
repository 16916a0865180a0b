// Impulse, magnitude and phase responses of an audio graph (analyze in
// docs/reference/cli.md): the graph runs on a unit impulse through an
// engine, and FFTW transforms what comes out.
#pragma once

#include "resin/engine/Engine.h"
#include "resin/ir/Graph.h"
#include "resin/ir/Linearity.h"
#include "resin/support/Diagnostic.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace resin::picture {

struct ResponseOptions {
  uint32_t fromChannel = 0; // the input channel that gets the impulse
  uint32_t toChannel = 0;   // the output channel measured
  int64_t length = 8192;    // samples of impulse response, and the FFT size
  std::string engine = "interp";
  EngineOptions engineOptions;
};

struct Response {
  double sampleRate = 44100;
  Linearity linearity;
  std::vector<float> impulse; // length samples
  /// Bins 0..length/2: frequency in Hz, magnitude in dB (20 log10 |H|,
  /// -inf for an exact zero), phase in degrees in (-180, 180].
  std::vector<double> frequencies, magnitudeDb, phaseDeg;
};

/// Runs `graph` (an audio graph, already verified) on a unit impulse at
/// sample 0 of `fromChannel` (every other input silent) and transforms
/// `toChannel`'s first `length` samples. Errors: no such channel, a length
/// outside [16, 2^24], an engine that cannot run the graph.
Result<Response> measureResponse(const Graph &graph, const ResponseOptions &options);

/// What a person reads first: the gain at DC, the peak, and where the
/// magnitude crosses 3.01 dB below the peak (interpolated between bins).
struct ResponseSummary {
  double dcDb = 0;
  double peakHz = 0, peakDb = 0;
  std::vector<double> minus3dBHz;
};
ResponseSummary summarize(const Response &response);

} // namespace resin::picture

namespace resin::picture {

/// The size of analyze's picture: three panels (impulse response,
/// magnitude, phase) of kResponsePlotWidth x kResponsePlotHeight / 3.
inline constexpr int kResponsePlotWidth = 960, kResponsePlotHeight = 900;

/// The three panels drawn as png, svg or pdf; `title` names the graph.
Result<std::string> plotResponse(const Response &response, const ResponseSummary &summary,
                                 const std::string &title, std::string_view format);

/// The response as JSON: sample_rate, linear, time_invariant (with the
/// reasons), the summary, impulse, and per bin frequency_hz, magnitude_db
/// (null for -inf) and phase_deg.
std::string responseJson(const Response &response, const ResponseSummary &summary);

} // namespace resin::picture
