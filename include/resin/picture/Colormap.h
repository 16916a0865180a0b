// Colour maps for scalar fields (docs/reference/cli.md, render --colormap):
// the field's finite range is mapped onto a map's ends, so negative values
// and values above 1 stay readable where a grey PNG clamps them to [0, 1].
#pragma once

#include "resin/io/Image.h"
#include "resin/support/Diagnostic.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace resin::picture {

enum class Colormap { Viridis, Magma, Grey };

/// The names render --colormap takes.
inline constexpr std::string_view kColormapNames[] = {"viridis", "magma", "grey"};

std::optional<Colormap> findColormap(std::string_view name);

/// The colour at t in [0, 1] (clamped; NaN gives the colour at 0), 8-bit sRGB.
std::array<uint8_t, 3> colourAt(Colormap map, double t);

/// The smallest and largest finite pixel ([0, 0] when none is finite).
struct ValueRange {
  double lo = 0, hi = 0;
};
ValueRange finiteRange(const io::Image &image);

/// The image as an 8-bit RGB PNG: value v at t = (v - lo) / (hi - lo)
/// (t = 0.5 everywhere when lo == hi; NaN at 0, -inf at 0, +inf at 1).
Result<std::string> colormapPng(const io::Image &image, Colormap map, ValueRange range);

} // namespace resin::picture
