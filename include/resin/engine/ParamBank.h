// The params of a running graph (docs/reference/graph-format.md, "Params"):
// their current values, and for every scheduled node whose constants read a
// param, those constants recomputed from the new value when it changes, by
// the same formulas a literal gets (semantics/OpConstants), so a param set
// to 800 gives the bits of a literal 800. Every engine keeps one.
#pragma once

#include "resin/engine/Schedule.h"

#include <cstdint>
#include <span>
#include <vector>

namespace resin {

class ParamBank {
public:
  ParamBank(const Graph &graph, const Schedule &schedule);

  size_t size() const { return values_.size(); }
  float value(uint32_t index) const { return values_[index]; }
  std::span<const float> values() const { return values_; }
  /// Whether `value` may be set on param `index`: a known index, a finite
  /// value inside the param's range.
  bool accepts(uint32_t index, float value) const;
  /// The scheduled nodes (indices into Schedule::order) whose constants
  /// read param `index`.
  const std::vector<uint32_t> &dependents(uint32_t index) const { return dependents_[index]; }
  /// Whether any node reads a param (a param node or a bound const param).
  bool anyRead() const { return anyRead_; }

  /// Every param back to its default; `constants` (one per scheduled node)
  /// back to the schedule's.
  void reset(std::span<OpConstants> constants);
  /// Sets param `index` to `value` from sample `n` on, recomputing the
  /// constants of its dependents (an oscillator keeps its phase). Returns
  /// false, and changes nothing, when !accepts(index, value). Setting the
  /// value a param already has changes nothing. Allocates nothing.
  bool set(uint32_t index, float value, int64_t n, std::span<OpConstants> constants);

private:
  Graph graph_; // for the bound expressions and the params' ranges
  const Schedule &schedule_;
  std::vector<float> values_;
  std::vector<std::vector<uint32_t>> dependents_;
  bool anyRead_ = false;
};

} // namespace resin
