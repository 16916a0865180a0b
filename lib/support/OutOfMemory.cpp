// The per-thread depth of CatchesBadAlloc scopes (OutOfMemory.h).
#include "resin/support/OutOfMemory.h"

namespace resin {

namespace {
thread_local int catchingDepth = 0;
} // namespace

CatchesBadAlloc::CatchesBadAlloc() {
  ++catchingDepth;
}

CatchesBadAlloc::~CatchesBadAlloc() {
  --catchingDepth;
}

bool badAllocIsCaught() {
  return catchingDepth > 0;
}

} // namespace resin
