// Reader for the field text form (.field).
//
//   let NAME = EXPR;   (any number, each bound before it is used)
//   var NAME;          a free variable (resin's Var): --set NAME=VALUE, else 0
//   param NAME = DEFAULT [MIN, MAX];
//                      a param: changes without recompiling (ParamDeclaration.h)
//   image NAME;        an image to sample: --image NAME=FILE
//   EXPR               the result, optionally followed by ';'
//   output R, G, B[, A]  instead: a colour result (channels 0..3)
// x, y, z and t are the field's inputs (channels 0..3).
#include "resin/syntax/FieldText.h"
#include "GraphBuilder.h"
#include "ParamDeclaration.h"
#include "VerifiedRead.h"

#include <map>

namespace resin {
namespace {

class FieldTextReader {
public:
  explicit FieldTextReader(const SourceFile &file) : file_(file) { graph_.kind = GraphKind::Field; }

  Result<Graph> read() {
    findLets();
    return readVerified(graph_, file_.name(), [&] {
      ExprParser parser(file_, /*newlines=*/false);
      parse(parser);
    });
  }

private:
  /// Every let's position, to tell "used before bound" from "unknown". A
  /// lexical error stops the scan; the parse proper reports it.
  void findLets() {
    Lexer lexer(file_, /*newlines=*/false);
    try {
      Token previous{TokenKind::End, {}, 0};
      for (Token t = lexer.next(); t.kind != TokenKind::End; previous = t, t = lexer.next())
        if (t.kind == TokenKind::Identifier && previous.kind == TokenKind::Identifier &&
            (previous.text == "let" || previous.text == "var" || previous.text == "param" ||
             previous.text == "image"))
          laterLets_.emplace(t.text, t.offset);
    } catch (Diagnostic &) {
    }
  }

  [[noreturn]] void fail(size_t offset, std::string message) const {
    throw file_.errorAt(offset, std::move(message));
  }

  void parse(ExprParser &p) {
    GraphBuilder builder(graph_, file_, [this](const Expr &e) { return resolve(e); });
    builder.allowParams([this](std::string_view name) -> std::optional<uint32_t> {
      auto it = bound_.find(name);
      if (it == bound_.end() || graph_[it->second].op != Op::Param)
        return std::nullopt;
      return uint32_t(graph_[it->second].values[0]);
    });
    while (p.peek().kind == TokenKind::Identifier &&
           (p.peek().text == "let" || p.peek().text == "var" || p.peek().text == "image" ||
            (p.peek().text == "param" && p.peek(1).kind == TokenKind::Identifier))) {
      if (p.peek().text == "param") {
        p.next();
        ParamSyntax syntax = parseParamDeclaration(p);
        p.expect(";", "after the param's declaration");
        declareParam(syntax);
        continue;
      }
      std::string_view keyword = p.next().text;
      bool isVar = keyword == "var";
      Token name = p.expectIdentifier("after '" + std::string(keyword) + "'");
      for (std::string_view v : kFieldVariables)
        if (name.text == v)
          fail(name.offset, "cannot bind " + quote(name.text) + ": x, y, z and t are the inputs");
      if (auto it = bound_.find(name.text); it != bound_.end())
        fail(name.offset, quote(name.text) + " is already bound");
      if (isVar) {
        p.expect(";", "after the variable's name");
        bound_.emplace(name.text,
                       graph_.addNode(Op::Var, std::string(name.text), file_.locate(name.offset)));
        continue;
      }
      if (keyword == "image") {
        p.expect(";", "after the image's name");
        bound_.emplace(name.text, graph_.addNode(Op::Image, std::string(name.text),
                                                 file_.locate(name.offset)));
        continue;
      }
      p.expect("=", "after the let's name");
      ExprPtr value = p.parseExpression();
      p.expect(";", "after the let's expression");
      NodeId id = builder.lower(*value);
      if (value->kind != Expr::Kind::Name)
        graph_[id].name = std::string(name.text);
      bound_.emplace(name.text, id);
    }
    if (p.atEnd())
      p.failHere("expected the field's result expression, found end of file");
    // `output r, g, b[, a]`: a colour, unless a let took the name.
    std::vector<ExprPtr> channels;
    if (p.peek().kind == TokenKind::Identifier && p.peek().text == "output" &&
        !bound_.count("output")) {
      p.next();
      do
        channels.push_back(p.parseExpression());
      while (p.accept(","));
    }
    ExprPtr result = channels.empty() ? p.parseExpression() : std::move(channels.back());
    if (!channels.empty())
      channels.pop_back();
    p.accept(";");
    if (!p.atEnd()) {
      // `h = fbm2(x, y)` is how a graph names a signal; a field needs `let`.
      std::string hint;
      if (result->kind == Expr::Kind::Name && p.peek().is("="))
        hint = "; to name a value write 'let " + std::string(result->text) + " = ...;'";
      p.failHere("expected end of file after the result expression, found " +
                 ExprParser::describe(p.peek()) + hint);
    }
    channels.push_back(std::move(result));
    for (size_t c = 0; c < channels.size(); ++c) {
      NodeId out = graph_.addNode(Op::Output, {}, file_.locate(channels[c]->offset));
      graph_[out].values[1] = double(c);
      builder.bindPort(out, 0, *channels[c]);
    }
  }

