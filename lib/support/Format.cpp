// Shortest round-trip number formatting.
#include "resin/support/Format.h"

#include <charconv>

namespace resin {

std::string formatNumber(double v) {
  char buf[64];
  auto result = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, result.ptr);
}

} // namespace resin
