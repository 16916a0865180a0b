// Constant expressions in the const params of graph text (`delay(x, 300ms)`,
// `delay(x, 0.3 * sample_rate)`, `biquad(x, lowpass, 2k)`): folded in double
// at load time, with the small unit algebra of docs/reference/graph-format.md
// ("Units and constant expressions"), then converted to the param's unit.
#pragma once

#include "resin/ir/Op.h"
#include "resin/ir/ParamExpr.h"
#include "resin/syntax/Expr.h"

#include <functional>
#include <optional>
#include <string_view>

namespace resin {

/// A folded value: seconds for a time, Hz for a frequency.
struct Quantity {
  double value = 0;
  Dimension dimension = Dimension::Plain;
};

/// Folds `e`: numbers (with or without a unit), the name `sample_rate` (a
/// plain number), unary minus, + - * / and parentheses. Throws a located
/// Diagnostic for anything else, a division by zero, a non-finite value or
/// units that do not combine. `what` names the param for messages
/// ("param 'samples' of 'delay'").
Quantity foldConstant(const Expr &e, const SourceFile &file, double sampleRate,
                      std::string_view what);

/// The value a param of `slot`'s unit and kind stores for a folded `e`: a
/// time on a samples param times the sample rate, an integer param rounded to
/// nearest (ties away from zero). Throws a located Diagnostic when the unit
/// does not fit the param.
double constantParamValue(const Expr &e, const SlotInfo &slot, const SourceFile &file,
                          double sampleRate, std::string_view what);

/// Finds a declared param by name.
using ParamLookup = std::function<std::optional<uint32_t>(std::string_view name)>;

/// Like constantParamValue, but the expression may read params (`cutoff *
/// 2`): the result is a number when it reads none, else the expression
/// with its numbers' units folded (its value must be in the slot's unit
/// with no conversion: a time on a samples param is refused, as the
/// integer params that take samples cannot take params).
ParamExpr constantParamExpr(const Expr &e, const SlotInfo &slot, const SourceFile &file,
                            double sampleRate, std::string_view what, const ParamLookup &params);

} // namespace resin
