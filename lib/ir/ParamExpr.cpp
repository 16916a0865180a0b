// Params and the expressions of params in const params: evaluation in double,
// interval bounds over the declared ranges, and the text form.
#include "resin/ir/ParamExpr.h"

#include "resin/support/Format.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace resin {

bool ParamDecl::accepts(double value) const {
  if (!std::isfinite(value))
    return false;
  return !hasRange || (value >= min && value <= max);
}

std::string ParamDecl::rangeText() const {
  if (!hasRange)
    return "any finite number";
  return "[" + formatNumber(min) + ", " + formatNumber(max) + "]";
}

double evaluate(const ParamExpr &e, std::span<const float> paramValues) {
  using K = ParamExpr::Kind;
  switch (e.kind) {
  case K::Number:
    return e.number;
  case K::Param:
    return double(paramValues[e.param]);
  case K::Neg:
    return -evaluate(e.operands[0], paramValues);
  default:
    break;
  }
  double a = evaluate(e.operands[0], paramValues), b = evaluate(e.operands[1], paramValues);
  switch (e.kind) {
  case K::Add:
    return a + b;
  case K::Sub:
    return a - b;
  case K::Mul:
    return a * b;
  default:
    return a / b;
  }
}

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

/// Products of interval ends, where 0 * inf counts as 0 (the product of a
/// bounded zero and an unbounded factor is 0, not NaN).
double endProduct(double a, double b) {
  return (a == 0 || b == 0) ? 0 : a * b;
}

Interval multiply(Interval a, Interval b) {
  double p[] = {endProduct(a.lo, b.lo), endProduct(a.lo, b.hi), endProduct(a.hi, b.lo),
                endProduct(a.hi, b.hi)};
  return {*std::min_element(std::begin(p), std::end(p)),
          *std::max_element(std::begin(p), std::end(p))};
}

} // namespace

Interval bounds(const ParamExpr &e, std::span<const ParamDecl> params) {
  using K = ParamExpr::Kind;
  switch (e.kind) {
  case K::Number:
    return {e.number, e.number};
  case K::Param: {
    const ParamDecl &p = params[e.param];
    return p.hasRange ? Interval{p.min, p.max} : Interval{-kInf, kInf};
  }
  case K::Neg: {
    Interval a = bounds(e.operands[0], params);
    return {-a.hi, -a.lo};
  }
  default:
    break;
  }
  Interval a = bounds(e.operands[0], params), b = bounds(e.operands[1], params);
  switch (e.kind) {
  case K::Add:
    return {a.lo + b.lo, a.hi + b.hi};
  case K::Sub:
    return {a.lo - b.hi, a.hi - b.lo};
  case K::Mul:
    return multiply(a, b);
  default:
    if (b.lo <= 0 && b.hi >= 0)
      return {-kInf, kInf};
    return multiply(a, {1 / b.hi, 1 / b.lo});
  }
}

static void collectParams(const ParamExpr &e, std::vector<uint32_t> &out) {
  if (e.kind == ParamExpr::Kind::Param && std::find(out.begin(), out.end(), e.param) == out.end())
    out.push_back(e.param);
  for (const ParamExpr &o : e.operands)
    collectParams(o, out);
}

std::vector<uint32_t> paramsRead(const ParamExpr &e) {
  std::vector<uint32_t> out;
  collectParams(e, out);
  return out;
}

namespace {

/// Binding strength: + - bind least, then * /, then unary minus, then leaves.
int precedence(ParamExpr::Kind k) {
  using K = ParamExpr::Kind;
  switch (k) {
  case K::Add:
  case K::Sub:
    return 1;
  case K::Mul:
  case K::Div:
    return 2;
  case K::Neg:
    return 3;
  default:
    return 4;
  }
}

std::string format(const ParamExpr &e, std::span<const ParamDecl> params) {
  using K = ParamExpr::Kind;
  auto operand = [&](const ParamExpr &o, bool parenthesizeEqual) {
    int mine = precedence(e.kind), theirs = precedence(o.kind);
    // A negative number reads as unary minus, which binds tighter than any
    // binary operator but must not follow another minus without parentheses.
    bool negativeNumber = o.kind == K::Number && std::signbit(o.number);
    bool wrap = theirs < mine || (parenthesizeEqual && theirs == mine) ||
                (negativeNumber && e.kind != K::Add && e.kind != K::Mul);
    std::string text = format(o, params);
    return wrap ? "(" + text + ")" : text;
  };
  switch (e.kind) {
  case K::Number:
    return formatNumber(e.number);
  case K::Param:
    return params[e.param].name;
  case K::Neg:
    return "-" + operand(e.operands[0], true);
  default:
    break;
  }
  const char *symbol = e.kind == K::Add   ? " + "
                       : e.kind == K::Sub ? " - "
                       : e.kind == K::Mul ? " * "
                                          : " / ";
  // Left-associative: a right operand of equal precedence needs parentheses.
  return operand(e.operands[0], false) + symbol + operand(e.operands[1], true);
}

} // namespace

std::string formatParamExpr(const ParamExpr &e, std::span<const ParamDecl> params) {
  return format(e, params);
}

} // namespace resin
