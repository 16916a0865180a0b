// Param declarations in both text forms.
#include "ParamDeclaration.h"

#include "ConstantExpr.h"

#include "resin/support/Format.h"

#include <cmath>

namespace resin {

ParamSyntax parseParamDeclaration(ExprParser &p) {
  ParamSyntax syntax;
  syntax.name = p.expectIdentifier("after 'param'");
  p.expect("=", "after the param's name (param NAME = DEFAULT [MIN, MAX])");
  syntax.value = p.parseExpression();
  if (p.accept("[")) {
    syntax.min = p.parseExpression();
    p.expect(",", "between the ends of the param's range [MIN, MAX]");
    syntax.max = p.parseExpression();
    p.expect("]", "after the param's range [MIN, MAX]");
  }
  if (p.peek().kind == TokenKind::Identifier && p.peek().text == "smooth") {
    p.next();
    syntax.smooth = p.parseExpression();
  }
  return syntax;
}

ParamDecl foldParamDeclaration(const ParamSyntax &syntax, const SourceFile &file,
                               double sampleRate) {
  ParamDecl decl;
  decl.name = std::string(syntax.name.text);
  decl.loc = file.locate(syntax.name.offset);
  std::string what = "param " + quote(syntax.name.text);
  auto fold = [&](const Expr &e, std::string_view part) {
    return foldConstant(e, file, sampleRate, what + "'s " + std::string(part)).value;
  };
  double value = fold(*syntax.value, "default");
  float rounded = float(value);
  if (std::isinf(rounded))
    throw file.errorAt(syntax.value->begin,
                       what + "'s default " + formatNumber(value) + " is out of range for a float");
  decl.defaultValue = rounded;
  if (syntax.min) {
    decl.hasRange = true;
    decl.min = fold(*syntax.min, "minimum");
    decl.max = fold(*syntax.max, "maximum");
  }
  if (syntax.smooth) {
    Quantity q = foldConstant(*syntax.smooth, file, sampleRate, what + "'s smoothing time");
    if (q.dimension == Dimension::Frequency)
      throw file.errorAt(syntax.smooth->begin,
                         what + "'s smoothing takes a time (10ms, 0.01s or seconds), not a "
                                "frequency");
    decl.smoothSeconds = q.value;
  }
  return decl;
}

bool mentionsName(const Expr &e, const std::function<bool(std::string_view)> &isParam) {
  if (e.kind == Expr::Kind::Name && isParam(e.text))
    return true;
  for (const Arg &a : e.args)
    if (a.value && mentionsName(*a.value, isParam))
      return true;
  return false;
}

} // namespace resin
