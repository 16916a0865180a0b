// The params section and param expressions of the JSON forms.
#include "ParamJson.h"

#include "ConstantExpr.h"
#include "JsonCommon.h"

#include "resin/support/Format.h"
#include "resin/syntax/Expr.h"

namespace resin {

using nlohmann::json;
using nlohmann::ordered_json;

void readParamsSection(const JsonDocument &doc, const json &root, Graph &graph) {
  if (!root.contains("params"))
    return;
  const json &params = jsonArray(doc, root, "/params", "params");
  if (params.size() > kMaxParams)
    jsonFail(doc, "/params",
             "too many params: " + std::to_string(params.size()) + " (at most " +
                 std::to_string(kMaxParams) + ")");
  for (size_t i = 0; i < params.size(); ++i) {
    std::string at = jsonPointer("/params", i);
    const json &p = params[i];
    if (!p.is_object())
      jsonFail(doc, at, "a param must be an object, not " + std::string(jsonTypeName(p)));
    jsonOnlyKeys(doc, p, at, {"name", "default", "min", "max", "smooth"}, "a param");
    if (!p.contains("name") || !p.contains("default"))
      jsonFail(doc, at, "a param needs \"name\" and \"default\"");
    ParamDecl decl;
    decl.name = jsonString(doc, p["name"], jsonPointer(at, "name"), "a param's \"name\"");
    decl.loc = doc.at(at);
    if (!isIdentifier(decl.name))
      jsonFail(doc, jsonPointer(at, "name"),
               "param name " + quote(decl.name) + " is not a name ([A-Za-z_][A-Za-z0-9_]*)");
    if (graph.findParam(decl.name))
      jsonFail(doc, jsonPointer(at, "name"), "param " + quote(decl.name) + " is declared twice");
    double value = jsonNumber(doc, p["default"], jsonPointer(at, "default"), "\"default\"");
    if (std::isinf(float(value)))
      jsonFail(doc, jsonPointer(at, "default"),
               "param " + quote(decl.name) + "'s default " + formatNumber(value) +
                   " is out of range for a float");
    decl.defaultValue = float(value);
    if (p.contains("min") != p.contains("max"))
      jsonFail(doc, at, "a param's range needs both \"min\" and \"max\"");
    if (p.contains("min")) {
      decl.hasRange = true;
      decl.min = jsonNumber(doc, p["min"], jsonPointer(at, "min"), "\"min\"");
      decl.max = jsonNumber(doc, p["max"], jsonPointer(at, "max"), "\"max\"");
    }
    if (p.contains("smooth"))
      decl.smoothSeconds = jsonNumber(doc, p["smooth"], jsonPointer(at, "smooth"), "\"smooth\"");
    graph.params.push_back(std::move(decl));
  }
}

ordered_json paramsJson(const Graph &graph) {
  ordered_json list = ordered_json::array();
  for (const ParamDecl &p : graph.params) {
    ordered_json entry;
    entry["name"] = p.name;
    entry["default"] = jsonValue(double(p.defaultValue));
    if (p.hasRange) {
      entry["min"] = jsonValue(p.min);
      entry["max"] = jsonValue(p.max);
    }
    if (p.smoothSeconds != 0)
      entry["smooth"] = jsonValue(p.smoothSeconds);
    list.push_back(std::move(entry));
  }
  return list;
}

ParamExpr paramExprFromString(const JsonDocument &doc, const std::string &pointer,
                              const std::string &text, const SlotInfo &slot, const Graph &graph,
                              std::string_view what) {
  SourceFile file(doc.file().name(), text);
  ParamExpr expr;
  try {
    ExprParser parser(file, /*newlines=*/false, /*units=*/!graph.isField());
    ExprPtr e = parser.parseExpression();
    if (!parser.atEnd())
      parser.failHere("expected the end of the expression, found " +
                      ExprParser::describe(parser.peek()));
    expr = constantParamExpr(*e, slot, file, graph.sampleRate, what,
                             [&](std::string_view name) { return graph.findParam(name); });
  } catch (Diagnostic &d) {
    // The string's own line and column mean little inside a JSON file: point
    // at the string and say where in it the problem is.
    jsonFail(doc, pointer,
             "in the expression " + quote(text) + " (column " + std::to_string(d.loc.col) +
                 "): " + d.message);
  }
  // A number is written as a JSON number; a string is for what reads params.
  if (expr.kind == ParamExpr::Kind::Number)
    jsonFail(doc, pointer,
             std::string(what) +
                 " must be a number, not a string (a string is an expression of "
                 "params, and " +
                 quote(text) + " reads none)");
  return expr;
}

} // namespace resin
