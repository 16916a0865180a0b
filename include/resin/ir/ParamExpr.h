// Params: named controls declared by a graph or field (`param cutoff = 800
// [20, 8000]`), whose values change while compiled code runs
// (docs/reference/graph-format.md, "Params"). A param reaches a signal port
// through a `param` node (a float signal); it reaches an op's const param
// (a filter's freq, an envelope's attack) through a ParamExpr, an expression
// of params evaluated in double whenever a param changes, exactly as a
// literal's constant expression is folded, so a param set to 800 gives the
// bits a literal 800 gives.
#pragma once

#include "resin/support/Diagnostic.h"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace resin {

/// At most this many params per graph (the `param` op's index range).
inline constexpr size_t kMaxParams = 4096;

/// A declared param. Its value is a float (the kernel ABI's type); a range
/// bounds it (both ends included) and every const param that depends on it.
struct ParamDecl {
  std::string name;
  float defaultValue = 0;
  bool hasRange = false;
  double min = 0, max = 0;
  /// Smoothing: a change ramps linearly over round(smoothSeconds *
  /// sample_rate) samples (0: changes apply at once).
  double smoothSeconds = 0;
  SourceLoc loc;

  /// Whether `value` may be set: finite, and inside the range if there is one.
  bool accepts(double value) const;
  /// "[20, 8000]" or "any finite number".
  std::string rangeText() const;
};

/// A param change: from `sample` on, param `param` is `value` (automation).
struct ParamEvent {
  int64_t sample = 0;
  uint32_t param = 0;
  float value = 0;
};

/// An expression of params in double: numbers (units folded: seconds, Hz),
/// params, unary minus, + - * /.
struct ParamExpr {
  enum class Kind : uint8_t { Number, Param, Neg, Add, Sub, Mul, Div };
  Kind kind = Kind::Number;
  double number = 0;
  uint32_t param = 0; // Kind::Param: the index in Graph::params
  std::vector<ParamExpr> operands;

  static ParamExpr ofNumber(double v) { return {Kind::Number, v, 0, {}}; }
  static ParamExpr ofParam(uint32_t index) { return {Kind::Param, 0, index, {}}; }
  bool operator==(const ParamExpr &) const = default;
};

/// The value for these param values (in double, left to right as written).
double evaluate(const ParamExpr &e, std::span<const float> paramValues);

/// The interval the expression can take while every param stays inside its
/// range (interval arithmetic; a param without a range is unbounded). A
/// division by an interval that holds 0 gives (-inf, inf).
struct Interval {
  double lo, hi;
};
Interval bounds(const ParamExpr &e, std::span<const ParamDecl> params);

/// The params the expression reads, each once, in order of first use.
std::vector<uint32_t> paramsRead(const ParamExpr &e);

/// The expression in the text syntax, with the fewest parentheses that keep
/// its shape (`cutoff * 2`, `(a + b) / 2`): what both text printers write and
/// the JSON forms hold as a string.
std::string formatParamExpr(const ParamExpr &e, std::span<const ParamDecl> params);

} // namespace resin
