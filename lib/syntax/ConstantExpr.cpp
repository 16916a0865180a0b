// Folding of graph text's constant param expressions, and their units.
#include "ConstantExpr.h"

#include "resin/support/Format.h"

#include <cmath>

namespace resin {
namespace {

/// A subexpression: its value's unit, and the value itself, a number when
/// it reads no param (folded at once, in the order written) or an
/// expression of params evaluated in double whenever they change.
struct Term {
  ParamExpr expr;
  Dimension dimension = Dimension::Plain;

  bool isNumber() const { return expr.kind == ParamExpr::Kind::Number; }
};

class Folder {
public:
  Folder(const SourceFile &file, double sampleRate, std::string_view what,
         const ParamLookup *params)
      : file_(file), sampleRate_(sampleRate), what_(what), params_(params) {}

  Term fold(const Expr &e) const {
    switch (e.kind) {
    case Expr::Kind::Number:
      return {ParamExpr::ofNumber(e.number), e.dimension};
    case Expr::Kind::Name:
      if (e.text == "sample_rate")
        return {ParamExpr::ofNumber(sampleRate_), Dimension::Plain};
      if (params_ && *params_)
        if (auto index = (*params_)(e.text))
          return {ParamExpr::ofParam(*index), Dimension::Plain};
      [[fallthrough]];
    case Expr::Kind::Call:
      fail(e.offset, what_ + " is a constant and takes a number" +
                         std::string(params_ ? " or an expression of params" : "") +
                         ", not a signal");
    case Expr::Kind::Unary:
      if (e.text == "-") {
        Term t = fold(*e.args[0].value);
        if (t.isNumber())
          return {ParamExpr::ofNumber(-t.expr.number), t.dimension};
        return {ParamExpr{ParamExpr::Kind::Neg, 0, 0, {std::move(t.expr)}}, t.dimension};
      }
      break;
    case Expr::Kind::Binary:
      if (e.text == "+" || e.text == "-" || e.text == "*" || e.text == "/")
        return binary(e, fold(*e.args[0].value), fold(*e.args[1].value));
      break;
    case Expr::Kind::Select:
      break;
    }
    std::string op = e.kind == Expr::Kind::Select ? "?:" : std::string(e.text);
    fail(e.offset, "'" + op + "' is not allowed in the constant expression of " + what_ +
                       " (numbers, units, sample_rate, " + std::string(params_ ? "params, " : "") +
                       "+ - * / and parentheses)");
  }

private:
  [[noreturn]] void fail(size_t offset, std::string message) const {
    throw file_.errorAt(offset, std::move(message));
  }

  /// The expression as written, for messages, unless it is too long to help.
  std::string source(const Expr &e) const {
    std::string_view text = std::string_view(file_.text()).substr(e.begin, e.end - e.begin);
    return text.size() <= 60 ? " (" + quote(text) + ")" : "";
  }

  Term binary(const Expr &e, Term a, Term b) const {
    std::string sideA(dimensionName(a.dimension)), sideB(dimensionName(b.dimension));
    Dimension dimension;
    if (e.text == "+" || e.text == "-") {
      // Only like adds to like: 300ms + 5 would have to guess what 5 is.
      if (a.dimension != b.dimension)
        fail(e.offset, (e.text == "+" ? "cannot add " + sideA + " and " + sideB
                                      : "cannot subtract " + sideB + " from " + sideA) +
                           source(e) + "; both sides of '" + std::string(e.text) +
                           "' need the same unit");
      dimension = a.dimension;
    } else if (e.text == "*") {
      if (a.dimension != Dimension::Plain && b.dimension != Dimension::Plain)
        fail(e.offset, "cannot multiply " + sideA + " by " + sideB + source(e) +
                           "; only one factor may have a unit");
      dimension = a.dimension != Dimension::Plain ? a.dimension : b.dimension;
    } else {
      // A quantity over a plain number keeps its unit; over the same unit it
      // is a plain ratio; 1 / 300ms (a frequency) is not part of the algebra.
      if (b.dimension != Dimension::Plain && b.dimension != a.dimension)
        fail(e.offset, "cannot divide " + sideA + " by " + sideB + source(e) +
                           "; a divisor with a unit needs a dividend of the same unit");
      if (b.isNumber() && b.expr.number == 0)
        fail(e.offset, "division by zero in the constant expression of " + what_);
      dimension = b.dimension == Dimension::Plain ? a.dimension : Dimension::Plain;
    }
    using K = ParamExpr::Kind;
    K kind = e.text == "+" ? K::Add : e.text == "-" ? K::Sub : e.text == "*" ? K::Mul : K::Div;
    ParamExpr expr{kind, 0, 0, {std::move(a.expr), std::move(b.expr)}};
    if (expr.operands[0].kind != K::Number || expr.operands[1].kind != K::Number)
      return {std::move(expr), dimension};
    // Both sides are numbers: fold now, as evaluate() would later.
    double value = evaluate(expr, {});
    if (!std::isfinite(value))
      fail(e.offset, "the constant expression of " + what_ + " is not finite here (" +
                         formatNumber(value) + ")");
    return {ParamExpr::ofNumber(value), dimension};
  }

