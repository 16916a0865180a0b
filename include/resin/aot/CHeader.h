// The C header of an ahead-of-time kernel: the ABI of docs/embedding.md
// (NAME_state_size, NAME_init, NAME_process; fields NAME_eval, NAME_row)
// declared for a C or C++ caller, with the graph's channels in a comment.
#pragma once

#include "resin/aot/AheadOfTime.h"

#include <string>

namespace resin::aot {

/// The C header declaring the kernel ABI of `graph` under options.name.
std::string kernelHeader(const Graph &graph, const AotOptions &options);

} // namespace resin::aot
