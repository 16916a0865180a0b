// resinc: one binary, subcommands in the style of LLVM's tools (docs/reference/cli.md).
// This file only wires subcommands together and maps errors to exit codes.
#include "resin/io/AtomicFile.h"
#include "resin/registry/EngineRegistry.h"
#include "resin/support/Interrupt.h"

#include "Completion.h"
#include "Faults.h"
#include "Subcommand.h"
#include "Usage.h"
#include "Version.h"
#include "harness/Bench.h"

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <system_error>
#include <unistd.h>

namespace resinc {

int reportErrors(const resin::Diagnostics &errors) {
  // After SIGINT or SIGTERM the errors are the stop's doing (an output not
  // replaced); main says so in one line instead.
  if (resin::stopSignal() != 0)
    return kInputError;
  // A handler on another thread (out of memory in a compile worker, a fatal
  // error) is ending the process and says why in its own line: these errors
  // (an output whose temporary it removed) are its doing. Wait for its exit
  // (bounded: a handler that never exits must not hang resinc).
  for (int waited = 0; resin::processEnding() && waited < 5000; ++waited)
    usleep(1000);
  constexpr size_t kMaxShown = 20;
  for (size_t i = 0; i < errors.size() && i < kMaxShown; ++i)
    std::fprintf(stderr, "resinc: error: %s\n", errors[i].str().c_str());
  if (errors.size() > kMaxShown)
    std::fprintf(stderr, "resinc: note: %zu more errors not shown\n", errors.size() - kMaxShown);
  return kInputError;
}

bool writeOutput(const std::string &path, const std::string &text) {
  if (path.empty() || path == "-") {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return std::fflush(stdout) == 0;
  }
  if (auto error = resin::io::writeFileAtomically(path, text)) {
    reportErrors({*error});
    return false;
  }
  return true;
}

} // namespace resinc

int main(int argc, char **argv) {
  using namespace resinc;
  // A tiered engine dropped before its switch leaves its compile running:
  // resinc ends with std::_Exit below rather than waiting for it.
  resin::dropEnginesWithoutWaiting();
  installFaultHandlers();
  CLI::App app{"resinc: a compiler and benchmarking tool for audio graphs and field expressions.\n"
               "Inputs: .graph and .field text, or .json (resin-graph/1, resin-field/1).",
               "resinc"};
  app.set_version_flag("--version", [] {
    std::string text = versionText();
    return text.substr(0, text.find_last_not_of('\n') + 1); // CLI11 adds the last newline
  });
  // Every subcommand's help in one text: what the man page is made from.
  app.set_help_all_flag("--help-all", "Print the help of every subcommand and exit");
  app.require_subcommand(0, 1);
  app.fallthrough(false);
  app.footer(
      "'resinc help SUBCOMMAND' or 'resinc SUBCOMMAND --help' lists a subcommand's flags;\n"
      "they go after the subcommand: resinc run GRAPH -o OUT.wav -O3.\n"
      "Exit codes: 0 success, 1 a wrong input or value, 2 a wrong command line, "
      "3 a failed check,\n130 or 143 stopped by SIGINT or SIGTERM (no output file changed).");
  bool completion = false;
  // Hidden: the build writes the installed completion script with it.
  app.add_flag("--bash-completion", completion, "print the bash completion script")->group("");

  std::vector<Subcommand> subcommands = {
      addOptCommand(app),     addRunCommand(app),    addRenderCommand(app), addEvalCommand(app),
      addCompileCommand(app), addDumpIrCommand(app), addVerifyCommand(app), addBenchCommand(app),
      addOpsCommand(app),     addDrawCommand(app),   addAnalyzeCommand(app)};
  subcommands.push_back(addHelpCommand(app));

  // `resinc` alone is a request for help, not a mistake.
  if (argc <= 1) {
    std::fputs(app.help().c_str(), stdout);
    return kSuccess;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp &e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp &e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion &e) {
    return app.exit(e);
  } catch (const CLI::ParseError &e) {
    return reportUsageError(app, e, argc, argv);
  }
  if (completion) {
    std::fputs(bashCompletion(app).c_str(), stdout);
    return kSuccess;
  }
  for (const Subcommand &s : subcommands)
    if (s.app->parsed()) {
      // These poll for SIGINT and SIGTERM at every block, row or benchmark
      // row; any other subcommand is ended by the signal at once.
      const std::string &name = s.app->get_name();
      resin::setStopPolled(name == "run" || name == "render" || name == "verify" ||
                           name == "bench");
      int status;
      try {
        status = s.run();
      } catch (const std::bad_alloc &) {
        status = reportOutOfMemory();
      } catch (const std::system_error &e) {
        // A thread that cannot start (a process or address-space limit).
        status = reportSystemError(e);
      }
      if (int stopped = reportStop())
        status = stopped;
      // A tiered engine's optimizing compile may still be running on its
      // worker (a short run finished on the baseline tier): leave without
      // waiting for it and without static destructors under it. Every
      // output is written and closed by now.
      if (resin::backgroundCompilesRunning() > 0) {
        std::fflush(nullptr);
        std::_Exit(status);
      }
      return status;
    }
  std::fprintf(stderr, "resinc: error: no subcommand given (see 'resinc --help')\n");
  return kUsageError;
}
