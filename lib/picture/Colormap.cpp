// The colour maps: viridis and magma (Smith and van der Walt's perceptually
// uniform maps from matplotlib) as nine stops each, at t = 0, 1/8, ..., 1,
// interpolated linearly in sRGB between stops, which stays within a few
// levels of the 256-entry tables; grey is t itself. Cairo encodes the PNG.
#include "resin/picture/Colormap.h"

#include <cairo/cairo.h>

#include <algorithm>
#include <cmath>
#include <memory>

namespace resin::picture {

namespace {

using Stops = std::array<uint32_t, 9>;

constexpr Stops kViridis = {0x440154, 0x472d7b, 0x3b528b, 0x2c728e, 0x21918c,
                            0x28ae80, 0x5ec962, 0xaddc30, 0xfde725};
constexpr Stops kMagma = {0x000004, 0x1c1044, 0x51127c, 0x832681, 0xb73779,
                          0xe75263, 0xfc8961, 0xfec488, 0xfcfdbf};

uint8_t channel(uint32_t rgb, int shift) {
  return uint8_t((rgb >> shift) & 0xff);
}

cairo_status_t appendBytes(void *closure, const unsigned char *data, unsigned int length) {
  static_cast<std::string *>(closure)->append(reinterpret_cast<const char *>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

} // namespace

std::optional<Colormap> findColormap(std::string_view name) {
  for (size_t i = 0; i < std::size(kColormapNames); ++i)
    if (name == kColormapNames[i])
      return Colormap(i);
  return std::nullopt;
}

std::array<uint8_t, 3> colourAt(Colormap map, double t) {
  t = std::isnan(t) ? 0.0 : std::clamp(t, 0.0, 1.0);
  if (map == Colormap::Grey) {
    uint8_t v = uint8_t(std::lround(t * 255));
    return {v, v, v};
  }
  const Stops &stops = map == Colormap::Viridis ? kViridis : kMagma;
  double at = t * double(stops.size() - 1);
  size_t i = std::min(size_t(at), stops.size() - 2);
  double f = at - double(i);
  std::array<uint8_t, 3> rgb{};
  for (int c = 0; c < 3; ++c) {
    int shift = 16 - 8 * c;
    double a = channel(stops[i], shift), b = channel(stops[i + 1], shift);
    rgb[size_t(c)] = uint8_t(std::lround(a + f * (b - a)));
  }
  return rgb;
}

ValueRange finiteRange(const io::Image &image) {
  double lo = INFINITY, hi = -INFINITY;
  for (float v : image.pixels)
    if (std::isfinite(v))
      lo = std::min(lo, double(v)), hi = std::max(hi, double(v));
  if (lo > hi)
    return {};
  return {lo, hi};
}

Result<std::string> colormapPng(const io::Image &image, Colormap map, ValueRange range) {
  // Cairo's image surfaces are limited to 32767 pixels a side.
  if (image.width < 1 || image.height < 1 || image.width > 32767 || image.height > 32767)
    return Diagnostic{"", {}, "a colour-mapped PNG is at most 32767 pixels a side"};
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface(
      cairo_image_surface_create(CAIRO_FORMAT_RGB24, int(image.width), int(image.height)),
      cairo_surface_destroy);
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
    return Diagnostic{"", {}, "not enough memory for the colour-mapped image"};
  cairo_surface_flush(surface.get());
  unsigned char *data = cairo_image_surface_get_data(surface.get());
  int stride = cairo_image_surface_get_stride(surface.get());
  double span = range.hi - range.lo;
  for (int64_t j = 0; j < image.height; ++j) {
    auto *row = reinterpret_cast<uint32_t *>(data + j * stride);
    for (int64_t i = 0; i < image.width; ++i) {
      double v = image.at(i, j);
      double t = std::isinf(v) ? (v > 0 ? 1.0 : 0.0) : span > 0 ? (v - range.lo) / span : 0.5;
      auto [r, g, b] = colourAt(map, t);
      row[i] = uint32_t(r) << 16 | uint32_t(g) << 8 | uint32_t(b); // RGB24: xRGB in a word
    }
  }
  cairo_surface_mark_dirty(surface.get());
  std::string bytes;
  if (cairo_surface_write_to_png_stream(surface.get(), appendBytes, &bytes) != CAIRO_STATUS_SUCCESS)
    return Diagnostic{"", {}, "Cairo could not encode the PNG"};
  return bytes;
}

} // namespace resin::picture
