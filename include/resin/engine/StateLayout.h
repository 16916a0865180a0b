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
/// Then, for a graph with params, the control area: the params' current
/// values (a float each), and per node bound to params its record of
/// constants (ControlRecord), which the engine rewrites when a param changes
/// and the kernel loads once per call instead of using immediates. The
/// control area is state like the rest: a tier switch copies it across.
struct StateLayout {
  std::vector<uint64_t> offset;  // per schedule index
  std::vector<uint64_t> control; // per schedule index: its ControlRecord, or 0
  uint64_t paramsOffset = 0;     // the params' values (0: the graph declares none)
  uint64_t size = 8;

  explicit StateLayout(const Schedule &schedule);
};

/// Byte offsets, within a node's control record, of the constants a param
/// can change (the fields of OpConstants of the same names).
namespace control {
// const
inline constexpr uint64_t kValue = 0;
// osc (32 bytes)
inline constexpr uint64_t kPhase = 0, kIncrement = 8, kPhaseOrigin = 16, kDuty = 24;
// onepole
inline constexpr uint64_t kOnepoleGain = 0, kOnepolePole = 4;
// biquad: b0 b1 b2 a1 a2
inline constexpr uint64_t kB0 = 0, kB1 = 4, kB2 = 8, kA1 = 12, kA2 = 16;
// allpass1
inline constexpr uint64_t kCoeff = 0;
// envelope
inline constexpr uint64_t kAttackC = 0, kAttackOneMinusC = 4, kReleaseC = 8, kReleaseOneMinusC = 12;
// fbm2, fbm3
inline constexpr uint64_t kLacunarity = 0, kGain = 4;
} // namespace control

/// The size of `op`'s control record; 0 for an op whose constants no param
/// can change.
uint64_t controlRecordSize(Op op);

/// The ops whose state is one or two floats carried in registers while a
/// kernel runs (onepole, biquad, allpass1, envelope), and how many.
unsigned carriedFloats(Op op);

/// The length of a delay's or vdelay's ring of floats.
int64_t ringLength(const ScheduledNode &sn);

} // namespace resin
