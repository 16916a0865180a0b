// Recursive-descent expression parser shared by both text forms.
#include "resin/syntax/Expr.h"

#include <algorithm>

namespace resin {

/// The parser's recursion and the tree's height (which bounds the recursion
/// of lowering and of destroying the tree) share one limit.
/// Parsing stops at the first level too deep, so the whole depth is unknown.
static std::string tooDeep() {
  return "expression nested too deeply (" + limitIs(Limit::ExprDepth) + "); " +
         raiseHint(Limit::ExprDepth, 0);
}

class ExprParser::DepthGuard {
public:
  DepthGuard(ExprParser &p) : p_(p) {
    if (!withinLimit(Limit::ExprDepth, ++p_.depth_))
      p_.failHere(tooDeep());
  }
  ~DepthGuard() { --p_.depth_; }

private:
  ExprParser &p_;
};

ExprParser::ExprParser(const SourceFile &file, bool newlines, bool units)
    : file_(file), lexer_(file, newlines, units) {}

const Token &ExprParser::peek(size_t ahead) const {
  while (lookahead_.size() <= ahead)
    lookahead_.push_back(lexer_.next());
  return lookahead_[ahead];
}

Token ExprParser::next() {
  Token t = peek();
  if (t.kind != TokenKind::End)
    lookahead_.pop_front();
  return t;
}

bool ExprParser::accept(std::string_view punct) {
  if (!peek().is(punct))
    return false;
  next();
  return true;
}

Token ExprParser::expect(std::string_view punct, std::string_view context) {
  if (!peek().is(punct))
    failHere("expected '" + std::string(punct) + "' " + std::string(context) + ", found " +
             describe(peek()));
  return next();
}

Token ExprParser::expectIdentifier(std::string_view context) {
  if (peek().kind != TokenKind::Identifier)
    failHere("expected a name " + std::string(context) + ", found " + describe(peek()));
  return next();
}

void ExprParser::skipNewlines() {
  while (peek().kind == TokenKind::Newline)
    next();
}

void ExprParser::fail(size_t offset, std::string message) const {
  throw file_.errorAt(offset, std::move(message));
}

void ExprParser::failHere(std::string message) const {
  fail(peek().offset, std::move(message));
}

std::string ExprParser::describe(const Token &token) {
  switch (token.kind) {
  case TokenKind::End:
    return "end of file";
  case TokenKind::Newline:
    return "end of line";
  case TokenKind::Number:
    return "number " + quote(token.text);
  case TokenKind::Identifier:
    return "name " + quote(token.text);
  case TokenKind::Punct:
    return quote(token.text);
  }
  return "?";
}

ExprPtr ExprParser::makeNode(Expr::Kind kind, size_t offset, std::string_view text,
                             std::vector<ExprPtr> children) {
  auto e = std::make_unique<Expr>();
  e->kind = kind;
  e->offset = offset;
  e->text = text;
  e->begin = offset;
  e->end = offset + text.size();
  for (ExprPtr &child : children) {
    e->height = std::max(e->height, child->height + 1);
    e->begin = std::min(e->begin, child->begin);
    e->end = std::max(e->end, child->end);
    e->args.push_back(Arg{{}, 0, std::move(child)});
  }
  if (!withinLimit(Limit::ExprDepth, e->height))
    fail(offset, tooDeep());
  return e;
}

ExprPtr ExprParser::parseExpression() {
  DepthGuard guard(*this);
  return parsePipe();
}

ExprPtr ExprParser::parsePipe() {
  ExprPtr value = parseSelect();
  while (peek().is("->")) {
    size_t arrow = next().offset;
    Token callee = expectIdentifier("after '->' (the op to pipe into)");
    ExprPtr call = peek().is("(") ? parseCallArgs(callee)
                                  : makeNode(Expr::Kind::Call, callee.offset, callee.text, {});
    call->begin = std::min(call->begin, value->begin);
    call->args.insert(call->args.begin(), Arg{{}, 0, std::move(value)});
    call->offset = std::min(call->offset, arrow);
    for (const Arg &a : call->args)
      call->height = std::max(call->height, a.value->height + 1);
    if (!withinLimit(Limit::ExprDepth, call->height))
      fail(arrow, tooDeep());
    value = std::move(call);
  }
  return value;
}

ExprPtr ExprParser::parseSelect() {
  ExprPtr condition = parseCompare();
  if (!peek().is("?"))
    return condition;
  size_t at = next().offset;
  DepthGuard guard(*this);
  ExprPtr then = parseSelect();
  expect(":", "in 'c ? a : b'");
  ExprPtr otherwise = parseSelect();
  std::vector<ExprPtr> parts;
  parts.push_back(std::move(condition));
  parts.push_back(std::move(then));
  parts.push_back(std::move(otherwise));
  return makeNode(Expr::Kind::Select, at, "?", std::move(parts));
}

ExprPtr ExprParser::parseCompare() {
  ExprPtr left = parseAdditive();
  for (;;) {
    const Token &t = peek();
    if (!(t.is("<") || t.is(">") || t.is("<=") || t.is(">=") || t.is("==") || t.is("!=")))
      return left;
    Token op = next();
    std::vector<ExprPtr> parts;
    parts.push_back(std::move(left));
    parts.push_back(parseAdditive());
    left = makeNode(Expr::Kind::Binary, op.offset, op.text, std::move(parts));
  }
}

ExprPtr ExprParser::parseAdditive() {
  ExprPtr left = parseMultiplicative();
  while (peek().is("+") || peek().is("-")) {
    Token op = next();
    std::vector<ExprPtr> parts;
    parts.push_back(std::move(left));
    parts.push_back(parseMultiplicative());
    left = makeNode(Expr::Kind::Binary, op.offset, op.text, std::move(parts));
  }
  return left;
}

ExprPtr ExprParser::parseMultiplicative() {
  ExprPtr left = parseUnary();
  while (peek().is("*") || peek().is("/") || peek().is("%")) {
    Token op = next();
    std::vector<ExprPtr> parts;
    parts.push_back(std::move(left));
    parts.push_back(parseUnary());
    left = makeNode(Expr::Kind::Binary, op.offset, op.text, std::move(parts));
  }
  return left;
}

ExprPtr ExprParser::parseUnary() {
  if (!peek().is("-"))
    return parsePower();
  DepthGuard guard(*this);
  Token minus = next();
  ExprPtr operand = parseUnary();
  if (operand->isBareNumber()) {
    operand->number = -operand->number;
    operand->offset = minus.offset;
    operand->begin = minus.offset;
    return operand;
  }
  std::vector<ExprPtr> parts;
  parts.push_back(std::move(operand));
  return makeNode(Expr::Kind::Unary, minus.offset, "-", std::move(parts));
}

ExprPtr ExprParser::parsePower() {
  ExprPtr base = parsePrimary();
  if (!peek().is("^"))
    return base;
  Token op = next();
  DepthGuard guard(*this);
  std::vector<ExprPtr> parts;
  parts.push_back(std::move(base));
  parts.push_back(parseUnary());
  // A number under '^' is an operand, never a literal to fold a sign into.
  ExprPtr power = makeNode(Expr::Kind::Binary, op.offset, op.text, std::move(parts));
  return power;
}

ExprPtr ExprParser::parsePrimary() {
  const Token &t = peek();
  if (t.kind == TokenKind::Number) {
    Token num = next();
    ExprPtr e = makeNode(Expr::Kind::Number, num.offset, num.text, {});
    e->number = num.number;
    e->dimension = num.dimension;
    if (peek().is("^")) // -2^2 is -(2^2): keep the literal from taking the sign
      e->parenthesized = true;
    return e;
  }
  if (t.kind == TokenKind::Identifier) {
    Token name = next();
    if (peek().is("("))
      return parseCallArgs(name);
    return makeNode(Expr::Kind::Name, name.offset, name.text, {});
  }
  if (t.is("(")) {
    Token open = next();
    ExprPtr inner = parseExpression();
    if (!peek().is(")"))
      fail(peek().offset,
           "expected ')' to close the '(' at " + std::to_string(file_.locate(open.offset).line) +
               ":" + std::to_string(file_.locate(open.offset).col) + ", found " + describe(peek()));
    inner->begin = open.offset;
    inner->end = next().offset + 1;
    inner->parenthesized = true;
    return inner;
  }
  failHere("expected an expression, found " + describe(t));
}

ExprPtr ExprParser::parseCallArgs(const Token &callee) {
  expect("(", "after the op name");
  ExprPtr call = makeNode(Expr::Kind::Call, callee.offset, callee.text, {});
  bool sawNamed = false;
  if (!peek().is(")")) {
    do {
      Arg arg;
      if (peek().kind == TokenKind::Identifier && peek(1).is("=")) {
        Token key = next();
        next();
        arg.key = key.text;
        arg.keyOffset = key.offset;
        sawNamed = true;
      } else if (sawNamed) {
        failHere("positional argument after a named one in the call to " + quote(callee.text));
      }
      arg.value = parseExpression();
      call->height = std::max(call->height, arg.value->height + 1);
      call->args.push_back(std::move(arg));
    } while (accept(","));
  }
  call->end = expect(")", "to close the call to " + quote(callee.text)).offset + 1;
  if (!withinLimit(Limit::ExprDepth, call->height))
    fail(callee.offset, tooDeep());
  return call;
}

} // namespace resin
