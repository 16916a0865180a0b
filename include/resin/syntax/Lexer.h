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

/// What a number's unit suffix makes it (graph text only): a time (`300ms`,
/// `1.5s`) or a frequency (`440Hz`, `2k`, `2kHz`); a number without one is
/// plain.
enum class Dimension : uint8_t { Plain, Time, Frequency };

/// "a plain number", "a time", "a frequency" (for messages).
std::string_view dimensionName(Dimension dimension);

struct Token {
  TokenKind kind;
  std::string_view text; // points into the SourceFile; a number's text includes its unit
  size_t offset;
  double number = 0;                      // in seconds for a time, in Hz for a frequency
  Dimension dimension = Dimension::Plain; // a number's unit

  bool is(std::string_view punct) const { return kind == TokenKind::Punct && text == punct; }
};

/// Produces tokens on demand (a 32 MiB file of parentheses must not become a
/// gigabyte of tokens). `#` starts a comment to the end of the line. With
/// `newlines`, line ends outside parentheses become Newline tokens (graph text
/// ends statements there); otherwise they are whitespace. With `units`, a
/// number may carry a unit suffix: ms, s, Hz, k, kHz (graph text; fields have
/// no sample rate, so a suffix there stays an error).
class Lexer {
public:
  Lexer(const SourceFile &file, bool newlines, bool units = false)
      : file_(file), newlines_(newlines), units_(units) {}
  /// The next token; End forever after the last. Throws Diagnostic on a bad character.
  Token next();
  const SourceFile &file() const { return file_; }

private:
  const SourceFile &file_;
  bool newlines_;
  bool units_;
  size_t pos_ = 0;
  int parenDepth_ = 0;
  bool lineHasTokens_ = false;
};

/// All tokens of a file at once (for tests and small inputs).
Result<std::vector<Token>> tokenize(const SourceFile &file, bool newlines, bool units = false);

} // namespace resin
