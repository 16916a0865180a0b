// The field's text form (.field, docs/reference/field-language.md), read
// with the lexer and expression parser the graph text shares.
#pragma once

#include "resin/ir/Graph.h"
#include "resin/support/SourceFile.h"

namespace resin {

/// Reads a .field file; the result is verified (verifyGraph).
Result<Graph> parseFieldText(const SourceFile &file);

} // namespace resin
