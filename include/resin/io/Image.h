// Reading the images a field samples (PNG through libpng, PFM) and writing a
// rendered field: PNG (16-bit grayscale, through libpng), PFM
// (grayscale "Pf", little endian) and raw .f32. Errors are values naming the
// file; nothing here prints or exits. A file whose writing fails midway is
// removed, so no truncated image is left behind.
#pragma once

#include "resin/support/Diagnostic.h"
#include "resin/support/Raster.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace resin::io {

/// `channels` floats per pixel (1 grey; 3 RGB or 4 RGBA, interleaved),
/// row-major, row 0 first (row 0 is the top of a PNG).
struct Image {
  int64_t width = 0;
  int64_t height = 0;
  std::vector<float> pixels;
  int64_t channels = 1;

  float at(int64_t i, int64_t j, int64_t c = 0) const {
    return pixels[size_t((j * width + i) * channels + c)];
  }
};

enum class ImageFormat { Png, Pfm, F32 };

/// The format an output path's extension names (.png, .pfm, .f32; any case).
std::optional<ImageFormat> imageFormatFromPath(std::string_view path);
/// The extensions imageFormatFromPath knows, for messages.
inline constexpr std::string_view kImageExtensions = ".png, .pfm, .f32";

/// PNG quantization: clamp(v, 0, 1) * 65535 rounded to nearest; NaN is 0.
uint16_t toUnorm16(float v);

/// 16-bit PNG, grey, RGB or RGBA by the image's channels, row 0 at the top,
/// samples big-endian as PNG requires. The path "-" is standard output.
std::optional<Diagnostic> writePng(const std::string &path, const Image &image);
/// PFM: "Pf\nW H\n-1.0\n" (grey; "PF" for RGB, interleaved) then
/// little-endian floats. PFM stores rows bottom to top, so image row 0 is
/// stored LAST: a PFM viewer shows the PNG's picture. PFM has no alpha: a
/// 4-channel image is an error.
std::optional<Diagnostic> writePfm(const std::string &path, const Image &image);
/// Raw little-endian floats, row 0 first, channels interleaved, no header.
std::optional<Diagnostic> writeF32(const std::string &path, const Image &image);
std::optional<Diagnostic> writeImage(const std::string &path, const Image &image,
                                     ImageFormat format);

/// An image for a field to sample, PNG or PFM told apart by its first bytes.
/// PNG: 8 or 16 bits, grey, grey+alpha, RGB or RGBA (palettes become RGB,
/// grey below 8 bits becomes 8 bits); samples are v/255 or v/65535, with no
/// gamma or colour conversion. PFM: Pf (grey) or PF (RGB), either byte
/// order, the floats as stored, rows turned over as writePfm stores them.
/// Sides beyond kMaxRasterSide and pixels beyond Limit::ImagePixels are
/// refused from the header, before anything is allocated; errors name the file.
Result<Raster> readRaster(const std::string &path);
Result<Raster> readPng(const std::string &path);
Result<Raster> readPfm(const std::string &path);

} // namespace resin::io
