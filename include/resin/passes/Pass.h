// What a pass is: a function that rewrites a Graph in place and returns how
// many rewrites it made (0 means nothing changed, which ends a fixpoint).
// Every pass is its own file in lib/passes/ with a header comment on what it
// does and why it is safe (docs/optimizer.md).
#pragma once

#include "resin/ir/Graph.h"
#include "resin/math/Math.h"

#include <cstddef>

namespace resin {

struct PassContext {
  /// Passes may change results by rounding or the sign of a zero (-O2, -O3).
  /// When false, every pass keeps every output bit for bit.
  bool allowValueChanges = true;
  /// The math level the graph will run with (fold-const computes with it).
  math::MathMode math = math::MathMode::Precise;
};

#define PASS(Function, Name, ValueChanging, Summary)                                               \
  size_t Function(Graph &graph, const PassContext &context);
#include "resin/passes/Passes.def"

} // namespace resin
