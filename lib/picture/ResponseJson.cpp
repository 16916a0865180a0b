// analyze's JSON (docs/reference/cli.md): what a script needs to check a
// filter without reading the picture.
#include "resin/picture/Response.h"

#include <nlohmann/json.hpp>

#include <cmath>

namespace resin::picture {

std::string responseJson(const Response &response, const ResponseSummary &summary) {
  using nlohmann::json;
  // JSON has no -inf: a bin of exactly zero magnitude is null.
  auto finiteOrNull = [](double v) { return std::isfinite(v) ? json(v) : json(nullptr); };
  json magnitudes = json::array(), phases = json::array();
  for (size_t k = 0; k < response.magnitudeDb.size(); ++k) {
    magnitudes.push_back(finiteOrNull(response.magnitudeDb[k]));
    phases.push_back(finiteOrNull(response.phaseDeg[k]));
  }
  json minus3 = json::array();
  for (double hz : summary.minus3dBHz)
    minus3.push_back(hz);
  const Linearity &lin = response.linearity;
  json doc = {
      {"sample_rate", response.sampleRate},
      {"length", response.impulse.size()},
      {"linear", lin.linear},
      {"time_invariant", lin.timeInvariant},
      {"dc_db", finiteOrNull(summary.dcDb)},
      {"peak_hz", summary.peakHz},
      {"peak_db", finiteOrNull(summary.peakDb)},
      {"minus_3db_hz", minus3},
      {"impulse", response.impulse},
      {"frequency_hz", response.frequencies},
      {"magnitude_db", magnitudes},
      {"phase_deg", phases},
  };
  if (!lin.linear)
    doc["nonlinear_because"] = lin.nonlinearBecause;
  if (!lin.timeInvariant)
    doc["time_varying_because"] = lin.timeVaryingBecause;
  return doc.dump(1) + "\n";
}

} // namespace resin::picture
