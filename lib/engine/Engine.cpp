// The engine registry: engine names to constructors.
#include "resin/engine/Engine.h"

#include "resin/baseline/BaselineEngines.h"
#include "resin/interp/Interpreter.h"
#include "resin/jit/JitEngines.h"
#include "resin/native/NativeEngine.h"
#include "resin/tiered/TieredEngines.h"

namespace resin {

namespace {

Diagnostic unknownEngine(const Graph &graph, std::string_view engine) {
  std::string known;
  for (std::string_view name : engineNames())
    known += (known.empty() ? "" : ", ") + std::string(name);
  return Diagnostic{
      graph.name, {}, "unknown engine " + quote(engine) + " (engines: " + known + ")"};
}

Diagnostic wrongKind(const Graph &graph, bool wantField) {
  return Diagnostic{graph.name,
                    {},
                    wantField ? "this is an audio graph, not a field"
                              : "this is a field, not an audio graph"};
}

} // namespace

std::vector<std::string_view> engineNames() {
  std::vector<std::string_view> names = {"interp", "native", tiered::kTieredEngine};
  for (std::string_view name : jit::jitEngineNames())
    names.push_back(name);
  for (std::string_view name : baseline::baselineEngineNames())
    names.push_back(name);
  return names;
}

std::vector<std::string_view> hostEngineNames() {
  std::vector<std::string_view> names = {"interp", "native"};
  if (jit::jitWidth(tiered::kOptimizingTier))
    names.push_back(tiered::kTieredEngine);
  for (std::string_view name : jit::hostJitEngines())
    names.push_back(name);
  for (std::string_view name : baseline::hostBaselineEngines())
    names.push_back(name);
  return names;
}

Result<std::unique_ptr<AudioProcessor>>
makeAudioProcessor(std::string_view engine, const Graph &graph, const EngineOptions &options) {
  if (graph.isField())
    return wrongKind(graph, false);
  if (engine == "interp")
    return makeInterpProcessor(graph, options);
  if (engine == "native")
    return makeNativeProcessor(graph, options);
  if (engine == tiered::kTieredEngine)
    return tiered::makeTieredProcessor(graph, options);
  if (jit::isJitEngine(engine))
    return jit::makeJitProcessor(engine, graph, options);
  if (baseline::isBaselineEngine(engine))
    return baseline::makeBaselineProcessor(engine, graph, options);
  return unknownEngine(graph, engine);
}

Result<std::unique_ptr<FieldEvaluator>>
makeFieldEvaluator(std::string_view engine, const Graph &field, const EngineOptions &options) {
  if (!field.isField())
    return wrongKind(field, true);
  if (engine == "interp")
    return makeInterpField(field, options);
  if (engine == "native")
    return makeNativeField(field, options);
  if (engine == tiered::kTieredEngine)
    return tiered::makeTieredField(field, options);
  if (jit::isJitEngine(engine))
    return jit::makeJitField(engine, field, options);
  if (baseline::isBaselineEngine(engine))
    return baseline::makeBaselineField(engine, field, options);
  return unknownEngine(field, engine);
}

} // namespace resin
