// The two JSON forms: audio graphs ("format": "resin-graph/1", graph.md) and
// field expressions ("format": "resin-field/1", resin's externally tagged
// FieldExpr form, field.md). Errors carry the line and column of the value.
#pragma once

#include "resin/ir/Graph.h"
#include "resin/syntax/JsonDocument.h"

#include <string>

namespace resin {

inline constexpr std::string_view kGraphFormat = "resin-graph/1";
inline constexpr std::string_view kFieldFormat = "resin-field/1";

/// Reads a resin-graph/1 document; the result is verified (verifyGraph).
Result<Graph> parseGraphJson(const JsonDocument &doc);
/// Reads a resin-field/1 document; the result is verified (verifyGraph).
Result<Graph> parseFieldJson(const JsonDocument &doc);

std::string printGraphJson(const Graph &graph);
std::string printFieldJson(const Graph &graph);

/// Checks the "format" member: a known format gives its name, a newer
/// version or anything else gives a located error.
Result<std::string> jsonFormat(const JsonDocument &doc);

} // namespace resin
