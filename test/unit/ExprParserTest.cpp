// The expression grammar shared by both text forms: precedence, associativity,
// literals and depth limits, shown as S-expressions.
#include "resin/syntax/Expr.h"

#include "resin/support/Format.h"

#include <doctest/doctest.h>

using namespace resin;

static std::string sexpr(const Expr &e) {
  switch (e.kind) {
  case Expr::Kind::Number:
    return formatNumber(e.number);
  case Expr::Kind::Name:
    return std::string(e.text);
  default: {
    std::string out = "(" + std::string(e.text);
    for (const Arg &a : e.args)
      out += " " + (a.key.empty() ? "" : std::string(a.key) + "=") + sexpr(*a.value);
    return out + ")";
  }
  }
}

static std::string parse(const std::string &text) {
  SourceFile file("t", text);
  ExprParser parser(file, false);
  try {
    ExprPtr e = parser.parseExpression();
    if (!parser.atEnd())
      return "trailing";
    return sexpr(*e);
  } catch (Diagnostic &d) {
    return "error: " + d.str();
  }
}

TEST_CASE("precedence, loosest first: ?: comparisons + * unary ^") {
  CHECK(parse("a + b * c") == "(+ a (* b c))");
  CHECK(parse("a - b - c") == "(- (- a b) c)");
  CHECK(parse("a < b + 1 ? c : d") == "(? (< a (+ b 1)) c d)");
  CHECK(parse("a ? b : c ? d : e") == "(? a b (? c d e))");
  CHECK(parse("a % b * c") == "(* (% a b) c)");
  CHECK(parse("a == b != c") == "(!= (== a b) c)");
}

TEST_CASE("power is right-associative and binds tighter than unary minus") {
  CHECK(parse("a ^ b ^ c") == "(^ a (^ b c))");
  CHECK(parse("-a ^ 2") == "(- (^ a 2))");
  CHECK(parse("-2 ^ 2") == "(- (^ 2 2))");
  CHECK(parse("a ^ -2") == "(^ a -2)");
}

TEST_CASE("a minus sign before a literal makes a negative literal") {
  CHECK(parse("-3") == "-3");
  CHECK(parse("x * -0.5") == "(* x -0.5)");
  CHECK(parse("-(3)") == "(- 3)");
  CHECK(parse("--x") == "(- (- x))");
}

TEST_CASE("calls: positional then named; pipes prepend the piped value") {
  CHECK(parse("osc(1, wave=sine, freq=5)") == "(osc 1 wave=sine freq=5)");
  CHECK(parse("x -> gain(0.5) -> clip()") == "(clip (gain x 0.5))");
  CHECK(parse("x + y -> gain(2)") == "(gain (+ x y) 2)");
  CHECK(parse("f()") == "(f)");
  CHECK(parse("f(a=1, 2)").find("positional argument after a named one") != std::string::npos);
}

TEST_CASE("syntax errors name the line and column") {
  CHECK(parse("(a + b") == "error: t:1:7: expected ')' to close the '(' at 1:1, found end of file");
  CHECK(parse("a + ") == "error: t:1:5: expected an expression, found end of file");
  CHECK(parse("f(a b)") == "error: t:1:5: expected ')' to close the call to 'f', found name 'b'");
}

TEST_CASE("deep nesting is an error, not a stack overflow") {
  std::string deep(100000, '(');
  CHECK(parse(deep + "x").find("nested too deeply") != std::string::npos);
  std::string minus(100000, '-');
  CHECK(parse(minus + "x").find("nested too deeply") != std::string::npos);
  std::string chain = "x";
  for (int i = 0; i < 5000; ++i)
    chain += "+1";
  CHECK(parse(chain).find("nested too deeply") != std::string::npos);
  std::string ok = "x";
  for (int i = 0; i < 500; ++i)
    ok += "+1";
  CHECK(parse(ok).rfind("(+", 0) == 0);
}
