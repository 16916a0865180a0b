// LLVM's fatal-error and out-of-memory handlers routed to the program's own
// (a command line's one-line message and exit): LLVM is not exception-safe,
// so its failures end the process, but the program decides how.
#include "resin/jit/JitSession.h"

#include <llvm/Support/ErrorHandling.h>

namespace resin::jit {

namespace {

void (*fatalHandler)(const char *reason) = nullptr;
void (*outOfMemoryHandler)() = nullptr;

void onFatalError(void *, const char *reason, bool) {
  fatalHandler(reason);
}

void onBadAlloc(void *, const char *, bool) {
  outOfMemoryHandler();
}

} // namespace

void installFaultHandlers(void (*onFatal)(const char *reason), void (*onOutOfMemory)()) {
  fatalHandler = onFatal;
  outOfMemoryHandler = onOutOfMemory;
  llvm::install_bad_alloc_error_handler(onBadAlloc);
  llvm::install_fatal_error_handler(onFatalError);
}

} // namespace resin::jit
