// Constant expressions of graph text's const params (lib/syntax/ConstantExpr):
// the unit algebra, the conversion to a param's unit, rounding, and the
// located errors.
#include "syntax/ConstantExpr.h"

#include "resin/support/Format.h"

#include <doctest/doctest.h>

#include <cmath>

using namespace resin;

namespace {

/// Parses `text` as one graph-text expression and folds it; the error's text
/// (FILE:LINE:COL: message) when it fails.
struct Folded {
  Quantity q;
  std::string error;
};

Folded fold(const std::string &text, double sampleRate = 44100) {
  SourceFile file("t.graph", text);
  ExprParser parser(file, true, /*units=*/true);
  try {
    ExprPtr e = parser.parseExpression();
    return {foldConstant(*e, file, sampleRate, "param 'p' of 'f'"), ""};
  } catch (Diagnostic &d) {
    return {{}, d.str()};
  }
}

/// The value param `param` of `op` stores for `text`, or the error.
std::string paramValue(Op op, std::string_view param, const std::string &text,
                       double sampleRate = 44100) {
  SourceFile file("t.graph", text);
  ExprParser parser(file, true, /*units=*/true);
  const OpInfo &info = opInfo(op);
  std::string what = "param '" + std::string(param) + "' of '" + std::string(info.name) + "'";
  try {
    ExprPtr e = parser.parseExpression();
    double v = constantParamValue(*e, info.slots[*info.findSlot(param)], file, sampleRate, what);
    return formatNumber(v);
  } catch (Diagnostic &d) {
    return d.str();
  }
}

} // namespace

TEST_CASE("constant expressions fold in double with sample_rate") {
  CHECK(fold("0.3 * 48000").q.value == 14400);
  CHECK(fold("0.3 * sample_rate", 48000).q.value == 14400);
  CHECK(fold("-(1 + 2) * 4 / 8").q.value == -1.5);
  CHECK(fold("0.1 + 0.2").q.value == 0.1 + 0.2); // double, not float
  CHECK(fold("0.3 * 48000").q.dimension == Dimension::Plain);
}

TEST_CASE("the unit algebra: like adds to like, one factor has a unit, ratios are plain") {
  Folded twice = fold("2 * 300ms");
  CHECK(twice.q.dimension == Dimension::Time);
  CHECK(twice.q.value == 0.6);
  CHECK(fold("300ms / 2").q.dimension == Dimension::Time);
  CHECK(fold("1s - 250ms").q.value == 0.75);
  CHECK(fold("2k + 500Hz").q.value == 2500);
  CHECK(fold("2k + 500Hz").q.dimension == Dimension::Frequency);
  Folded ratio = fold("1s / 10ms");
  CHECK(ratio.q.dimension == Dimension::Plain);
  CHECK(ratio.q.value == 100);
  CHECK(fold("-300ms").q.value == -0.3);
  CHECK(fold("-300ms").q.dimension == Dimension::Time);
}

TEST_CASE("constant expression errors are located where they occur") {
  CHECK(fold("300ms + 2k").error ==
        "t.graph:1:7: cannot add a time and a frequency ('300ms + 2k'); both sides of '+' need "
        "the same unit");
  CHECK(fold("300ms - 5").error ==
        "t.graph:1:7: cannot subtract a plain number from a time ('300ms - 5'); both sides of "
        "'-' need the same unit");
  CHECK(fold("300ms * 2ms").error ==
        "t.graph:1:7: cannot multiply a time by a time ('300ms * 2ms'); only one factor may "
        "have a unit");
  CHECK(fold("1 / 300ms").error ==
        "t.graph:1:3: cannot divide a plain number by a time ('1 / 300ms'); a divisor with a "
        "unit needs a dividend of the same unit");
  CHECK(fold("3 * (1 / (2 - 2))").error ==
        "t.graph:1:8: division by zero in the constant expression of param 'p' of 'f'");
  CHECK(fold("1e300 * 1e300").error ==
        "t.graph:1:7: the constant expression of param 'p' of 'f' is not finite here (inf)");
  CHECK(fold("2 ^ 3").error == "t.graph:1:3: '^' is not allowed in the constant expression of "
                               "param 'p' of 'f' (numbers, units, sample_rate, + - * / and "
                               "parentheses)");
  CHECK(fold("1 + x").error ==
        "t.graph:1:5: param 'p' of 'f' is a constant and takes a number, not a signal");
}

TEST_CASE("a param's unit: times convert to samples, rounded half away from zero") {
  CHECK(paramValue(Op::Delay, "samples", "300ms") == "13230");
  CHECK(paramValue(Op::Delay, "samples", "1.5ms") == "66"); // 66.15
  CHECK(paramValue(Op::Delay, "samples", "2.5ms", 1000) == "3");
  CHECK(paramValue(Op::Delay, "samples", "-2.5ms", 1000) == "-3"); // the range check is later
  CHECK(paramValue(Op::Delay, "samples", "5 / 2") == "3");
  CHECK(paramValue(Op::Delay, "samples", "0.3 * 48000") == "14400");
  CHECK(paramValue(Op::Vdelay, "max", "2 * 50ms", 48000) == "4800");
  CHECK(paramValue(Op::Envelope, "release", "1.5s") == "1.5");
  CHECK(paramValue(Op::Envelope, "attack", "100ms") == "0.1"); // the double 0.1, as the literal
  CHECK(paramValue(Op::Biquad, "freq", "2k") == "2000");
  CHECK(paramValue(Op::Biquad, "freq", "sample_rate / 8", 48000) == "6000");
  CHECK(paramValue(Op::Osc, "freq", "1k / 3") == formatNumber(1000.0 / 3));
}

TEST_CASE("a unit that does not fit the param names what the param takes") {
  CHECK(paramValue(Op::Biquad, "q", "2k") ==
        "t.graph:1:1: param 'q' of 'biquad' takes a plain number; '2k' is a frequency");
  CHECK(paramValue(Op::Osc, "freq", "2 * 300ms") ==
        "t.graph:1:1: param 'freq' of 'osc' takes a frequency in Hz; '2 * 300ms' is a time");
  CHECK(paramValue(Op::Delay, "samples", "(2k)") ==
        "t.graph:1:1: param 'samples' of 'delay' takes a number of samples or a time; '(2k)' "
        "is a frequency");
  CHECK(paramValue(Op::Envelope, "attack", "-440Hz") ==
        "t.graph:1:1: param 'attack' of 'envelope' takes a time in seconds; '-440Hz' is a "
        "frequency");
}
