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

/// Splits a whole file into tokens. `#` starts a comment to the end of the
/// line. With `newlines`, line ends outside parentheses become Newline tokens
/// (graph text ends statements there); otherwise they are whitespace.
Result<std::vector<Token>> tokenize(const SourceFile &file, bool newlines);

} // namespace resin
