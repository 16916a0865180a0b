// The engine registry: engine names to constructors.
#include "resin/engine/Engine.h"

namespace resin {

std::vector<std::string_view> engineNames() {
  return {"interp", "native"};
}

Result<std::unique_ptr<AudioProcessor>>
makeAudioProcessor(std::string_view engine, const Graph &graph, const EngineOptions &) {
  return Diagnostic{graph.name, {}, "engine '" + std::string(engine) + "' is not built yet"};
}

Result<std::unique_ptr<FieldEvaluator>>
makeFieldEvaluator(std::string_view engine, const Graph &field, const EngineOptions &) {
  return Diagnostic{field.name, {}, "engine '" + std::string(engine) + "' is not built yet"};
}

} // namespace resin
