// The embedding API of libresin (docs/embedding.md): parse a graph or field,
// optimize it, JIT-compile it and run it from another C++ program, in a few
// calls over the library's own functions (syntax/Load.h, passes/PassManager.h,
// registry/EngineRegistry.h). Everything returns errors as values:
// a Result<T> is either the value or the Diagnostics that say why not.
//
//   auto graph = resin::loadGraph("tremolo.graph");
//   auto dsp = graph ? resin::compileAudio(*graph) : graph.errors();
//   (*dsp)->process(in, out, len);
//
// With find_package(resin CONFIG) and target_link_libraries(app resin::resin).
#pragma once

#include "resin/ir/Graph.h"
#include "resin/passes/PassManager.h"
#include "resin/registry/EngineRegistry.h"
#include "resin/support/Diagnostic.h"
#include "resin/support/Limits.h"
#include "resin/support/Raster.h"
#include "resin/support/SourceFile.h"
#include "resin/syntax/Load.h"

#include <memory>
#include <span>
#include <string>
#include <utility>

namespace resin {

/// How compileAudio and compileField build an engine.
struct CompileOptions {
  int optLevel = 2; // -O0..-O3: the pass pipeline run first
  /// tiered (the baseline tier now, the optimizing jit when a worker thread
  /// has compiled it), jit, jit-scalar, jit-f32x4/8/16, jit-baseline (and
  /// -scalar, -f32x4/8/16), native, interp.
  std::string engine = "tiered";
  /// tiered: start on the optimizing tier (wait for its compile).
  bool waitForOptimized = false;
  MathMode math = MathMode::Precise;
  bool flushDenormals = true; // FTZ/DAZ in audio (docs/reference/graph-format.md), never in fields
  /// Both compiled tiers' persistent compile cache: off unless enabled, so the
  /// library writes no files unless asked (`{true}`: the default directory).
  CompileCacheSettings cache;
};

/// Reads, parses and verifies a .graph, .field or .json file.
inline Result<Graph> loadGraph(const std::string &path) {
  return loadFile(path);
}

/// Parses and verifies source text; `name` is the file name in diagnostics.
inline Result<Graph> parseGraph(std::string text, SourceFormat format,
                                std::string name = "<memory>") {
  return parseSource(SourceFile(std::move(name), std::move(text)), format);
}

/// Runs the -O`level` pipeline over `graph` in place (resinc opt -O`level`).
inline Diagnostics optimizeGraph(Graph &graph, int level = 2, MathMode math = MathMode::Precise) {
  PipelineOptions options;
  options.context = contextForLevel(level, math);
  auto stats = runPipeline(graph, pipelineForLevel(level), options);
  return stats ? Diagnostics{} : stats.errors();
}

namespace detail {
inline Result<Graph> optimizedFor(Graph graph, GraphKind kind, const CompileOptions &options) {
  if (graph.kind != kind)
    return Diagnostic{graph.name,
                      {},
                      kind == GraphKind::Field ? "expected a field, got an audio graph"
                                               : "expected an audio graph, got a field"};
  Diagnostics errors = optimizeGraph(graph, options.optLevel, options.math);
  if (!errors.empty())
    return errors;
  return graph;
}

inline EngineOptions engineOptionsOf(const CompileOptions &options) {
  EngineOptions engineOptions;
  engineOptions.math = options.math;
  engineOptions.flushDenormals = options.flushDenormals;
  engineOptions.waitForOptimized = options.waitForOptimized;
  engineOptions.cache = options.cache;
  return engineOptions;
}
} // namespace detail

/// Optimizes a copy of an audio graph and builds the engine options.engine
/// for it; process() then runs it (the kernel ABI as an object).
inline Result<std::unique_ptr<AudioProcessor>> compileAudio(Graph graph,
                                                            const CompileOptions &options = {}) {
  auto optimized = detail::optimizedFor(std::move(graph), GraphKind::Audio, options);
  if (!optimized)
    return optimized.errors();
  return makeAudioProcessor(options.engine, *optimized, detail::engineOptionsOf(options));
}

/// The same for a field; eval() and row() are const and thread safe. A
/// field that reads images (bindImages first) or has a colour result runs
/// on interp or native only: the default engine, tiered, becomes native.
inline Result<std::unique_ptr<FieldEvaluator>> compileField(Graph graph,
                                                            const CompileOptions &options = {}) {
  auto optimized = detail::optimizedFor(std::move(graph), GraphKind::Field, options);
  if (!optimized)
    return optimized.errors();
  std::string engine = options.engine;
  if (engine == "tiered" && needsReferenceEngine(*optimized))
    engine = "native";
  return makeFieldEvaluator(engine, *optimized, detail::engineOptionsOf(options));
}

/// An image for a field to sample from the embedder's buffer: `width` x
/// `height` texels of `channels` (1 to 4) interleaved floats, row 0 first,
/// copied. Bind it by name with bindImages(field, {{"src", image}}, name).
inline Result<std::shared_ptr<const Raster>>
imageFromBuffer(int64_t width, int64_t height, int64_t channels, std::span<const float> samples) {
  if (width < 1 || height < 1 || width > kMaxRasterSide || height > kMaxRasterSide)
    return Diagnostic{"<image>", {}, "each side must be 1 to " + std::to_string(kMaxRasterSide)};
  if (!withinLimit(Limit::ImagePixels, width * height))
    return Diagnostic{
        "<image>",
        {},
        limitMessage(Limit::ImagePixels, "the image has more pixels than allowed", width * height)};
  if (channels < 1 || channels > 4)
    return Diagnostic{"<image>", {}, "an image has 1 to 4 channels"};
  if (int64_t(samples.size()) != width * height * channels)
    return Diagnostic{"<image>",
                      {},
                      "the buffer holds " + std::to_string(samples.size()) + " floats, not " +
                          std::to_string(width * height * channels) +
                          " (width x height x channels)"};
  return std::make_shared<const Raster>(
      Raster{width, height, channels, std::vector<float>(samples.begin(), samples.end())});
}

} // namespace resin
