// The params of a compiled kernel (docs/architecture.md, "Params in the
// compiled tiers"): a ParamBank, and the control area of the kernel's state
// struct (engine/StateLayout.h) kept equal to it, so the kernel reads each
// param's value and every constant derived from a param where it would
// otherwise hold an immediate. Both compiled tiers keep one.
#pragma once

#include "resin/engine/ParamBank.h"
#include "resin/engine/StateLayout.h"

#include <cstddef>
#include <span>
#include <vector>

namespace resin {

class KernelControls {
public:
  KernelControls(const Graph &graph, const Schedule &schedule);

  const ParamBank &params() const { return bank_; }
  /// Every param back to its default, and the control area of `state` (just
  /// zeroed by the kernel's init) written from them.
  void reset(std::span<std::byte> state);
  /// ParamBank::set at the sample the state's n says comes next, then the
  /// param's value and its dependents' records written into `state`.
  /// Allocates nothing and takes no lock.
  bool set(uint32_t index, float value, std::span<std::byte> state);

  /// Takes the params and derived constants from a control area written by
  /// another engine of the same graph (a tier switch copied the state):
  /// the values as set, and each record as it is, an oscillator's phase and
  /// origin included, so later changes continue from there.
  void adopt(std::span<const std::byte> state);

private:
  void writeRecord(size_t node, std::span<std::byte> state) const;
  void readRecord(size_t node, std::span<const std::byte> state);

  const Schedule &schedule_;
  StateLayout layout_;
  ParamBank bank_;
  std::vector<OpConstants> constants_; // per scheduled node, the current ones
};

} // namespace resin
