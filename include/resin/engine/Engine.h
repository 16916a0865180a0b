// Engines behind one interface (docs/architecture.md, "Engines"): interp,
// native, the baseline and LLVM JIT tiers and tiered implement AudioProcessor
// for audio graphs and FieldEvaluator for fields. The registry
// (registry/EngineRegistry.h) builds them by name; verify, bench and the
// subcommands never know which one they hold.
#pragma once

#include "resin/engine/CompileReport.h"
#include "resin/engine/EngineOptions.h"
#include "resin/ir/Graph.h"
#include "resin/support/Diagnostic.h"

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace resin {

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
  /// Sets param `index` (Graph::params) from the next sample on: returns
  /// false, and changes nothing, for an unknown index or a value that is not
  /// finite or is outside the param's range. init() sets every param back
  /// to its default. Allocates nothing and takes no lock.
  virtual bool setParam(uint32_t index, float value) = 0;
  /// The current value of param `index` (which must exist).
  virtual float param(uint32_t index) const = 0;
  /// Compiled engines: their state struct (engine/StateLayout.h), the same
  /// bytes in every compiled tier, so a tiered engine can hand it from one
  /// tier to the next between blocks. Empty for interp and native.
  virtual std::span<std::byte> kernelState() { return {}; }
  /// Compiled engines: takes what they keep beside the state (the params'
  /// values and the constants derived from them) from kernelState(), after
  /// a tiered engine wrote another tier's state into it.
  virtual void adoptKernelState() {}
  /// Tiered engines: which tier ran which blocks, and any failure of the
  /// optimizing tier; empty for the others.
  virtual std::string tierSummary() const { return {}; }
  /// Compiled engines: what their compilation did (for `tiered`, the tier
  /// that starts); null for interp and native.
  virtual const CompileReport *compileReport() const { return nullptr; }
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
  /// Sets param `index` for the calls that follow, as AudioProcessor's does;
  /// not to be called while another thread is in eval() or row().
  virtual bool setParam(uint32_t index, float value) = 0;
  virtual float param(uint32_t index) const = 0;
  /// The values a point has: 1, or 3 or 4 for a colour field (`output r, g,
  /// b[, a]`), whose eval() and row() give channel 0.
  virtual size_t numChannels() const { return 1; }
  /// Every channel at one point: out[c] for c < numChannels().
  virtual void evalChannels(float x, float y, float z, float t, float *out) const {
    out[0] = eval(x, y, z, t);
  }
  /// Every channel of a row: out[c][i], as row() computes channel 0.
  virtual void rowChannels(float x0, float dx, float y, float z, float t, float *const *out,
                           int64_t len) const {
    row(x0, dx, y, z, t, out[0], len);
  }
  /// Tiered engines: which tier evaluated which calls; empty for the others.
  virtual std::string tierSummary() const { return {}; }
  /// Compiled engines: what their compilation did; null for interp and native.
  virtual const CompileReport *compileReport() const { return nullptr; }
};

} // namespace resin
