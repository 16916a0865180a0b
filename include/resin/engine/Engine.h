// Engines behind one interface (docs/architecture.md, "Engines"). `interp`, `native`
// and, later, every JIT width implement AudioProcessor for audio graphs and
// FieldEvaluator for fields; verify, bench and the subcommands pick engines by
// name and never know which one they hold.
#pragma once

#include "resin/ir/Graph.h"
#include "resin/math/Math.h"
#include "resin/support/Diagnostic.h"

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace resin {

using math::MathMode;

struct EngineOptions {
  MathMode math = MathMode::Precise;
  /// Audio: process with subnormals flushed to zero (FTZ and DAZ), docs/reference/graph-format.md.
  /// Fields are always evaluated without flushing.
  bool flushDenormals = true;
  /// `tiered`: wait for the optimizing tier's code before the first block
  /// (or row) instead of starting on the baseline tier.
  bool waitForOptimized = false;
  /// `tiered`, for tests: switch to the optimizing tier exactly before the
  /// process() call (or row()/eval() call) with this index, waiting for its
  /// code there; -1 switches whenever the code is ready.
  int64_t switchTierAt = -1;
};

/// An audio graph ready to run (the kernel ABI of docs/reference/cli.md as a C++ object).
class AudioProcessor {
public:
  virtual ~AudioProcessor() = default;
  virtual std::string_view engine() const = 0;
  virtual size_t numInputs() const = 0;
  virtual size_t numOutputs() const = 0;
  /// Resets all state: zeroed delay lines and filters, n = 0.
  virtual void init() = 0;
  /// Processes `len` samples; in[c] and out[c] point at `len` floats per
  /// channel. State carries over to the next call.
  virtual void process(const float *const *in, float *const *out, int64_t len) = 0;
  /// Compiled engines: their state struct (engine/StateLayout.h), the same
  /// bytes in every compiled tier, so a tiered engine can hand it from one
  /// tier to the next between blocks. Empty for interp and native.
  virtual std::span<std::byte> kernelState() { return {}; }
  /// Tiered engines: which tier ran which blocks, and any failure of the
  /// optimizing tier; empty for the others.
  virtual std::string tierSummary() const { return {}; }
};

/// A field ready to evaluate. Both calls are const and safe to make from
/// several threads at once.
class FieldEvaluator {
public:
  virtual ~FieldEvaluator() = default;
  virtual std::string_view engine() const = 0;
  virtual float eval(float x, float y, float z, float t) const = 0;
  /// out[i] = f(x0 + float(i)*dx, y, z, t) for i < len, x computed in float.
  virtual void row(float x0, float dx, float y, float z, float t, float *out,
                   int64_t len) const = 0;
  /// Tiered engines: which tier evaluated which calls; empty for the others.
  virtual std::string tierSummary() const { return {}; }
};

/// Every engine name this build knows, in the order verify and bench use.
std::vector<std::string_view> engineNames();
/// The engines this host can run (JIT widths the CPU lacks are left out).
/// Asking starts the JIT session, so call it after --target-cpu is known.
std::vector<std::string_view> hostEngineNames();

/// Builds an engine for a validated graph. Errors: an unknown engine name, or
/// an engine that cannot run this graph.
Result<std::unique_ptr<AudioProcessor>>
makeAudioProcessor(std::string_view engine, const Graph &graph, const EngineOptions &options = {});
Result<std::unique_ptr<FieldEvaluator>>
makeFieldEvaluator(std::string_view engine, const Graph &field, const EngineOptions &options = {});

} // namespace resin