  const SourceFile &file_;
  double sampleRate_;
  std::string what_;
  const ParamLookup *params_;
};

bool unitFits(ParamUnit unit, Dimension dimension) {
  switch (dimension) {
  case Dimension::Plain:
    return true;
  case Dimension::Time:
    return unit == ParamUnit::Samples || unit == ParamUnit::Seconds;
  case Dimension::Frequency:
    return unit == ParamUnit::Hertz;
  }
  return false;
}

std::string_view expectation(ParamUnit unit) {
  switch (unit) {
  case ParamUnit::Samples:
    return "a number of samples or a time";
  case ParamUnit::Seconds:
    return "a time in seconds";
  case ParamUnit::Hertz:
    return "a frequency in Hz";
  case ParamUnit::None:
    break;
  }
  return "a plain number";
}

} // namespace

Quantity foldConstant(const Expr &e, const SourceFile &file, double sampleRate,
                      std::string_view what) {
  Term t = Folder(file, sampleRate, what, nullptr).fold(e);
  return {t.expr.number, t.dimension};
}

ParamExpr constantParamExpr(const Expr &e, const SlotInfo &slot, const SourceFile &file,
                            double sampleRate, std::string_view what, const ParamLookup &params) {
  Term t = Folder(file, sampleRate, what, &params).fold(e);
  if (t.isNumber())
    return ParamExpr::ofNumber(constantParamValue(e, slot, file, sampleRate, what));
  if (!unitFits(slot.unit, t.dimension) ||
      (slot.unit == ParamUnit::Samples && t.dimension == Dimension::Time))
    throw file.errorAt(e.begin, std::string(what) + " takes " +
                                    std::string(expectation(slot.unit)) + "; " +
                                    quote(file.text().substr(e.begin, e.end - e.begin)) + " is " +
                                    std::string(dimensionName(t.dimension)));
  return std::move(t.expr);
}

double constantParamValue(const Expr &e, const SlotInfo &slot, const SourceFile &file,
                          double sampleRate, std::string_view what) {
  Quantity q = foldConstant(e, file, sampleRate, what);
  if (!unitFits(slot.unit, q.dimension))
    throw file.errorAt(e.begin, std::string(what) + " takes " +
                                    std::string(expectation(slot.unit)) + "; " +
                                    quote(file.text().substr(e.begin, e.end - e.begin)) + " is " +
                                    std::string(dimensionName(q.dimension)));
  double value = q.value;
  if (slot.unit == ParamUnit::Samples && q.dimension == Dimension::Time)
    value *= sampleRate;
  if (!std::isfinite(value))
    throw file.errorAt(e.begin, "the constant expression of " + std::string(what) +
                                    " is not finite (" + formatNumber(value) + ")");
  // std::round rounds half away from zero, as docs/reference/graph-format.md says.
  return slot.kind == SlotKind::Integer ? std::round(value) : value;
}

} // namespace resin
