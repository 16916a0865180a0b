// Point lists for `resinc eval --points`: one point a line, one to four
// numbers x y z t (left-out trailing ones are 0, as with --at) separated by
// spaces, tabs or commas; blank lines and `#` comments are skipped. Errors
// are located at the offending number.
#pragma once

#include "resin/support/Diagnostic.h"
#include "resin/support/SourceFile.h"

#include <array>
#include <optional>
#include <string_view>
#include <vector>

namespace resin::io {

using Point = std::array<float, 4>;

Result<std::vector<Point>> parsePoints(const SourceFile &file);

/// One number as a float: decimal or scientific notation with an optional
/// sign, or inf/nan; rounded once to the nearest float. nullopt when `text`
/// is not entirely such a number or is beyond the float range.
std::optional<float> parseFloat(std::string_view text);
/// The same, as a double.
std::optional<double> parseDouble(std::string_view text);

} // namespace resin::io
