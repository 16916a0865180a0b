// The audio graph's text form (.graph, docs/reference/graph-format.md),
// read with the lexer and expression parser the field text shares.
#pragma once

#include "resin/ir/Graph.h"
#include "resin/support/SourceFile.h"

namespace resin {

/// Reads a .graph file; the result is verified (verifyGraph).
Result<Graph> parseGraphText(const SourceFile &file);

} // namespace resin
