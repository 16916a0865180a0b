// The text printer of both text forms (.graph and .field), written so that
// reading the output gives back the same IR.
#pragma once

#include "resin/ir/Graph.h"

#include <string>

namespace resin {

std::string printGraphText(const Graph &graph);
std::string printFieldText(const Graph &graph);

} // namespace resin
