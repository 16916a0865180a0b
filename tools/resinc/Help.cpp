// resinc help [SUBCOMMAND]: the help of resinc or of one subcommand, the same
// text as `resinc --help` and `resinc SUBCOMMAND --help`, for users who type
// the word rather than the flag.
#include "Usage.h"

#include <cstdio>

namespace resinc {

Subcommand addHelpCommand(CLI::App &resinc) {
  auto which = std::make_shared<std::string>();
  CLI::App *app = resinc.add_subcommand(
      "help", "Print the help of resinc or of one subcommand (the same as SUBCOMMAND --help)");
  app->add_option("SUBCOMMAND", *which, "the subcommand whose flags to list");
  CLI::App *top = &resinc;
  return {app, [top, which] {
            // Not top->help(): that would describe the parsed subcommand, `help`.
            if (which->empty()) {
              std::string text =
                  top->get_formatter()->make_help(top, "resinc", CLI::AppFormatMode::Normal);
              std::fputs(text.c_str(), stdout);
              return int(kSuccess);
            }
            for (CLI::App *sub : top->get_subcommands({}))
              if (sub->get_name() == *which && !sub->get_group().empty()) {
                std::fputs(sub->help("resinc").c_str(), stdout);
                return int(kSuccess);
              }
            return unknownSubcommand(*top, *which);
          }};
}

} // namespace resinc
