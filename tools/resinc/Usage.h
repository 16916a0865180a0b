// Messages for a wrong command line (docs/reference/cli.md, "Exit codes and
// errors"): CLI11 finds the mistake, these functions say what was probably
// meant: the nearest subcommand or flag, or that a flag goes after the
// subcommand.
#pragma once

#include "Subcommand.h"

#include <string>
#include <string_view>

namespace resinc {

/// Prints the message for a command line CLI11 rejected with `error` and
/// returns kUsageError. `argv` is the command line, to show a corrected one.
int reportUsageError(CLI::App &resinc, const CLI::ParseError &error, int argc, char **argv);

/// Prints `resinc: error: unknown subcommand 'WORD'; did you mean ...?` with
/// the list of subcommands, and returns kUsageError.
int unknownSubcommand(const CLI::App &resinc, std::string_view word);

/// The flag of `app` that `arg` ("--out", "--sampels=4") most likely meant,
/// spelled as on the command line ("-o", "--samples"), or "" when none is
/// close.
std::string suggestFlag(const CLI::App &app, std::string_view arg);

/// The visible subcommands' names, in order.
std::vector<std::string> subcommandNames(const CLI::App &resinc);

} // namespace resinc
