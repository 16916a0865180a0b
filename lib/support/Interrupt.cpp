// The stop request and the registry of temporary files (Interrupt.h). The
// registry is a fixed array of paths, each guarded by an atomic state, so a
// signal handler can walk it without locks or allocation while the main
// thread adds and removes entries.
#include "resin/support/Interrupt.h"

#include <unistd.h>

#include <array>
#include <atomic>
#include <cstring>

namespace resin {

namespace {

std::atomic<int> requestedStop{0};
std::atomic<bool> polled{false};

/// A slot is Free, being Filled (its path not yet readable), or Live.
enum SlotState : int { kFree = 0, kFilling = 1, kLive = 2 };
constexpr size_t kSlots = 32;
constexpr size_t kMaxPath = 4096;

struct Slot {
  std::atomic<int> state{kFree};
  char path[kMaxPath];
};
std::array<Slot, kSlots> slots;

static_assert(std::atomic<int>::is_always_lock_free, "signal handlers read these atomics");

} // namespace

void requestStop(int signal) {
  int none = 0;
  requestedStop.compare_exchange_strong(none, signal);
}

void clearStop() {
  requestedStop.store(0);
}

int stopSignal() {
  return requestedStop.load();
}

void setStopPolled(bool value) {
  polled.store(value);
}

bool stopPolled() {
  return polled.load();
}

namespace {
std::atomic<int> makingTemporaries{0};
/// Set by markProcessEnding: a handler is ending the process.
std::atomic<bool> ending{false};
} // namespace

void beginMakingTemporary() {
  makingTemporaries.fetch_add(1);
}

void endMakingTemporary() {
  makingTemporaries.fetch_sub(1);
}

int registerTemporary(const char *path) {
  size_t length = std::strlen(path);
  if (length >= kMaxPath)
    return -1;
  for (size_t i = 0; i < kSlots; ++i) {
    int expected = kFree;
    if (!slots[i].state.compare_exchange_strong(expected, kFilling))
      continue;
    std::memcpy(slots[i].path, path, length + 1);
    slots[i].state.store(kLive); // the path is complete before a handler may read it
    return int(i);
  }
  return -1;
}

void unregisterTemporary(int slot) {
  if (slot >= 0 && size_t(slot) < kSlots)
    slots[size_t(slot)].state.store(kFree);
}

void removeRegisteredTemporaries() {
  // A temporary another thread is making is registered within microseconds
  // (no allocation in between). Bounded, in case this handler interrupted
  // the very thread making it.
  for (long spins = 0; makingTemporaries.load() > 0 && spins < 50'000'000; ++spins) {
  }
  for (Slot &slot : slots)
    if (slot.state.load() == kLive)
      ::unlink(slot.path);
}

void markProcessEnding() {
  ending.store(true);
}

bool processEnding() {
  return ending.load();
}

} // namespace resin
