// The two text forms: audio graphs (.graph, docs/reference/graph-format.md) and field expressions
// (.field, docs/reference/field-language.md). Both are read by the one lexer and expression parser,
// and printed so that reading the output gives back the same IR.
#pragma once

#include "resin/ir/Graph.h"
#include "resin/support/SourceFile.h"

#include <string>

namespace resin {

/// Reads a .graph file; the result is verified (verifyGraph).
Result<Graph> parseGraphText(const SourceFile &file);
/// Reads a .field file; the result is verified (verifyGraph).
Result<Graph> parseFieldText(const SourceFile &file);

std::string printGraphText(const Graph &graph);
std::string printFieldText(const Graph &graph);

} // namespace resin
