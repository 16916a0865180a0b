// Reader for the graph text form (.graph).
//
// Statements, one a line (or separated by ';'):
//   name NAME                  the graph's name (optional; defaults to the file stem)
//   sample_rate NUMBER
//   input a, b                 input channels 0, 1, ... in order
//   output e1, e2              output channels 0, 1, ... in order
//   NAME = EXPR                a signal; names may be used before they are defined
//   param NAME = DEFAULT [MIN, MAX] smooth TIME
//                              a param (ParamDeclaration.h): a signal where a
//                              signal goes, an expression of params in a const param
// Names are resolved after all statements are read, which is what lets a
// feedback loop through a delay be written directly. Numbers may carry units
// (300ms, 2k) and const params take constant expressions (ConstantExpr.h).
#include "resin/syntax/GraphText.h"
#include "GraphBuilder.h"
#include "ParamDeclaration.h"
#include "VerifiedRead.h"
#include "resin/support/Limits.h"

#include <map>
#include <set>

namespace resin {
namespace {

struct Definition {
  Token name;
  ExprPtr value;
};

class GraphTextReader {
public:
  explicit GraphTextReader(const SourceFile &file) : file_(file) {}

  Result<Graph> read() {
    return readVerified(graph_, file_.name(), [&] {
      ExprParser parser(file_, /*newlines=*/true, /*units=*/true);
      parseStatements(parser);
      build();
    });
  }

private:
  [[noreturn]] void fail(size_t offset, std::string message) const {
    throw file_.errorAt(offset, std::move(message));
  }

  void parseStatements(ExprParser &p) {
    for (;;) {
      while (p.atNewline() || p.peek().is(";"))
        p.next();
      if (p.atEnd())
        return;
      const Token &first = p.peek();
      if (first.kind != TokenKind::Identifier)
        p.failHere("expected a statement (NAME = EXPR, input, output, sample_rate), found " +
                   ExprParser::describe(first));
      if (p.peek(1).is("=")) {
        Token name = p.next();
        p.next();
        if (!withinLimit(Limit::Nodes, int64_t(definitions_.size()) + 1))
          fail(name.offset, limitMessage(Limit::Nodes, "too many statements", 0));
        definitions_.push_back(Definition{name, p.parseExpression()});
      } else if (first.text == "param" && p.peek(1).kind == TokenKind::Identifier) {
        p.next();
        params_.push_back(parseParamDeclaration(p));
      } else if (first.text == "input") {
        p.next();
        do {
          inputs_.push_back(p.expectIdentifier("after 'input'"));
        } while (p.accept(","));
      } else if (first.text == "output") {
        p.next();
        do {
          outputs_.push_back(p.parseExpression());
        } while (p.accept(","));
      } else if (first.text == "sample_rate") {
        Token keyword = p.next();
        if (sawSampleRate_)
          fail(keyword.offset, "sample_rate is given twice");
        sawSampleRate_ = true;
        if (p.peek().kind != TokenKind::Number)
          p.failHere("expected a number after 'sample_rate', found " +
                     ExprParser::describe(p.peek()));
        if (p.peek().dimension != Dimension::Plain)
          p.failHere("sample_rate takes a plain number of samples per second; " +
                     quote(p.peek().text) + " is " +
                     std::string(dimensionName(p.peek().dimension)));
        graph_.sampleRateLoc = file_.locate(p.peek().offset);
        graph_.sampleRate = p.next().number;
      } else if (first.text == "name") {
        p.next();
        graph_.name = std::string(p.expectIdentifier("after 'name'").text);
      } else {
        p.fail(first.offset, "expected '=' after " + quote(first.text) +
                                 " (a statement is NAME = EXPR, param, input, output, "
                                 "sample_rate or name)");
      }
      if (!(p.atNewline() || p.atEnd() || p.peek().is(";")))
        p.failHere("expected the end of the statement, found " + ExprParser::describe(p.peek()));
    }
  }

  void declare(const Token &name, NodeId id) {
    if (auto param = graph_.findParam(name.text))
      fail(name.offset,
           quote(name.text) + " is already declared as a param at " + where(name.text));
    auto [it, fresh] = names_.emplace(name.text, id);
    if (!fresh)
      fail(name.offset, quote(name.text) + " is already defined at " + where(it->first));
    nameOffsets_.emplace(name.text, name.offset);
  }

  std::string where(std::string_view name) const {
    SourceLoc at = file_.locate(nameOffsets_.at(name));
    return std::to_string(at.line) + ":" + std::to_string(at.col);
  }

