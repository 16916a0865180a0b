// Automation: param changes at given samples. It is defined as processing in
// blocks split at the events, each param set between the blocks
// (docs/reference/cli.md, `run --automation`), so an engine's output under
// automation is, bit for bit, what those split blocks give.
#pragma once

#include "resin/engine/Engine.h"
#include "resin/ir/ParamExpr.h"

#include <span>

namespace resin {

/// Processes samples [n0, n0 + len) of a run (the processor's next `len`
/// samples; `n0` counts from its init()), applying every event of `events`
/// (sorted by sample) from `next` on whose sample falls before n0 + len,
/// each just before its sample. Advances `next` past them. Returns false
/// when an event's value is refused (setParam returned false).
bool processAutomated(AudioProcessor &processor, const float *const *in, float *const *out,
                      int64_t len, int64_t n0, std::span<const ParamEvent> events, size_t &next);

} // namespace resin
