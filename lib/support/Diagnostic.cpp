// Formatting helpers for diagnostics.
#include "resin/support/Diagnostic.h"

#include <algorithm>
#include <cstdio>
#include <vector>

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

/// Edit distance counting a swap of two neighbouring letters as one edit
/// (optimal string alignment): "gian" is one edit from "gain", closer than
/// "in", and "unoin" one from "union".
static size_t editDistance(std::string_view a, std::string_view b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i)
    d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j)
    d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i)
    for (size_t j = 1; j <= b.size(); ++j) {
      d[i][j] =
          std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1])});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

/// The most edits that still read as a typo of `word`: a third of it, and
/// never all of it.
static size_t typoLimit(std::string_view word) {
  return std::min(std::max<size_t>(1, (word.size() + 2) / 3), word.size() - 1);
}

static std::vector<std::string_view> underscoreParts(std::string_view name) {
  std::vector<std::string_view> parts;
  for (size_t start = 0; start <= name.size();) {
    size_t end = std::min(name.find('_', start), name.size());
    if (end > start)
      parts.push_back(name.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

/// Whether every part of `word` ("sdf_union") is, in order and up to a
/// typo, a part of `candidate` ("sdf_smooth_union"): a name with a word
/// left out, which whole-name edit distance finds too far.
static bool partsWithin(std::string_view word, std::string_view candidate) {
  std::vector<std::string_view> want = underscoreParts(word), have = underscoreParts(candidate);
  if (want.size() < 2 || want.size() >= have.size())
    return false;
  size_t next = 0;
  for (std::string_view part : want) {
    while (next < have.size() &&
           !(part == have[next] ||
             (part.size() >= 4 && editDistance(part, have[next]) <= typoLimit(part))))
      ++next;
    if (next == have.size())
      return false;
    ++next;
  }
  return true;
}

std::string closestMatch(std::string_view word, const std::vector<std::string_view> &candidates) {
  if (word.size() > 64 || word.size() < 2)
    return "";
  std::string_view best;
  size_t bestDistance = typoLimit(word) + 1;
  for (std::string_view candidate : candidates) {
    size_t lengthGap = candidate.size() > word.size() ? candidate.size() - word.size()
                                                      : word.size() - candidate.size();
    if (lengthGap >= bestDistance || candidate.size() > 64)
      continue; // cannot be closer; also keeps huge names cheap
    size_t d = editDistance(word, candidate);
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  if (best.empty()) // a left-out word: the candidate with the fewest extra parts
    for (std::string_view candidate : candidates)
      if (candidate.size() <= 64 && partsWithin(word, candidate) &&
          (best.empty() || underscoreParts(candidate).size() < underscoreParts(best).size()))
        best = candidate;
  return std::string(best);
}

} // namespace resin
