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

Result<std::vector<Token>> tokenize(const SourceFile &file, bool newlines) {
  std::string_view src = file.text();
  std::vector<Token> tokens;
  int parenDepth = 0;
  size_t i = 0;
  while (i < src.size()) {
    char c = src[i];
    if (c == '#') {
      while (i < src.size() && src[i] != '\n')
        ++i;
      continue;
    }
    if (c == '\n') {
      if (newlines && parenDepth == 0 &&
          !(tokens.empty() || tokens.back().kind == TokenKind::Newline))
        tokens.push_back(Token{TokenKind::Newline, src.substr(i, 1), i});
      ++i;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r') {
      ++i;
      continue;
    }
    size_t start = i;
    if (isIdentStart(c)) {
      while (i < src.size() && isIdentChar(src[i]))
        ++i;
      tokens.push_back(Token{TokenKind::Identifier, src.substr(start, i - start), start});
      continue;
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
        return file.errorAt(start, "number " + quote(text) + " is out of range for a float");
      if (ec != std::errc() || end != text.data() + text.size())
        return file.errorAt(start, "malformed number " + quote(text));
      if (i < src.size() && isIdentChar(src[i]))
        return file.errorAt(i, "unexpected " + quote(src.substr(i, 1)) + " after number " +
                                   quote(text));
      tokens.push_back(Token{TokenKind::Number, text, start, value});
      continue;
    }
    static constexpr std::string_view twoChar[] = {"<=", ">=", "==", "!=", "->"};
    bool matched = false;
    for (std::string_view op : twoChar) {
      if (src.substr(i, 2) == op) {
        tokens.push_back(Token{TokenKind::Punct, src.substr(i, 2), i});
        i += 2;
        matched = true;
        break;
      }
    }
    if (matched)
      continue;
    if (std::string_view("(),=;?:+-*/%^<>").find(c) != std::string_view::npos) {
      if (c == '(')
        ++parenDepth;
      if (c == ')' && parenDepth > 0)
        --parenDepth;
      tokens.push_back(Token{TokenKind::Punct, src.substr(i, 1), i});
      ++i;
      continue;
    }
    return file.errorAt(i, "unexpected character " + quote(src.substr(i, 1)));
  }
  tokens.push_back(Token{TokenKind::End, std::string_view(), src.size()});
  return tokens;
}

} // namespace resin
