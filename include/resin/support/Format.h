// Number formatting that round-trips: the shortest text that reads back as
// the same double.
#pragma once

#include <string>

namespace resin {

/// Shortest round-trip decimal form of a double ("0.5", "44100", "1e-07").
std::string formatNumber(double v);

} // namespace resin
