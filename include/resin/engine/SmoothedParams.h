// Smoothing of params (`param g = 0.5 [0, 1] smooth 10ms`): a change ramps
// linearly over S = round(seconds x sample_rate) samples instead of
// applying at once. A change to v made at sample m, while the param is at
// `from`, gives the param at sample m + k (k = 0 .. S-1) the float value
//   from + (v - from) * (float(k + 1) / float(S))
// kept between from and v, and v itself from sample m + S - 1 on. Written
// once for every engine, as a wrapper: while a ramp runs it processes one
// sample at a time, setting the param's value before each.
#pragma once

#include "resin/engine/Engine.h"

#include <memory>

namespace resin {

/// `engine` as is when no param of `graph` smooths, else wrapped.
std::unique_ptr<AudioProcessor> withSmoothedParams(std::unique_ptr<AudioProcessor> engine,
                                                   const Graph &graph);

/// The ramp's length in samples for a param (0: no smoothing).
int64_t smoothingSamples(const ParamDecl &param, double sampleRate);

} // namespace resin
