// Signals, out-of-memory and LLVM's fatal errors (Faults.h). The signal
// handler only stores a flag, or on its way out does async-signal-safe work:
// unlink(2) of the registered temporaries, write(2) of a constant line and
// _exit(2). Nothing here calls abort(), so no fault dumps core.
#include "Faults.h"

#include "resin/registry/EngineRegistry.h"
#include "resin/support/Interrupt.h"
#include "resin/support/OutOfMemory.h"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <new>

namespace resinc {

namespace {

constexpr char kOutOfMemory[] = "resinc: error: out of memory\n";

const char *stopLine(int signo) {
  return signo == SIGTERM ? "resinc: stopped by SIGTERM; no output file was changed\n"
                          : "resinc: stopped by SIGINT; no output file was changed\n";
}

/// write(2) of a constant string: safe in a signal handler, unlike stdio.
void writeLine(const char *line) {
  ssize_t ignored = ::write(STDERR_FILENO, line, std::strlen(line));
  (void)ignored;
}

std::atomic<int> signalsSeen{0};

void onStopSignal(int signo) {
  resin::requestStop(signo);
  // The first signal waits for a loop that polls; a second one, or one that
  // no loop will see, ends the process here.
  if (signalsSeen.fetch_add(1) == 0 && resin::stopPolled())
    return;
  resin::markProcessEnding();
  resin::removeRegisteredTemporaries();
  writeLine(stopLine(signo));
  ::_exit(128 + signo);
}

[[noreturn]] void exitOutOfMemory() {
  resin::markProcessEnding();
  resin::removeRegisteredTemporaries();
  writeLine(kOutOfMemory);
  ::_exit(1);
}

/// operator new's last resort: unwinding only where the code catches
/// std::bad_alloc itself (resin/support/OutOfMemory.h); anywhere else, and
/// above all inside LLVM, which is not exception-safe, resinc ends here.
void onNewFailure() {
  if (resin::badAllocIsCaught())
    throw std::bad_alloc();
  exitOutOfMemory();
}

void onCodeGeneratorFatalError(const char *reason) {
  resin::markProcessEnding();
  resin::removeRegisteredTemporaries();
  std::fprintf(stderr, "resinc: error: LLVM: %s\n", reason);
  std::fflush(stderr);
  ::_exit(1);
}

/// std::terminate: a std::bad_alloc thrown on a worker thread (the tiered
/// engine's compile, a render thread) has no catch above it.
void onTerminate() {
  resin::markProcessEnding();
  if (auto current = std::current_exception()) {
    try {
      std::rethrow_exception(current);
    } catch (const std::bad_alloc &) {
      exitOutOfMemory();
    } catch (const std::exception &e) {
      resin::removeRegisteredTemporaries();
      std::fprintf(stderr, "resinc: error: internal error: %s\n", e.what());
    } catch (...) {
      resin::removeRegisteredTemporaries();
      std::fprintf(stderr, "resinc: error: internal error: an unknown exception\n");
    }
  } else {
    resin::removeRegisteredTemporaries();
    // std::terminate with no exception: one thrown out of a destructor or
    // a noexcept function, under resinc most likely by an allocation.
    std::fprintf(stderr, "resinc: error: internal error (std::terminate), most likely out of "
                         "memory\n");
  }
  std::fflush(stderr);
  ::_exit(1);
}

} // namespace

void installFaultHandlers() {
  struct sigaction action {};
  action.sa_handler = onStopSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  for (int signo : {SIGINT, SIGTERM}) {
    // A signal the parent set to be ignored stays ignored (nohup, a shell's
    // background job without job control), as in any well-behaved program.
    struct sigaction previous {};
    if (sigaction(signo, nullptr, &previous) == 0 && previous.sa_handler == SIG_IGN)
      continue;
    sigaction(signo, &action, nullptr);
  }
  // A file-size limit (`ulimit -f`) would otherwise kill resinc mid-write;
  // ignored, the write fails with EFBIG and the output's writer reports it.
  signal(SIGXFSZ, SIG_IGN);
  resin::installCodeGeneratorFaultHandlers(onCodeGeneratorFatalError, exitOutOfMemory);
  std::set_terminate(onTerminate);
  std::set_new_handler(onNewFailure);
}

int reportStop() {
  int signo = resin::stopSignal();
  if (signo == 0)
    return 0;
  std::fputs(stopLine(signo), stderr);
  return 128 + signo;
}

int reportOutOfMemory() {
  resin::removeRegisteredTemporaries();
  std::fputs(kOutOfMemory, stderr);
  return 1;
}

} // namespace resinc

namespace resinc {

int reportSystemError(const std::system_error &error) {
  resin::removeRegisteredTemporaries();
  std::fprintf(stderr, "resinc: error: out of system resources: %s\n", error.what());
  return 1;
}

} // namespace resinc
