// The field's JSON forms (docs/reference/field-language.md): "format":
// "resin-field/1", and resin's bare FieldExpr as serde writes it (externally
// tagged). Errors carry the line and column of the value.
#pragma once

#include "resin/ir/Graph.h"
#include "resin/syntax/JsonDocument.h"

#include <string>

namespace resin {

/// Reads a resin-field/1 document or a bare FieldExpr (resin's serde form);
/// the result is verified (verifyGraph).
Result<Graph> parseFieldJson(const JsonDocument &doc);
std::string printFieldJson(const Graph &graph);
/// resin's bare FieldExpr as serde_json::to_string writes it (one line, no
/// envelope, lets written out as trees, f32 numbers in their shortest
/// round-trip form), or an error located in `file` for what FieldExpr cannot say
/// (docs/reference/field-language.md).
Result<std::string> printResinFieldExpr(const Graph &graph, const std::string &file);

} // namespace resin
