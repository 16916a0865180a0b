// The audio graph's JSON form ("format": "resin-graph/1",
// docs/reference/graph-format.md), and the check of a JSON document's
// "format" that tells the JSON forms apart. Errors carry the line and column
// of the value.
#pragma once

#include "resin/ir/Graph.h"
#include "resin/syntax/JsonDocument.h"

#include <string>
#include <string_view>

namespace resin {

inline constexpr std::string_view kGraphFormat = "resin-graph/1";
inline constexpr std::string_view kFieldFormat = "resin-field/1";
/// What jsonFormat gives for a document without "format" that is resin's
/// bare FieldExpr (a string, or an object with one key): not a format name
/// a document may state.
inline constexpr std::string_view kFieldExprFormat = "FieldExpr";

/// Checks the "format" member: a known format gives its name, a bare
/// FieldExpr gives kFieldExprFormat, a newer version or anything else gives
/// a located error.
Result<std::string> jsonFormat(const JsonDocument &doc);

/// Reads a resin-graph/1 document; the result is verified (verifyGraph).
Result<Graph> parseGraphJson(const JsonDocument &doc);
std::string printGraphJson(const Graph &graph);

} // namespace resin
