// The PassManager: runs a pipeline given as a string, the way `opt -passes=`
// does: `canonicalize,fold-const,dce`, with `fixpoint(a,b,...)` for a group
// repeated until a whole round changes nothing. -O0..-O3 are named
// pipelines. After every pass the graph is verified, so a broken pass is an
// error naming the pass, never a miscompiled graph.
#pragma once

#include "resin/ir/Graph.h"
#include "resin/passes/Pass.h"
#include "resin/support/Diagnostic.h"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace resin {

/// The pipeline of an -O level (0..3).
std::string_view pipelineForLevel(int level);

/// What an -O level allows the passes: value changes (rounding, the sign of
/// a zero) from -O2 up, and the math mode the folds must agree with.
PassContext contextForLevel(int level, math::MathMode math);

/// The names of every registered pass.
std::vector<std::string_view> passNames();

/// What one pass did over a whole pipeline run.
struct PassStats {
  std::string pass;
  size_t runs = 0;
  size_t changes = 0;       // rewrites the pass reported
  int64_t nodesRemoved = 0; // live nodes before minus after, summed over runs
};

struct PipelineOptions {
  PassContext context;
  /// Called after each pass with its name and the graph it left.
  std::function<void(std::string_view pass, const Graph &)> afterPass;
};

/// Checks a pipeline string; errors are located in it (file "--passes").
Diagnostics checkPipeline(std::string_view pipeline);

/// Runs `pipeline` over `graph` in place. Returns the per-pass statistics in
/// pipeline order, or the diagnostics of a bad pipeline or a broken pass.
Result<std::vector<PassStats>> runPipeline(Graph &graph, std::string_view pipeline,
                                           const PipelineOptions &options = {});

} // namespace resin
