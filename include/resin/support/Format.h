// Number formatting that round-trips: the shortest text that reads back as
// the same double.
#pragma once

#include <cstring>
#include <string>
#include <string_view>

namespace resin {

/// Shortest round-trip decimal form of a double ("0.5", "44100", "1e-07").
std::string formatNumber(double v);
/// Shortest decimal form that reads back (through double) as the same float.
std::string formatFloat(float v);

/// Whether `s` is a name: [A-Za-z_][A-Za-z0-9_]*.
bool isIdentifier(std::string_view s);

/// Bit-for-bit equality of doubles (tells -0 from 0; a NaN equals itself).
inline bool sameBits(double a, double b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

} // namespace resin
