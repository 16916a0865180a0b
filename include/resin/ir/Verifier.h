// Validation of a Graph against the rules of docs/reference/graph-format.md and
// docs/reference/field-language.md that do not depend on the file format:
// param ranges and types, required ports, channels, outputs, cycles without a
// delay, and the memory limits. Parsers
// check what only they can see (unknown names, arity, duplicate ids) and then
// call verifyGraph, so every format gets the same checks and messages.
#pragma once

#include "resin/ir/Graph.h"
#include "resin/support/Diagnostic.h"

#include <string>

namespace resin {

/// A short human name for a node in messages: 'id' or, for an anonymous
/// node, its op ('mul' expression).
std::string nodeLabel(const Node &node);

/// Every rule violation found, located at the offending node or value.
Diagnostics verifyGraph(const Graph &graph, const std::string &file);

} // namespace resin
