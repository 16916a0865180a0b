// How resinc meets faults from outside its inputs: signals (SIGINT,
// SIGTERM, SIGXFSZ), running out of memory, LLVM's fatal errors. None of
// them leaves a temporary behind or a half-written file under an output's
// name (resin/io/AtomicFile.h), and none dumps core (docs/reliability.md).
#pragma once

#include <string>
#include <system_error>

namespace resinc {

/// Installs the handlers, once, before any subcommand runs:
///  - SIGINT, SIGTERM: the first asks the loops of run, render, verify and
///    bench to stop (resin::requestStop); where no loop polls, or on a
///    second signal, the temporaries are removed and resinc exits at once
///    with 128 + the signal's number; a signal inherited as ignored stays so;
///  - SIGXFSZ is ignored, so a file-size limit is a write error (EFBIG);
///  - a failed operator new ends resinc with one line, except where the
///    code catches std::bad_alloc (resin/support/OutOfMemory.h);
///  - LLVM's fatal-error and out-of-memory handlers, and std::terminate
///    for a std::bad_alloc that escapes a thread, print one line, remove
///    the temporaries and exit 1.
void installFaultHandlers();

/// The exit status for a stop that a loop obeyed (130 for SIGINT, 143 for
/// SIGTERM), after printing its one line; 0 when no stop was requested.
int reportStop();

/// Prints resinc's one line for running out of memory and returns 1.
int reportOutOfMemory();
/// The same for a system resource that could not be had (a thread).
int reportSystemError(const std::system_error &error);

} // namespace resinc
