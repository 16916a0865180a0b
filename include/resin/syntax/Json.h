// The two JSON forms: audio graphs ("format": "resin-graph/1", docs/reference/graph-format.md) and
// field expressions ("format": "resin-field/1", resin's externally tagged
// FieldExpr form, docs/reference/field-language.md). Errors carry the line and column of the value.
#pragma once

#include "resin/ir/Graph.h"
#include "resin/syntax/JsonDocument.h"

#include <string>

namespace resin {

inline constexpr std::string_view kGraphFormat = "resin-graph/1";
inline constexpr std::string_view kFieldFormat = "resin-field/1";
/// What jsonFormat gives for a document without "format" that is resin's
/// bare FieldExpr (a string, or an object with one key): not a format name
/// a document may state.
inline constexpr std::string_view kFieldExprFormat = "FieldExpr";

/// Reads a resin-graph/1 document; the result is verified (verifyGraph).
Result<Graph> parseGraphJson(const JsonDocument &doc);
/// Reads a resin-field/1 document or a bare FieldExpr (resin's serde form);
/// the result is verified (verifyGraph).
Result<Graph> parseFieldJson(const JsonDocument &doc);

std::string printGraphJson(const Graph &graph);
std::string printFieldJson(const Graph &graph);
/// resin's bare FieldExpr as serde_json::to_string writes it (one line, no
/// envelope, lets written out as trees, f32 numbers in their shortest
/// round-trip form), or an error located in `file` for what FieldExpr cannot say
/// (docs/reference/field-language.md).
Result<std::string> printResinFieldExpr(const Graph &graph, const std::string &file);

/// Checks the "format" member: a known format gives its name, a bare
/// FieldExpr gives kFieldExprFormat, a newer version or anything else gives
/// a located error.
Result<std::string> jsonFormat(const JsonDocument &doc);

} // namespace resin
