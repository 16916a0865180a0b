// The expression syntax tree and recursive-descent parser shared by the graph
// and field text forms. Precedence, loosest first:
//   a -> f(args)        pipe: f(a, args)
//   c ? a : b           select (right-assoc)
//   < > <= >= == !=     comparisons
//   + -                 additive
//   * / %               multiplicative
//   -a                  negation (a minus sign directly before a number literal
//                       makes a negative literal)
//   a ^ b               power (right-assoc, binds tighter than unary minus)
//   f(args) (e) number name
#pragma once

#include "resin/support/Limits.h"
#include "resin/syntax/Lexer.h"

#include <deque>
#include <memory>
#include <string_view>
#include <vector>

namespace resin {

/// Expressions nest at most Limit::ExprDepth deep (parentheses, calls,
/// operator chains; this is its default); deeper input is an error, not a
/// stack overflow.
inline constexpr int kMaxExprDepth = int(kLimits[int(Limit::ExprDepth)].defaultValue);

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Arg {
  std::string_view key; // empty for a positional argument
  size_t keyOffset = 0;
  ExprPtr value;
};

struct Expr {
  enum class Kind : uint8_t { Number, Name, Call, Unary, Binary, Select };
  Kind kind;
  size_t offset;         // where messages point: the operator of Unary/Binary/Select
  std::string_view text; // Name: the name; Call: the callee; Unary/Binary: the operator;
                         // Number: the literal as written, unit included
  double number = 0;     // Number, in seconds or Hz when it has a unit
  Dimension dimension = Dimension::Plain; // Number: its unit suffix
  size_t begin = 0, end = 0; // the source text of the whole expression, parentheses included
  bool parenthesized = false;
  int height = 1;        // 1 + the deepest child
  std::vector<Arg> args; // Call: arguments; Unary: 1; Binary: 2; Select: 3 (positional)

  /// A number literal written directly (not in parentheses).
  bool isBareNumber() const { return kind == Kind::Number && !parenthesized; }
  /// A number literal without a unit, in parentheses or not.
  bool isPlainNumber() const { return kind == Kind::Number && dimension == Dimension::Plain; }
};

/// A cursor over tokens plus the expression grammar. Syntax errors are thrown
/// as Diagnostic internally and surface from the entry points below as values.
class ExprParser {
public:
  /// `units`: numbers may carry unit suffixes (graph text; see Lexer).
  ExprParser(const SourceFile &file, bool newlines, bool units = false);

  const Token &peek(size_t ahead = 0) const;
  Token next();
  bool accept(std::string_view punct);
  Token expect(std::string_view punct, std::string_view context);
  Token expectIdentifier(std::string_view context);
  bool atEnd() const { return peek().kind == TokenKind::End; }
  bool atNewline() const { return peek().kind == TokenKind::Newline; }
  void skipNewlines();

  ExprPtr parseExpression();

  [[noreturn]] void fail(size_t offset, std::string message) const;
  [[noreturn]] void failHere(std::string message) const;
  /// A readable description of a token for "expected X, found Y" messages.
  static std::string describe(const Token &token);
  const SourceFile &file() const { return file_; }

private:
  ExprPtr parsePipe();
  ExprPtr parseSelect();
  ExprPtr parseCompare();
  ExprPtr parseAdditive();
  ExprPtr parseMultiplicative();
  ExprPtr parseUnary();
  ExprPtr parsePower();
  ExprPtr parsePrimary();
  ExprPtr parseCallArgs(const Token &callee);
  ExprPtr makeNode(Expr::Kind kind, size_t offset, std::string_view text,
                   std::vector<ExprPtr> children);

  class DepthGuard;
  const SourceFile &file_;
  mutable Lexer lexer_;
  mutable std::deque<Token> lookahead_;
  int depth_ = 0;
};

} // namespace resin
