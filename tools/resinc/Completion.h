// The bash completion script of resinc (Completion.cpp), generated from the
// command line itself so that it never lists a flag resinc does not have.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace resinc {

/// A bash script that completes resinc's subcommands, each subcommand's
/// flags, the words of flags that take a fixed list (--engine, --math,
/// --emit, ...) and op names after `resinc ops`; file names otherwise.
std::string bashCompletion(const CLI::App &resinc);

} // namespace resinc
