// Folding of graph text's constant param expressions, and their units.
#include "ConstantExpr.h"

#include "resin/support/Format.h"

#include <cmath>

namespace resin {
namespace {

class Folder {
public:
  Folder(const SourceFile &file, double sampleRate, std::string_view what)
      : file_(file), sampleRate_(sampleRate), what_(what) {}

  Quantity fold(const Expr &e) const {
    switch (e.kind) {
    case Expr::Kind::Number:
      return {e.number, e.dimension};
    case Expr::Kind::Name:
      if (e.text == "sample_rate")
        return {sampleRate_, Dimension::Plain};
      [[fallthrough]];
    case Expr::Kind::Call:
      fail(e.offset, what_ + " is a constant and takes a number, not a signal");
    case Expr::Kind::Unary:
      if (e.text == "-") {
        Quantity q = fold(*e.args[0].value);
        return {-q.value, q.dimension};
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
                       " (numbers, units, sample_rate, + - * / and parentheses)");
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

  Quantity binary(const Expr &e, Quantity a, Quantity b) const {
    std::string sideA(dimensionName(a.dimension)), sideB(dimensionName(b.dimension));
    Quantity r;
    if (e.text == "+" || e.text == "-") {
      // Only like adds to like: 300ms + 5 would have to guess what 5 is.
      if (a.dimension != b.dimension)
        fail(e.offset, (e.text == "+" ? "cannot add " + sideA + " and " + sideB
                                      : "cannot subtract " + sideB + " from " + sideA) +
                           source(e) + "; both sides of '" + std::string(e.text) +
                           "' need the same unit");
      r = {e.text == "+" ? a.value + b.value : a.value - b.value, a.dimension};
    } else if (e.text == "*") {
      if (a.dimension != Dimension::Plain && b.dimension != Dimension::Plain)
        fail(e.offset, "cannot multiply " + sideA + " by " + sideB + source(e) +
                           "; only one factor may have a unit");
      r = {a.value * b.value, a.dimension != Dimension::Plain ? a.dimension : b.dimension};
    } else {
      // A quantity over a plain number keeps its unit; over the same unit it
      // is a plain ratio; 1 / 300ms (a frequency) is not part of the algebra.
      if (b.dimension != Dimension::Plain && b.dimension != a.dimension)
        fail(e.offset, "cannot divide " + sideA + " by " + sideB + source(e) +
                           "; a divisor with a unit needs a dividend of the same unit");
      if (b.value == 0)
        fail(e.offset, "division by zero in the constant expression of " + what_);
      r = {a.value / b.value, b.dimension == Dimension::Plain ? a.dimension : Dimension::Plain};
    }
    if (!std::isfinite(r.value))
      fail(e.offset, "the constant expression of " + what_ + " is not finite here (" +
                         formatNumber(r.value) + ")");
    return r;
  }

  const SourceFile &file_;
  double sampleRate_;
  std::string what_;
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
  return Folder(file, sampleRate, what).fold(e);
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
