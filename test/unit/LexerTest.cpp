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

TEST_CASE("graph text units: a number's suffix scales it to seconds or Hz") {
  SourceFile file("t", "300ms 1.5s 440Hz 2k 2kHz -1e3ms 7");
  auto tokens = tokenize(file, false, /*units=*/true);
  REQUIRE(tokens);
  std::vector<std::pair<double, Dimension>> values;
  std::vector<std::string> texts;
  for (const Token &t : *tokens)
    if (t.kind == TokenKind::Number) {
      values.emplace_back(t.number, t.dimension);
      texts.emplace_back(t.text);
    }
  // 300ms is exactly the double nearest 0.3, as the literal 0.3 is.
  CHECK(values == std::vector<std::pair<double, Dimension>>{{0.3, Dimension::Time},
                                                            {1.5, Dimension::Time},
                                                            {440, Dimension::Frequency},
                                                            {2000, Dimension::Frequency},
                                                            {2000, Dimension::Frequency},
                                                            {1, Dimension::Time},
                                                            {7, Dimension::Plain}});
  CHECK(texts == std::vector<std::string>{"300ms", "1.5s", "440Hz", "2k", "2kHz", "1e3ms", "7"});
}

TEST_CASE("units: unknown suffixes, and none at all without units (fields)") {
  SourceFile unknown("t.graph", "3hz");
  auto bad = tokenize(unknown, true, /*units=*/true);
  REQUIRE_FALSE(bad);
  CHECK(bad.errors()[0].str() ==
        "t.graph:1:2: unexpected 'h' after number '3' (a unit is one of ms, s, Hz, k, kHz)");

  SourceFile field("t.field", "2k");
  auto noUnits = tokenize(field, false);
  REQUIRE_FALSE(noUnits);
  CHECK(noUnits.errors()[0].str() == "t.field:1:2: unexpected 'k' after number '2'");

  SourceFile huge("t", "1e306k");
  auto overflow = tokenize(huge, false, true);
  REQUIRE_FALSE(overflow);
  CHECK(overflow.errors()[0].str() == "t:1:1: number '1e306k' is out of range for a float");
}

TEST_CASE("units: a scaled literal is the double the plain literal gives") {
  // A product with 1000 or 0.001 would be a rounding off for some of these
  // (9 * 0.001 is not 0.009); the lexer shifts the decimal exponent instead.
  SourceFile file("t", "1.1k 0.7ms 9ms 2.5e-1k 3E+2ms 123.456kHz");
  auto tokens = tokenize(file, false, /*units=*/true);
  REQUIRE(tokens);
  std::vector<double> values;
  for (const Token &t : *tokens)
    if (t.kind == TokenKind::Number)
      values.push_back(t.number);
  CHECK(values == std::vector<double>{1100, 0.0007, 0.009, 250, 0.3, 123456});
  volatile double nine = 9; // a product at run time, not folded by the compiler
  CHECK(nine * 0.001 != 0.009);
}
