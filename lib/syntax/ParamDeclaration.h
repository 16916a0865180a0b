// The declaration of a param, shared by graph text (a line of its own) and
// field text (ended by ';' like a let):
//   param NAME = DEFAULT [MIN, MAX] smooth TIME
// The range and the smoothing are optional; each value is a constant
// expression (graph text: with units; `smooth 10ms`).
#pragma once

#include "resin/ir/ParamExpr.h"
#include "resin/syntax/Expr.h"

#include <functional>
#include <optional>
#include <string_view>

namespace resin {

/// A declaration as read, folded once the sample rate is known.
struct ParamSyntax {
  Token name;
  ExprPtr value, min, max, smooth;
};

/// Reads a declaration after its keyword `param`.
ParamSyntax parseParamDeclaration(ExprParser &p);

/// Folds it into a ParamDecl (values in seconds or Hz where they have a
/// unit; `smooth` a time, or a plain number of seconds). Throws a located
/// Diagnostic.
ParamDecl foldParamDeclaration(const ParamSyntax &syntax, const SourceFile &file,
                               double sampleRate);

/// Whether the expression reads a name that `isParam` accepts.
bool mentionsName(const Expr &e, const std::function<bool(std::string_view)> &isParam);

} // namespace resin
