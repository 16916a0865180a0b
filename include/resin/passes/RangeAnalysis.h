// Range analysis shared by the passes: for every node, an interval its
// float output always lies in, and whether it may be NaN. Sound, not tight:
// bounds are widened by a few float steps after each op to cover rounding
// (and the math approximations' error), nodes on feedback loops and
// stateful filters are unknown. elim-identity uses it to drop clips that
// cannot clip; `resinc opt --stats` prints the outputs' ranges.
#pragma once

#include "resin/ir/Graph.h"

#include <limits>
#include <string>
#include <vector>

namespace resin {

struct ValueRange {
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  bool mayBeNaN = true;

  static ValueRange unknown() { return {}; }
  static ValueRange exactly(float v);
  /// [lo, hi] without NaN.
  static ValueRange between(double lo, double hi) { return {lo, hi, false}; }
  bool finite() const;
  /// Whether the value may be -0 or +0 (0 lies in [lo, hi]).
  bool mayBeZero() const { return lo <= 0 && hi >= 0; }
  /// "[-1, 1]", "[0, inf] or NaN", "any".
  std::string str() const;
};

/// The range of every node's output, indexed by node id.
std::vector<ValueRange> analyzeRanges(const Graph &graph);

} // namespace resin
