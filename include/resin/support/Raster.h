// A decoded image as fields sample it: float samples, channels interleaved,
// row 0 first. The readers (io/Image.h) make one from a file, an embedder
// from its own buffer; a field's `image NAME;` is bound to one
// (syntax/Load.h, bindImages) and the engines read it.
#pragma once

#include <cstdint>
#include <vector>

namespace resin {

struct Raster {
  int64_t width = 0;
  int64_t height = 0;
  int64_t channels = 0; // 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA
  /// width * height * channels samples: texel (i, j)'s channel c is at
  /// (j * width + i) * channels + c.
  std::vector<float> samples;

  float at(int64_t i, int64_t j, int64_t c) const {
    return samples[size_t((j * width + i) * channels + c)];
  }
};

/// The largest side of an image a field may read (a PNG's own limit is
/// 2^31 - 1). Fixed; the pixels in all are Limit::ImagePixels.
inline constexpr int64_t kMaxRasterSide = 65536;

} // namespace resin
