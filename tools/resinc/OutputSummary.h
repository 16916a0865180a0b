// The one-line summary `run` and `render` print on stderr after writing
// their output, and the warning when it holds values a player or viewer will
// not show as they are (beyond full scale, NaN, infinity). Standard output
// stays the data's alone.
#pragma once

#include "resin/io/Image.h"

#include <cstdint>
#include <string>

namespace resinc {

/// What `run` wrote, gathered block by block.
struct AudioStats {
  size_t channels = 0;
  int64_t frames = 0;
  float peak = 0;        // the largest |x| of the finite samples
  int64_t clipped = 0;   // finite samples with |x| > 1
  int64_t nonFinite = 0; // NaN and infinities

  /// Counts n frames of out[c][0..n) for each channel.
  void add(const float *const *out, int64_t n);
};

/// `resinc: NAME: 1 channel, 44100 samples, peak -6.0 dBFS, 0 clipped, 0
/// non-finite` unless `quiet`; then a warning (even when quiet) if any
/// sample is beyond full scale or not finite.
void reportAudio(const std::string &name, const AudioStats &stats, bool quiet);

/// `resinc: NAME: 512x512, values 0 to 1, 0 non-finite` (for a PNG also how
/// many values it clamped to [0, 1]) unless `quiet`; a warning (even when
/// quiet) if any value is not finite.
void reportImage(const std::string &name, const resin::io::Image &image, bool png, bool quiet);

} // namespace resinc
