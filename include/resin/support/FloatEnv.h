// The floating-point environment while an audio engine processes: subnormals
// flushed to zero (FTZ) and read as zero (DAZ), docs/reference/graph-format.md's audio convention,
// set for the duration of a call and restored after.
#pragma once

#if defined(__x86_64__) || defined(_M_X64)
#include <xmmintrin.h>
#endif

namespace resin {

class ScopedFlushDenormals {
public:
  explicit ScopedFlushDenormals(bool enable) {
#if defined(__x86_64__) || defined(_M_X64)
    saved_ = _mm_getcsr();
    unsigned mode = enable ? (saved_ | kFtz | kDaz) : (saved_ & ~(kFtz | kDaz));
    _mm_setcsr(mode);
#else
    (void)enable;
#endif
  }
  ~ScopedFlushDenormals() {
#if defined(__x86_64__) || defined(_M_X64)
    _mm_setcsr(saved_);
#endif
  }
  ScopedFlushDenormals(const ScopedFlushDenormals &) = delete;
  ScopedFlushDenormals &operator=(const ScopedFlushDenormals &) = delete;

private:
  static constexpr unsigned kFtz = 0x8000, kDaz = 0x0040;
  unsigned saved_ = 0;
};

} // namespace resin
