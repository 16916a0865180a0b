// Whether a graph is a linear, time-invariant system from its inputs to an
// output, told from its ops (docs/reference/cli.md, analyze): only then is
// its impulse response the whole story.
#pragma once

#include "resin/ir/Graph.h"

#include <string>

namespace resin {

struct Linearity {
  bool linear = true;
  bool timeInvariant = true;
  /// The first node that breaks each property, described for a person
  /// ("tanh@4:9 applies a nonlinear op to the signal"); empty when it holds.
  std::string nonlinearBecause, timeVaryingBecause;
};

/// Judges the nodes that `output` (an output node) depends on. Nonlinear:
/// a nonlinear op of a signal (clip, tanh, ...), a product or quotient of
/// two signals, a nonzero constant added to a signal. Time-varying: a
/// source of n (time, osc, noise), an envelope, a vdelay whose time moves.
Linearity judgeLinearity(const Graph &graph, NodeId output);

} // namespace resin
