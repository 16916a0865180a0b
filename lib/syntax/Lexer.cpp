// Tokenizer shared by the graph and field text forms.
#include "resin/syntax/Lexer.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <string>

namespace resin {

static bool isIdentStart(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
}
static bool isIdentChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}
static bool isDigit(char c) {
  return c >= '0' && c <= '9';
}

namespace {
/// A unit suffix and the power of ten that scales its number to seconds or Hz.
struct UnitSuffix {
  std::string_view suffix;
  Dimension dimension;
  int decimalShift;
};
constexpr UnitSuffix kUnits[] = {
    {"ms", Dimension::Time, -3},      {"s", Dimension::Time, 0},
    {"Hz", Dimension::Frequency, 0},  {"k", Dimension::Frequency, 3},
    {"kHz", Dimension::Frequency, 3},
};
} // namespace

static const UnitSuffix *findUnit(std::string_view suffix) {
  for (const UnitSuffix &unit : kUnits)
    if (unit.suffix == suffix)
      return &unit;
  return nullptr;
}

std::string_view dimensionName(Dimension dimension) {
  switch (dimension) {
  case Dimension::Time:
    return "a time";
  case Dimension::Frequency:
    return "a frequency";
  case Dimension::Plain:
    break;
  }
  return "a plain number";
}

Token Lexer::next() {
  std::string_view src = file_.text();
  size_t &i = pos_;
  while (i < src.size()) {
    char c = src[i];
    if (c == '#') {
      while (i < src.size() && src[i] != '\n')
        ++i;
      continue;
    }
    if (c == '\n') {
      ++i;
      if (newlines_ && parenDepth_ == 0 && lineHasTokens_) {
        lineHasTokens_ = false;
        return Token{TokenKind::Newline, src.substr(i - 1, 1), i - 1};
      }
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r') {
      ++i;
      continue;
    }
    lineHasTokens_ = true;
    size_t start = i;
    if (isIdentStart(c)) {
      while (i < src.size() && isIdentChar(src[i]))
        ++i;
      return Token{TokenKind::Identifier, src.substr(start, i - start), start};
    }
    if (isDigit(c) || (c == '.' && i + 1 < src.size() && isDigit(src[i + 1]))) {
      while (i < src.size() && (isDigit(src[i]) || src[i] == '.'))
        ++i;
      size_t mantissaEnd = i;
      if (i < src.size() && (src[i] == 'e' || src[i] == 'E')) {
        size_t e = i + 1;
        if (e < src.size() && (src[e] == '+' || src[e] == '-'))
          ++e;
        if (e < src.size() && isDigit(src[e])) {
          i = e;
          while (i < src.size() && isDigit(src[i]))
            ++i;
        }
      }
      std::string_view text = src.substr(start, i - start);
      double value = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
      if (ec == std::errc::result_out_of_range)
        throw file_.errorAt(start, "number " + quote(text) + " is out of range for a float");
      if (ec != std::errc() || end != text.data() + text.size())
        throw file_.errorAt(start, "malformed number " + quote(text));
      Dimension dimension = Dimension::Plain;
      if (i < src.size() && isIdentChar(src[i])) {
        size_t suffixStart = i;
        size_t suffixEnd = i;
        while (suffixEnd < src.size() && isIdentChar(src[suffixEnd]))
          ++suffixEnd;
        std::string_view suffix = src.substr(suffixStart, suffixEnd - suffixStart);
        const UnitSuffix *unit = units_ ? findUnit(suffix) : nullptr;
        if (!unit)
          throw file_.errorAt(i, "unexpected " + quote(src.substr(i, 1)) + " after number " +
                                     quote(text) +
                                     (units_ ? " (a unit is one of ms, s, Hz, k, kHz)" : ""));
        // The unit shifts the decimal exponent and the literal is read again,
        // so 300ms is the double nearest 0.3 and 1.1k the one nearest 1100,
        // exactly what the plain literals give (a product with 0.001 or 1000
        // may be one rounding off).
        std::string_view exponent = text.substr(mantissaEnd - start);
        long long power = 0;
        if (!exponent.empty()) {
          exponent.remove_prefix(1); // the 'e'
          if (exponent.front() == '+')
            exponent.remove_prefix(1);
          std::from_chars(exponent.data(), exponent.data() + exponent.size(), power);
          // Past any mantissa a 32 MiB file can hold, and clear of overflow.
          power = std::clamp(power, -1'000'000'000LL, 1'000'000'000LL);
        }
        std::string shifted(src.substr(start, mantissaEnd - start));
        shifted += "e" + std::to_string(power + unit->decimalShift);
        auto scaled = std::from_chars(shifted.data(), shifted.data() + shifted.size(), value);
        i = suffixEnd;
        text = src.substr(start, i - start);
        dimension = unit->dimension;
        if (scaled.ec != std::errc() || !std::isfinite(value))
          throw file_.errorAt(start, "number " + quote(text) + " is out of range for a float");
      }
      return Token{TokenKind::Number, text, start, value, dimension};
    }
    static constexpr std::string_view twoChar[] = {"<=", ">=", "==", "!=", "->"};
    for (std::string_view op : twoChar) {
      if (src.substr(i, 2) == op) {
        i += 2;
        return Token{TokenKind::Punct, src.substr(start, 2), start};
      }
    }
    if (std::string_view("(),=;?:+-*/%^<>[]").find(c) != std::string_view::npos) {
      if (c == '(')
        ++parenDepth_;
      if (c == ')' && parenDepth_ > 0)
        --parenDepth_;
      ++i;
      return Token{TokenKind::Punct, src.substr(start, 1), start};
    }
    throw file_.errorAt(i, "unexpected character " + quote(src.substr(i, 1)));
  }
  return Token{TokenKind::End, std::string_view(), src.size()};
}

Result<std::vector<Token>> tokenize(const SourceFile &file, bool newlines, bool units) {
  Lexer lexer(file, newlines, units);
  std::vector<Token> tokens;
  try {
    do
      tokens.push_back(lexer.next());
    while (tokens.back().kind != TokenKind::End);
  } catch (Diagnostic &d) {
    return d;
  }
  return tokens;
}

} // namespace resin