  /// A field's param is read through one `param` node, bound like a let.
  void declareParam(const ParamSyntax &syntax) {
    Token name = syntax.name;
    for (std::string_view v : kFieldVariables)
      if (name.text == v)
        fail(name.offset, "cannot bind " + quote(name.text) + ": x, y, z and t are the inputs");
    if (bound_.count(name.text))
      fail(name.offset, quote(name.text) + " is already bound");
    if (!withinLimit(Limit::Nodes, int64_t(graph_.size()) + 1))
      fail(name.offset, limitMessage(Limit::Nodes, "too many nodes", 0));
    graph_.params.push_back(foldParamDeclaration(syntax, file_, 0));
    NodeId id = graph_.addNode(Op::Param, {}, file_.locate(name.offset));
    graph_[id].values[0] = double(graph_.params.size() - 1);
    bound_.emplace(name.text, id);
  }

  NodeId resolve(const Expr &e) {
    for (size_t channel = 0; channel < 4; ++channel) {
      if (e.text != kFieldVariables[channel])
        continue;
      if (variables_[channel] == kNoNode) {
        variables_[channel] = graph_.addNode(Op::Input, std::string(kFieldVariables[channel]),
                                             file_.locate(e.offset));
        graph_[variables_[channel]].values[0] = double(channel);
      }
      return variables_[channel];
    }
    if (auto it = bound_.find(e.text); it != bound_.end())
      return it->second;
    if (auto later = laterLets_.find(e.text); later != laterLets_.end()) {
      SourceLoc at = file_.locate(later->second);
      fail(e.offset, quote(e.text) + " is used before it is bound (its let is at " +
                         std::to_string(at.line) + ":" + std::to_string(at.col) + ")");
    }
    std::vector<std::string_view> known(std::begin(kFieldVariables), std::end(kFieldVariables));
    for (auto &[name, id] : bound_)
      known.push_back(name);
    std::string hint = closestMatch(e.text, known);
    fail(e.offset,
         "unknown name " + quote(e.text) + (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
  }

  const SourceFile &file_;
  Graph graph_;
  NodeId variables_[4] = {kNoNode, kNoNode, kNoNode, kNoNode};
  std::map<std::string_view, NodeId> bound_;
  std::multimap<std::string_view, size_t> laterLets_;
};

} // namespace

Result<Graph> parseFieldText(const SourceFile &file) {
  return FieldTextReader(file).read();
}

} // namespace resin
