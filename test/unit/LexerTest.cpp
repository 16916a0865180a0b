// The shared lexer.
#include "resin/syntax/Lexer.h"

#include <doctest/doctest.h>

using namespace resin;

static std::vector<std::string> kinds(const std::string &text, bool newlines) {
  SourceFile file("t", text);
  auto tokens = tokenize(file, newlines);
  REQUIRE(tokens);
  std::vector<std::string> out;
  for (const Token &t : *tokens) {
    switch (t.kind) {
    case TokenKind::Number:
      out.push_back("N:" + std::string(t.text));
      break;
    case TokenKind::Identifier:
      out.push_back("I:" + std::string(t.text));
      break;
    case TokenKind::Punct:
      out.push_back(std::string(t.text));
      break;
    case TokenKind::Newline:
      out.push_back("NL");
      break;
    case TokenKind::End:
      out.push_back("END");
      break;
    }
  }
  return out;
}

TEST_CASE("tokens, two-character operators and comments") {
  CHECK(
      kinds("a = x->gain(0.5) # comment\n", true) ==
      std::vector<std::string>{"I:a", "=", "I:x", "->", "I:gain", "(", "N:0.5", ")", "NL", "END"});
  CHECK(kinds("a<=b>=c==d!=e", false) ==
        std::vector<std::string>{"I:a", "<=", "I:b", ">=", "I:c", "==", "I:d", "!=", "I:e", "END"});
}

TEST_CASE("numbers: fractions, exponents, leading dot") {
  SourceFile file("t", "1 2.5 .25 1e-3 6.02E+23");
  auto tokens = tokenize(file, false);
  REQUIRE(tokens);
  std::vector<double> values;
  for (const Token &t : *tokens)
    if (t.kind == TokenKind::Number)
      values.push_back(t.number);
  CHECK(values == std::vector<double>{1, 2.5, 0.25, 1e-3, 6.02e23});
}

TEST_CASE("newlines inside parentheses do not end a statement") {
  CHECK(kinds("f(a,\n b)\n", true) ==
        std::vector<std::string>{"I:f", "(", "I:a", ",", "I:b", ")", "NL", "END"});
  CHECK(kinds("a\n\n\nb", true) == std::vector<std::string>{"I:a", "NL", "I:b", "END"});
}

TEST_CASE("lexer errors are located") {
  SourceFile file("t.graph", "a = 1\nb = $\n");
  auto tokens = tokenize(file, true);
  REQUIRE_FALSE(tokens);
  CHECK(tokens.errors()[0].str() == "t.graph:2:5: unexpected character '$'");

  SourceFile overflow("t", "1e999");
  auto big = tokenize(overflow, false);
  REQUIRE_FALSE(big);
  CHECK(big.errors()[0].message.find("out of range") != std::string::npos);

  SourceFile garbage("t", "a \xff");
  auto bad = tokenize(garbage, false);
  REQUIRE_FALSE(bad);
  CHECK(bad.errors()[0].str() == "t:1:3: unexpected character '\\xFF'");

  SourceFile twoDots("t", "1.2.3");
  CHECK_FALSE(tokenize(twoDots, false));
}
