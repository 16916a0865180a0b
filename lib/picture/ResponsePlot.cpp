// analyze's picture: the impulse response over samples, then magnitude (dB)
// and phase (degrees) over a log frequency axis from the first bin above DC
// to Nyquist, the -3 dB points marked.
#include "Plot.h"
#include "resin/picture/Response.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace resin::picture {

namespace {

std::string fixed(double v, int digits) {
  char text[48];
  std::snprintf(text, sizeof text, "%.*f", digits, v);
  return text;
}

/// Samples shown: up to where the response has died away (1e-4 of its
/// largest magnitude), at least 64, so a short filter is not a spike at 0.
size_t shownSamples(const std::vector<float> &impulse) {
  float largest = 0;
  for (float v : impulse)
    largest = std::max(largest, std::fabs(v));
  size_t last = 0;
  for (size_t i = 0; i < impulse.size(); ++i)
    if (std::fabs(impulse[i]) > largest * 1e-4f)
      last = i;
  return std::min(impulse.size(), std::max<size_t>(64, last + last / 8 + 1));
}

} // namespace

Result<std::string> plotResponse(const Response &response, const ResponseSummary &summary,
                                 const std::string &title, std::string_view format) {
  Panel impulse;
  impulse.title = title + ": impulse response";
  impulse.xLabel = "sample";
  impulse.yLabel = "amplitude";
  Line samples;
  size_t shown = shownSamples(response.impulse);
  for (size_t i = 0; i < shown; ++i) {
    samples.x.push_back(double(i));
    samples.y.push_back(response.impulse[i]);
  }
  impulse.lines.push_back(std::move(samples));
  const Linearity &lin = response.linearity;
  if (!lin.linear)
    impulse.note = "not linear: " + lin.nonlinearBecause;
  else if (!lin.timeInvariant)
    impulse.note = "not time-invariant: " + lin.timeVaryingBecause;

  // Bin 0 (DC) has no place on a log axis; it is in the summary instead.
  std::vector<double> hz(response.frequencies.begin() + 1, response.frequencies.end());
  std::vector<double> db(response.magnitudeDb.begin() + 1, response.magnitudeDb.end());
  std::vector<double> deg(response.phaseDeg.begin() + 1, response.phaseDeg.end());
  // From 10 Hz (or the first bin above it) to Nyquist: below 10 Hz an
  // audio response has nothing to show but the bins' spacing.
  std::pair<double, double> hzRange{std::max(hz.front(), 10.0), response.sampleRate / 2};

  Panel magnitude;
  magnitude.title = "magnitude";
  magnitude.xLabel = "frequency (Hz)";
  magnitude.yLabel = "dB";
  magnitude.xScale = Scale::Log;
  magnitude.xRange = hzRange;
  // From 90 dB below the peak (or the lowest value, if higher) to at least
  // 2 dB above it, on multiples of 6 dB.
  double lowest = summary.peakDb;
  for (double v : db)
    if (std::isfinite(v))
      lowest = std::min(lowest, v);
  double top = std::ceil((summary.peakDb + 2) / 6) * 6;
  double bottom = std::floor(std::max(lowest, summary.peakDb - 90) / 6) * 6;
  if (top - bottom < 12)
    bottom = top - 12;
  // A silent output (-inf dB everywhere) or a NaN one has no level to
  // scale by: the axis then shows the usual audio range, empty.
  if (!std::isfinite(top) || !std::isfinite(bottom))
    top = 6, bottom = -120;
  magnitude.yRange = std::pair{bottom, top};
  magnitude.lines.push_back({hz, db, {0.12, 0.35, 0.65}, ""});
  magnitude.xMarks = summary.minus3dBHz;
  magnitude.note = "DC " + fixed(summary.dcDb, 2) + " dB, peak " + fixed(summary.peakDb, 2) +
                   " dB at " + fixed(summary.peakHz, 1) + " Hz";

  Panel phase;
  phase.title = "phase";
  phase.xLabel = "frequency (Hz)";
  phase.yLabel = "degrees";
  phase.xScale = Scale::Log;
  phase.xRange = hzRange;
  phase.yRange = std::pair{-180.0, 180.0};
  phase.lines.push_back({hz, deg, {0.55, 0.25, 0.55}, ""});

  return drawPanels({impulse, magnitude, phase}, kResponsePlotWidth, kResponsePlotHeight, format);
}

} // namespace resin::picture
