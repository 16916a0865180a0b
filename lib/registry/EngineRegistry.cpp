// The engine registry (registry/EngineRegistry.h): engine names to kinds,
// widths and constructors. The only place that knows every engine.
#include "resin/registry/EngineRegistry.h"
#include "resin/engine/SmoothedParams.h"

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

/// A field that samples images runs on interp and native only (the
/// compiled tiers do not lower the image ops yet), and only once every
/// image is bound; nullopt when `engine` may run `field`.
std::optional<Diagnostic> imageProblem(std::string_view engine, const Graph &field) {
  bool reference = engine == "interp" || engine == "native";
  if (std::vector<NodeId> outputs = field.outputsByChannel(); outputs.size() > 1 && !reference)
    return Diagnostic{field.name, field[outputs[0]].loc,
                      "engine " + quote(engine) +
                          " cannot evaluate a colour field (output r, g, b) yet; the interp and "
                          "native engines can"};
  for (const Node &node : field.nodes) {
    if (node.op != Op::Image)
      continue;
    if (!reference)
      return Diagnostic{field.name, node.loc,
                        "engine " + quote(engine) +
                            " cannot evaluate a field that reads images (image '" + node.name +
                            "'); the interp and native engines can"};
    if (!field.images.count(node.name))
      return Diagnostic{field.name, node.loc, "image '" + node.name + "' is not bound"};
  }
  return std::nullopt;
}

} // namespace

bool readsImages(const Graph &field) {
  for (const Node &node : field.nodes)
    if (node.op == Op::Image)
      return true;
  return false;
}

bool needsReferenceEngine(const Graph &field) {
  return field.isField() && (readsImages(field) || field.outputsByChannel().size() > 1);
}

std::vector<std::string_view> engineNames() {
  std::vector<std::string_view> names = {"interp", "native", tiered::kTieredEngine};
  for (std::string_view name : jit::jitEngineNames())
    names.push_back(name);
  for (std::string_view name : baseline::baselineEngineNames())
    names.push_back(name);
  return names;
}

std::optional<EngineKind> engineKind(std::string_view engine) {
  if (engine == "interp")
    return EngineKind::Interp;
  if (engine == "native")
    return EngineKind::Native;
  if (engine == tiered::kTieredEngine)
    return EngineKind::Tiered;
  if (jit::isJitEngine(engine))
    return EngineKind::Optimizing;
  if (baseline::isBaselineEngine(engine))
    return EngineKind::Baseline;
  return std::nullopt;
}

std::vector<std::string_view> hostEngineNames(const EngineOptions &options) {
  std::vector<std::string_view> names = {"interp", "native"};
  if (jit::jitWidth(tiered::kOptimizingTier, options.targetCpu))
    names.push_back(tiered::kTieredEngine);
  for (std::string_view name : jit::hostJitEngines(options.targetCpu))
    names.push_back(name);
  for (std::string_view name : baseline::hostBaselineEngines())
    names.push_back(name);
  return names;
}

std::optional<unsigned> engineWidth(std::string_view engine, const EngineOptions &options,
                                    std::string *whyNot) {
  std::optional<EngineKind> kind = engineKind(engine);
  std::string why;
  std::optional<unsigned> width;
  switch (kind.value_or(EngineKind::Interp)) {
  case EngineKind::Optimizing:
    width = jit::jitWidth(engine, options.targetCpu, &why);
    break;
  case EngineKind::Baseline:
    if (baseline::hostBaselineEngines().empty())
      why = "the baseline JIT needs AVX2 and FMA, which this host lacks";
    else
      width = baseline::baselineWidth(engine);
    break;
  default:
    why = kind ? quote(engine) + " is not a compiled engine of one width"
               : "unknown engine " + quote(engine);
  }
  if (!width && whyNot)
    *whyNot = why;
  return width;
}

std::vector<std::string_view> engineTiers(std::string_view engine) {
  if (engine != tiered::kTieredEngine)
    return {engine};
  if (!tiered::hostRunsBothTiers())
    return {tiered::kOptimizingTier};
  return {tiered::kFirstTier, tiered::kOptimizingTier};
}

void dropEnginesWithoutWaiting() {
  tiered::dropEnginesWithoutWaiting();
}

size_t backgroundCompilesRunning() {
  return tiered::backgroundCompilesRunning();
}

void installCodeGeneratorFaultHandlers(void (*onFatal)(const char *reason),
                                       void (*onOutOfMemory)()) {
  jit::installFaultHandlers(onFatal, onOutOfMemory);
}

Result<std::string> targetCpuName(const EngineOptions &options) {
  auto session = jit::JitSession::forTarget(options.targetCpu);
  if (!session)
    return session.errors();
  return (*session)->cpuName();
}

std::string codeGeneratorVersion() {
  return "LLVM " + jit::JitSession::llvmVersion();
}

// The compiled tiers run audio graphs that read params, not yet fields that
// do: they refuse such a field, and `tiered` evaluates it on native.
static bool compiledWithoutParams(std::string_view engine, const Graph &graph) {
  return graph.isField() && graph.readsParams() && engine != "interp" && engine != "native" &&
         engine != tiered::kTieredEngine;
}
static Diagnostic paramsNotCompiled(const Graph &graph, std::string_view engine) {
  return Diagnostic{graph.name,
                    {},
                    "engine '" + std::string(engine) +
                        "' does not run graphs that read params yet; use --engine native or "
                        "interp (or the default)"};
}

static Result<std::unique_ptr<AudioProcessor>>
makeUnsmoothed(std::string_view engine, const Graph &graph, const EngineOptions &options) {
  if (graph.isField())
    return wrongKind(graph, false);
  if (compiledWithoutParams(engine, graph))
    return paramsNotCompiled(graph, engine);
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

Result<std::unique_ptr<AudioProcessor>>
makeAudioProcessor(std::string_view engine, const Graph &graph, const EngineOptions &options) {
  auto made = makeUnsmoothed(engine, graph, options);
  if (!made)
    return made;
  return withSmoothedParams(std::move(*made), graph);
}

Result<std::unique_ptr<FieldEvaluator>>
makeFieldEvaluator(std::string_view engine, const Graph &field, const EngineOptions &options) {
  if (!field.isField())
    return wrongKind(field, true);
  if (compiledWithoutParams(engine, field))
    return paramsNotCompiled(field, engine);
  if (engine == tiered::kTieredEngine && field.readsParams())
    return makeNativeField(field, options);
  if (auto problem = imageProblem(engine, field))
    return *problem;
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

Result<std::string> compiledStageText(std::string_view engine, const Graph &graph,
                                      const EngineOptions &options, std::string_view stage) {
  // The LLVM stages are the optimizing tier's: `tiered` shows jit's.
  if (engine == tiered::kTieredEngine)
    engine = tiered::kOptimizingTier;
  if (graph.isField() && jit::isJitEngine(engine))
    if (auto problem = imageProblem(engine, graph))
      return *problem;
  if (compiledWithoutParams(engine, graph))
    return paramsNotCompiled(graph, engine);
  if (!jit::isJitEngine(engine))
    return Diagnostic{graph.name,
                      {},
                      "stage " + std::string(stage) +
                          " needs an LLVM JIT engine (tiered, jit, jit-scalar, jit-f32xN), not " +
                          quote(engine)};
  return jit::stageText(engine, graph, options, stage);
}

} // namespace resin
