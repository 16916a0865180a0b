// `native`: the precompiled C++ block engine. Each node processes a whole
// span of samples (or a row of points) in a tight loop over its input
// buffers; it must equal `interp` bit for bit.
#pragma once

#include "resin/engine/Engine.h"

#include <memory>

namespace resin {

std::unique_ptr<AudioProcessor> makeNativeProcessor(const Graph &graph,
                                                    const EngineOptions &options);
std::unique_ptr<FieldEvaluator> makeNativeField(const Graph &field, const EngineOptions &options);

} // namespace resin
