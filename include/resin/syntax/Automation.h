// Automation files (docs/reference/cli.md, `run --automation`): one event a
// line, `SAMPLE NAME VALUE` (a sample index from 0, non-decreasing; the
// param's name; its new value), `#` comments and blank lines allowed.
#pragma once

#include "resin/ir/Graph.h"
#include "resin/support/Diagnostic.h"
#include "resin/support/SourceFile.h"

#include <cstdint>
#include <vector>

namespace resin {

/// The events of an automation file for `graph`. A bad line, an unknown
/// param, a decreasing sample or a value the param does not accept is a
/// located error.
Result<std::vector<ParamEvent>> parseAutomation(const SourceFile &file, const Graph &graph);

} // namespace resin
