// Reading `eval --points` files and the numbers in them. Numbers go through
// std::from_chars, which rounds once, straight to the target type.
#include "resin/io/Points.h"

#include <algorithm>
#include <charconv>
#include <system_error>

namespace resin::io {

namespace {

template <class T> std::optional<T> parseNumber(std::string_view text) {
  // from_chars takes no leading '+'; accept one in front of a digit or dot.
  if (text.size() > 1 && text[0] == '+' && text[1] != '-' && text[1] != '+')
    text.remove_prefix(1);
  T value{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty())
    return std::nullopt;
  return value;
}

/// A number as written, shortened so a huge word cannot flood the terminal.
std::string quoteWord(std::string_view word) {
  constexpr size_t kShown = 40;
  return word.size() <= kShown ? quote(word) : quote(word.substr(0, kShown)) + "...";
}

bool isSeparator(char c) {
  return c == ' ' || c == '\t' || c == ',' || c == '\r';
}

} // namespace

std::optional<float> parseFloat(std::string_view text) {
  return parseNumber<float>(text);
}
std::optional<double> parseDouble(std::string_view text) {
  return parseNumber<double>(text);
}

Result<std::vector<Point>> parsePoints(const SourceFile &file) {
  const std::string &text = file.text();
  std::vector<Point> points;
  size_t lineStart = 0;
  while (lineStart < text.size()) {
    size_t lineEnd = text.find('\n', lineStart);
    if (lineEnd == std::string::npos)
      lineEnd = text.size();
    // A '#' starts a comment to the end of the line.
    std::string_view line(text.data() + lineStart, lineEnd - lineStart);
    size_t contentEnd = lineStart + std::min(line.find('#'), line.size());
    Point point{};
    int count = 0;
    size_t pos = lineStart;
    while (pos < contentEnd) {
      if (isSeparator(text[pos])) {
        ++pos;
        continue;
      }
      size_t start = pos;
      while (pos < contentEnd && !isSeparator(text[pos]))
        ++pos;
      std::string_view word(text.data() + start, pos - start);
      if (count == 4)
        return file.errorAt(start,
                            "expected 1 to 4 numbers (x y z t), found a fifth: " + quoteWord(word));
      auto value = parseFloat(word);
      if (!value)
        return file.errorAt(start, quoteWord(word) + " is not a number within the float range");
      point[size_t(count++)] = *value;
    }
    // As with --at, components left out at the end are 0.
    if (count != 0)
      points.push_back(point);
    lineStart = lineEnd + 1;
  }
  return points;
}

} // namespace resin::io