  void build() {
    for (const ParamSyntax &syntax : params_) {
      if (graph_.findParam(syntax.name.text))
        fail(syntax.name.offset, "param " + quote(syntax.name.text) + " is declared twice");
      graph_.params.push_back(foldParamDeclaration(syntax, file_, graph_.sampleRate));
      nameOffsets_.emplace(syntax.name.text, syntax.name.offset);
      // One node reads each param as a signal, whether or not anything does.
      paramNodes_.push_back(graph_.addNode(Op::Param, {}, file_.locate(syntax.name.offset)));
      graph_[paramNodes_.back()].values[0] = double(graph_.params.size() - 1);
    }
    for (size_t i = 0; i < inputs_.size(); ++i) {
      NodeId id =
          graph_.addNode(Op::Input, std::string(inputs_[i].text), file_.locate(inputs_[i].offset));
      graph_[id].values[0] = double(i);
      declare(inputs_[i], id);
    }
    // Reserve a node for every definition that computes something, so names
    // can be used before their definition; a bare name is an alias.
    for (Definition &d : definitions_) {
      if (d.value->kind == Expr::Kind::Name) {
        auto [it, fresh] = aliases_.emplace(d.name.text, &d);
        if (!fresh || names_.count(d.name.text) || graph_.findParam(d.name.text))
          fail(d.name.offset, quote(d.name.text) + " is already defined at " + where(d.name.text));
        nameOffsets_.emplace(d.name.text, d.name.offset);
        continue;
      }
      if (aliases_.count(d.name.text))
        fail(d.name.offset, quote(d.name.text) + " is already defined at " + where(d.name.text));
      declare(d.name,
              graph_.addNode(Op::Const, std::string(d.name.text), file_.locate(d.name.offset)));
    }
    GraphBuilder builder(graph_, file_, [this](const Expr &e) { return resolve(e); });
    // Every statement is read by now, so a sample_rate line after a use of
    // 300ms still applies to it.
    builder.allowConstantExpressions(graph_.sampleRate);
    builder.allowParams([this](std::string_view name) { return graph_.findParam(name); });
    for (Definition &d : definitions_)
      if (d.value->kind != Expr::Kind::Name)
        builder.lower(*d.value, names_.at(d.name.text));
    for (size_t i = 0; i < outputs_.size(); ++i) {
      NodeId id = graph_.addNode(Op::Output, {}, file_.locate(outputs_[i]->offset));
      graph_[id].values[1] = double(i);
      builder.bindPort(id, 0, *outputs_[i]);
    }
  }

  /// Follows a chain of aliases iteratively (chains may be long) to a node.
  NodeId resolve(const Expr &e) {
    std::vector<const Expr *> chain{&e};
    std::set<std::string_view> seen{e.text};
    for (;;) {
      const Expr &name = *chain.back();
      auto found = names_.find(name.text);
      if (found != names_.end()) {
        for (const Expr *link : chain)
          names_.emplace(link->text, found->second);
        return found->second;
      }
      auto alias = aliases_.find(name.text);
      if (alias == aliases_.end()) {
        if (auto param = graph_.findParam(name.text)) {
          NodeId id = paramNodes_[*param];
          for (const Expr *link : chain)
            names_.emplace(link->text, id);
          return id;
        }
        unknownName(name);
      }
      const Expr &target = *alias->second->value;
      if (!seen.insert(target.text).second)
        fail(alias->second->name.offset,
             quote(target.text) + " is defined only in terms of itself (an alias cycle)");
      chain.push_back(&target);
    }
  }

  [[noreturn]] void unknownName(const Expr &e) {
    {
      std::vector<std::string_view> known;
      for (const ParamDecl &p : graph_.params)
        known.push_back(p.name);
      for (auto &[name, id] : names_)
        known.push_back(name);
      for (auto &[name, d] : aliases_)
        known.push_back(name);
      std::string hint = closestMatch(e.text, known);
      fail(e.offset, "unknown name " + quote(e.text) +
                         (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
    }
  }

  const SourceFile &file_;
  Graph graph_;
  bool sawSampleRate_ = false;
  std::vector<Token> inputs_;
  std::vector<ExprPtr> outputs_;
  std::vector<Definition> definitions_;
  std::vector<ParamSyntax> params_;
  std::vector<NodeId> paramNodes_;
  std::map<std::string_view, NodeId> names_;
  std::map<std::string_view, Definition *> aliases_;
  std::map<std::string_view, size_t> nameOffsets_;
};

} // namespace

Result<Graph> parseGraphText(const SourceFile &file) {
  return GraphTextReader(file).read();
}

} // namespace resin
