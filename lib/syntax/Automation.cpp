// Reader for automation files, on the text forms' lexer (numbers, names,
// comments and line ends as graph text has them).
#include "resin/syntax/Automation.h"

#include "resin/support/Format.h"
#include "resin/syntax/Lexer.h"

#include <cmath>

namespace resin {

namespace {

class AutomationReader {
public:
  AutomationReader(const SourceFile &file, const Graph &graph)
      : file_(file), graph_(graph), lexer_(file, /*newlines=*/true) {}

  std::vector<ParamEvent> read() {
    std::vector<ParamEvent> events;
    for (Token t = lexer_.next(); t.kind != TokenKind::End; t = lexer_.next()) {
      if (t.kind == TokenKind::Newline)
        continue;
      events.push_back(readLine(t, events.empty() ? 0 : events.back().sample));
    }
    return events;
  }

private:
  [[noreturn]] void fail(size_t offset, std::string message) const {
    throw file_.errorAt(offset, std::move(message));
  }

  static std::string describe(const Token &t) {
    switch (t.kind) {
    case TokenKind::Newline:
      return "the end of the line";
    case TokenKind::End:
      return "the end of the file";
    default:
      return quote(t.text);
    }
  }

  ParamEvent readLine(const Token &first, int64_t previous) {
    ParamEvent event;
    if (first.kind != TokenKind::Number || first.number != std::floor(first.number) ||
        first.number < 0 || first.number > 9.0e15)
      fail(first.offset, "expected a sample index (a whole number from 0) at the start of the "
                         "line (SAMPLE NAME VALUE), found " +
                             describe(first));
    event.sample = int64_t(first.number);
    if (event.sample < previous)
      fail(first.offset, "sample " + std::to_string(event.sample) + " comes after sample " +
                             std::to_string(previous) +
                             "; events must be in order of their samples");
    Token name = lexer_.next();
    if (name.kind != TokenKind::Identifier)
      fail(name.offset, "expected a param's name after the sample index, found " + describe(name));
    auto param = graph_.findParam(name.text);
    if (!param) {
      std::vector<std::string_view> known;
      for (const ParamDecl &p : graph_.params)
        known.push_back(p.name);
      std::string hint = closestMatch(name.text, known);
      fail(name.offset, "no param named " + quote(name.text) +
                            (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
    }
    event.param = *param;
    Token value = lexer_.next();
    size_t valueOffset = value.offset;
    bool negative = value.is("-");
    if (negative)
      value = lexer_.next();
    if (value.kind != TokenKind::Number)
      fail(value.offset, "expected the param's value after its name, found " + describe(value));
    double v = negative ? -value.number : value.number;
    const ParamDecl &decl = graph_.params[*param];
    if (!decl.accepts(float(v)) || std::isinf(float(v)))
      fail(valueOffset,
           "param " + quote(decl.name) + " takes " + decl.rangeText() + ", not " + formatNumber(v));
    event.value = float(v);
    Token end = lexer_.next();
    if (end.kind != TokenKind::Newline && end.kind != TokenKind::End)
      fail(end.offset, "expected the end of the line after the value, found " + describe(end));
    return event;
  }

  const SourceFile &file_;
  const Graph &graph_;
  Lexer lexer_;
};

} // namespace

Result<std::vector<ParamEvent>> parseAutomation(const SourceFile &file, const Graph &graph) {
  try {
    return AutomationReader(file, graph).read();
  } catch (Diagnostic &d) {
    return d;
  }
}

} // namespace resin
