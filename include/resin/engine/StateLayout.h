// Where each stateful node keeps its state in a compiled kernel's state
// struct, shared by the LLVM tier's and the baseline tier's lowerings.
#pragma once

#include "resin/engine/Schedule.h"

#include <cstdint>
#include <vector>

namespace resin {

/// Byte offsets of each scheduled node's state in the kernel's state struct.
/// Layout: int64 n at 0; then per stateful node, 8-byte aligned: two floats
/// (onepole, biquad, allpass1), one float (envelope), or an int64 write
/// position followed by the ring of floats (delay: samples, vdelay: max+1).
struct StateLayout {
  std::vector<uint64_t> offset; // per schedule index
  uint64_t size = 8;

  explicit StateLayout(const Schedule &schedule);
};

/// The ops whose state is one or two floats carried in registers while a
/// kernel runs (onepole, biquad, allpass1, envelope), and how many.
unsigned carriedFloats(Op op);

/// The length of a delay's or vdelay's ring of floats.
int64_t ringLength(const ScheduledNode &sn);

} // namespace resin
