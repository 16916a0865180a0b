// Summaries of what `run` and `render` wrote (OutputSummary.h).
#include "OutputSummary.h"

#include <cmath>
#include <cstdio>

namespace resinc {

void AudioStats::add(const float *const *out, int64_t n) {
  for (size_t c = 0; c < channels; ++c)
    for (int64_t i = 0; i < n; ++i) {
      float x = out[c][i];
      if (!std::isfinite(x)) {
        ++nonFinite;
        continue;
      }
      float magnitude = std::fabs(x);
      peak = std::max(peak, magnitude);
      clipped += magnitude > 1.0f;
    }
  frames += n;
}

void reportAudio(const std::string &name, const AudioStats &stats, bool quiet) {
  if (!quiet) {
    char peak[32];
    if (stats.peak > 0)
      std::snprintf(peak, sizeof peak, "%.1f dBFS", 20.0 * std::log10(double(stats.peak)));
    else
      std::snprintf(peak, sizeof peak, "-inf dBFS (silent)");
    std::fprintf(stderr,
                 "resinc: %s: %zu channel%s, %lld samples%s, peak %s, %lld clipped, %lld "
                 "non-finite\n",
                 name.c_str(), stats.channels, stats.channels == 1 ? "" : "s",
                 (long long)stats.frames, stats.channels == 1 ? "" : " each", peak,
                 (long long)stats.clipped, (long long)stats.nonFinite);
  }
  if (stats.clipped > 0 || stats.nonFinite > 0)
    std::fprintf(stderr,
                 "resinc: warning: %s: %lld sample(s) beyond full scale (|x| > 1, clipped when "
                 "played or converted to integers) and %lld non-finite (NaN or infinity; "
                 "--sanitize keeps them out of filter state)\n",
                 name.c_str(), (long long)stats.clipped, (long long)stats.nonFinite);
}

void reportImage(const std::string &name, const resin::io::Image &image, bool png, bool quiet) {
  float lo = INFINITY, hi = -INFINITY;
  int64_t nonFinite = 0, outsideUnit = 0;
  for (float v : image.pixels) {
    if (!std::isfinite(v)) {
      ++nonFinite;
      continue;
    }
    lo = std::min(lo, v);
    hi = std::max(hi, v);
    outsideUnit += v < 0.0f || v > 1.0f;
  }
  if (!quiet) {
    char range[80];
    if (lo <= hi)
      std::snprintf(range, sizeof range, "values %.6g to %.6g", double(lo), double(hi));
    else
      std::snprintf(range, sizeof range, "no finite values");
    std::string clamped =
        png ? ", " + std::to_string(outsideUnit) + " outside [0, 1] (clamped in the PNG)" : "";
    const char *colour = image.channels == 4 ? " RGBA" : image.channels == 3 ? " RGB" : "";
    std::fprintf(stderr, "resinc: %s: %lldx%lld%s, %s, %lld non-finite%s\n", name.c_str(),
                 (long long)image.width, (long long)image.height, colour, range,
                 (long long)nonFinite, clamped.c_str());
  }
  if (nonFinite > 0)
    std::fprintf(stderr, "resinc: warning: %s: %lld non-finite value(s) (NaN or infinity)%s\n",
                 name.c_str(), (long long)nonFinite,
                 png ? "; the PNG shows NaN and -inf as 0, +inf as 1" : "");
}

} // namespace resinc
