// Params in both JSON forms (docs/reference/graph-format.md, "Params"): the
// "params" section that declares them, and a const param given as a string,
// an expression of params in the text syntax ("freq": "cutoff * 2").
#pragma once

#include "resin/ir/Graph.h"
#include "resin/syntax/JsonDocument.h"

#include <nlohmann/json.hpp>

namespace resin {

/// Reads root["params"], if present: [{"name": N, "default": V, "min": A,
/// "max": B, "smooth": SECONDS}] ("min" and "max" together or not at all).
void readParamsSection(const JsonDocument &doc, const nlohmann::json &root, Graph &graph);

/// The "params" section for `graph` (an empty array when it declares none).
nlohmann::ordered_json paramsJson(const Graph &graph);

/// The value of a const param written as a string: parsed as text syntax
/// and folded with units and `sample_rate` (graphs), reading the graph's
/// params; one that reads no param is an error (write the number). Throws a
/// Diagnostic at the string's JSON position.
ParamExpr paramExprFromString(const JsonDocument &doc, const std::string &pointer,
                              const std::string &text, const SlotInfo &slot, const Graph &graph,
                              std::string_view what);

} // namespace resin
