// Formatting helpers for diagnostics.
#include "resin/support/Diagnostic.h"

#include <algorithm>
#include <cstdio>

namespace resin {

std::string Diagnostic::str() const {
  std::string out = file;
  if (loc.known())
    out += ":" + std::to_string(loc.line) + ":" + std::to_string(loc.col);
  out += ": ";
  out += message;
  return out;
}

std::string quote(std::string_view text) {
  std::string out = "'";
  for (unsigned char c : text) {
    if (c >= 0x20 && c < 0x7f && c != '\'') {
      out += static_cast<char>(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
    }
  }
  out += "'";
  return out;
}

static size_t editDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string closestMatch(std::string_view word, const std::vector<std::string_view> &candidates) {
  if (word.size() > 64)
    return "";
  // Close enough to be a typo: a third of the word may differ, and never all of it.
  std::string_view best;
  size_t bestDistance = std::min(std::max<size_t>(1, (word.size() + 2) / 3), word.size() - 1) + 1;
  if (word.size() < 2)
    return "";
  for (std::string_view candidate : candidates) {
    size_t lengthGap = candidate.size() > word.size() ? candidate.size() - word.size()
                                                      : word.size() - candidate.size();
    if (lengthGap >= bestDistance)
      continue; // cannot be closer; also keeps huge names cheap
    size_t d = editDistance(word, candidate);
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return std::string(best);
}

} // namespace resin
