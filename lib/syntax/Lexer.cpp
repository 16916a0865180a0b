// Tokenizer shared by the graph and field text forms.
#include "resin/syntax/Lexer.h"

#include <cctype>
#include <charconv>

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
      if (i < src.size() && isIdentChar(src[i]))
        throw file_.errorAt(i, "unexpected " + quote(src.substr(i, 1)) + " after number " +
                                   quote(text));
      return Token{TokenKind::Number, text, start, value};
    }
    static constexpr std::string_view twoChar[] = {"<=", ">=", "==", "!=", "->"};
    for (std::string_view op : twoChar) {
      if (src.substr(i, 2) == op) {
        i += 2;
        return Token{TokenKind::Punct, src.substr(start, 2), start};
      }
    }
    if (std::string_view("(),=;?:+-*/%^<>").find(c) != std::string_view::npos) {
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

Result<std::vector<Token>> tokenize(const SourceFile &file, bool newlines) {
  Lexer lexer(file, newlines);
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
