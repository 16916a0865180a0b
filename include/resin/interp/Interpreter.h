// `interp`: the reference interpreter, one sample (or point) at a time,
// straight from the spec. It is the oracle every other engine is held to.
#pragma once

#include "resin/engine/Engine.h"

#include <memory>

namespace resin {

std::unique_ptr<AudioProcessor> makeInterpProcessor(const Graph &graph,
                                                    const EngineOptions &options);
std::unique_ptr<FieldEvaluator> makeInterpField(const Graph &field, const EngineOptions &options);

} // namespace resin
