// Where a failed allocation may unwind. LLVM is built without exceptions and
// is not exception-safe: a std::bad_alloc thrown through it leaves its state
// half-updated, and cleaning up after it crashes. So a program should end
// on a failed allocation (resinc's new-handler, tools/resinc/Faults.cpp)
// except where the code catches std::bad_alloc itself, around a large
// buffer sized from the user's request, and says so with this scope.
#pragma once

namespace resin {

/// Marks the current thread's code as catching std::bad_alloc while alive.
class CatchesBadAlloc {
public:
  CatchesBadAlloc();
  ~CatchesBadAlloc();
  CatchesBadAlloc(const CatchesBadAlloc &) = delete;
  CatchesBadAlloc &operator=(const CatchesBadAlloc &) = delete;
};

/// Whether a CatchesBadAlloc scope is alive on this thread.
bool badAllocIsCaught();

} // namespace resin
