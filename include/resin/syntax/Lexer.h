// The one lexer for both text forms (.graph and .field).
#pragma once

#include "resin/support/Diagnostic.h"
#include "resin/support/SourceFile.h"

#include <string_view>
#include <vector>

namespace resin {

enum class TokenKind : uint8_t {
  Number,
  Identifier,
  Punct,   // ( ) , = ; ? : + - * / % ^ < > <= >= == != ->
  Newline, // only outside parentheses, and only where lines end statements
  End,
};

struct Token {
  TokenKind kind;
  std::string_view text; // points into the SourceFile
  size_t offset;
  double number = 0;

  bool is(std::string_view punct) const { return kind == TokenKind::Punct && text == punct; }
};

/// Produces tokens on demand (a 32 MiB file of parentheses must not become a
/// gigabyte of tokens). `#` starts a comment to the end of the line. With
/// `newlines`, line ends outside parentheses become Newline tokens (graph text
/// ends statements there); otherwise they are whitespace.
class Lexer {
public:
  Lexer(const SourceFile &file, bool newlines) : file_(file), newlines_(newlines) {}
  /// The next token; End forever after the last. Throws Diagnostic on a bad character.
  Token next();
  const SourceFile &file() const { return file_; }

private:
  const SourceFile &file_;
  bool newlines_;
  size_t pos_ = 0;
  int parenDepth_ = 0;
  bool lineHasTokens_ = false;
};

/// All tokens of a file at once (for tests and small inputs).
Result<std::vector<Token>> tokenize(const SourceFile &file, bool newlines);

} // namespace resin
