// Ring buffers for delay and vdelay, shared by the interpreter and the
// native engine. A line of length L holds the last L inputs; tap(j) is the
// input j samples ago (1 <= j <= L), zero before the start.
#pragma once

#include <cstdint>
#include <vector>

namespace resin {

class DelayLine {
public:
  void reset(int64_t length) {
    buffer_.assign(size_t(length), 0.0f);
    next_ = 0;
  }
  int64_t length() const { return int64_t(buffer_.size()); }
  /// The input j samples before the one about to be pushed.
  float tap(int64_t j) const {
    int64_t i = next_ - j;
    return buffer_[size_t(i < 0 ? i + length() : i)];
  }
  void push(float x) {
    buffer_[size_t(next_)] = x;
    if (++next_ == length())
      next_ = 0;
  }

private:
  std::vector<float> buffer_;
  int64_t next_ = 0;
};

} // namespace resin
