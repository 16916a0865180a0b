// What a signal handler may touch: the request to stop (SIGINT, SIGTERM)
// that long loops poll, and the temporary files that must not outlive the
// process. Everything here is async-signal-safe where a handler calls it:
// lock-free atomics, fixed-size storage, and unlink(2). The handlers
// themselves are the program's business (tools/resinc/Faults.cpp).
#pragma once

namespace resin {

/// Asks the loops that poll stopSignal() to stop; `signal` is the reason
/// (SIGINT, SIGTERM). The first request wins. Async-signal-safe.
void requestStop(int signal);
/// Forgets a stop request: for a program that embeds the library and
/// handled the stop, and for tests.
void clearStop();
/// The signal that asked to stop, or 0. Polled once per block, row or
/// benchmark row by the long loops (run, render, verify, bench).
int stopSignal();

/// Whether the work under way polls stopSignal(): while it does not, a
/// program's handler should not wait for a loop that will never look.
void setStopPolled(bool polled);
bool stopPolled();

/// Remembers `path` as a temporary to remove if the process dies by a
/// signal or a fatal error before it is renamed or removed. Returns a slot
/// for unregisterTemporary, or -1 when every slot is taken or the path is
/// too long (the file then still works; only a signal may leave it behind).
int registerTemporary(const char *path);
void unregisterTemporary(int slot);
/// Brackets the making of a temporary (its creation up to its
/// registration), which must not allocate: removeRegisteredTemporaries,
/// called by another thread's fatal error or signal in that gap, waits for
/// the registration instead of leaving the file behind.
void beginMakingTemporary();
void endMakingTemporary();
/// Removes every registered temporary. Async-signal-safe: for signal
/// handlers and fatal-error handlers that end the process next.
void removeRegisteredTemporaries();
/// Marks the process as ending: for a handler that will _exit after
/// removing the temporaries. Async-signal-safe.
void markProcessEnding();
/// Whether a handler on some thread is ending the process: another thread's
/// failure (an output it can no longer replace, because the handler removed
/// its temporary) is then that handler's doing, and must not be reported as
/// well (the handler prints the one line).
bool processEnding();

} // namespace resin
