// How a subcommand plugs into resinc: it registers its flags on the CLI11
// app and returns the function that runs it once the command line is parsed.
#pragma once

#include "resin/support/Diagnostic.h"

#include <CLI/CLI.hpp>

#include <functional>

namespace resinc {

/// Exit codes of docs/reference/cli.md.
enum ExitCode { kSuccess = 0, kInputError = 1, kUsageError = 2, kCheckFailed = 3 };

struct Subcommand {
  CLI::App *app;
  std::function<int()> run;
};

Subcommand addOptCommand(CLI::App &resinc);
Subcommand addRunCommand(CLI::App &resinc);
Subcommand addRenderCommand(CLI::App &resinc);
Subcommand addEvalCommand(CLI::App &resinc);
Subcommand addCompileCommand(CLI::App &resinc);
Subcommand addDumpIrCommand(CLI::App &resinc);
Subcommand addVerifyCommand(CLI::App &resinc);
Subcommand addOpsCommand(CLI::App &resinc);
Subcommand addDrawCommand(CLI::App &resinc);
Subcommand addAnalyzeCommand(CLI::App &resinc);
/// `resinc help [SUBCOMMAND]`; add it last, after the subcommands it describes.
Subcommand addHelpCommand(CLI::App &resinc);

/// Prints diagnostics as `resinc: error: FILE:LINE:COL: message`, at most a
/// screenful, and returns kInputError.
int reportErrors(const resin::Diagnostics &errors);

/// Writes `text` to `path` ("-" or empty: stdout). Returns false (after
/// reporting) when the file cannot be written.
bool writeOutput(const std::string &path, const std::string &text);

} // namespace resinc
