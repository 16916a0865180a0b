// resinc bench: the subcommand's entry point (Bench.cpp), kept out of
// Subcommand.h so the bench files stay self-contained.
#pragma once

#include "Subcommand.h"

namespace resinc {

Subcommand addBenchCommand(CLI::App &resinc);

} // namespace resinc
