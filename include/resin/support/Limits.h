// Resource limits (docs/reliability.md, "Resource limits"): what a single
// input may cost in memory, stack and time before resinc refuses it with an
// error. Every raisable limit has a default here and an environment variable
// that sets it (RESIN_LIMIT_NODES=200000 resinc run ...); the checks in the
// readers, the verifier and the subcommands all go through withinLimit() and
// word their errors with limitIs()/raiseHint(), so each limit says which one
// it is and how to raise it.
//
// Limits that the spec fixes are ranges of the op table, not knobs (below).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace resin {

enum class Limit : uint8_t {
  InputBytes,   // size of one input file (text or JSON)
  Nodes,        // nodes of one graph or field, as read and after every pass
  ExprDepth,    // nesting of a text expression (parentheses, calls, operator chains)
  JsonDepth,    // nesting of JSON arrays and objects
  DelaySamples, // sum of delay `samples` and vdelay `max` over a graph (4 bytes each)
  RenderPixels, // width x height of `resinc render`
  ImagePixels,  // width x height of one image a field reads (--image)
};
inline constexpr int kNumLimits = 7;

struct LimitInfo {
  Limit limit;
  std::string_view variable; // the environment variable that sets it
  std::string_view unit;     // "bytes", "nodes", "levels", ...
  int64_t defaultValue;
  /// The largest value the variable may set. For the depths it is what the
  /// recursive parsers can reach on an 8 MiB stack with room to spare (the
  /// stack tests run at the ceiling); for sizes, what the formats can address.
  int64_t ceiling;
};

inline constexpr LimitInfo kLimits[kNumLimits] = {
    {Limit::InputBytes, "RESIN_LIMIT_INPUT_BYTES", "bytes", int64_t(32) << 20, int64_t(1) << 30},
    {Limit::Nodes, "RESIN_LIMIT_NODES", "nodes", 100000, int64_t(1) << 24},
    {Limit::ExprDepth, "RESIN_LIMIT_EXPR_DEPTH", "levels", 1000, 2000},
    {Limit::JsonDepth, "RESIN_LIMIT_JSON_DEPTH", "levels", 512, 2000},
    {Limit::DelaySamples, "RESIN_LIMIT_DELAY_SAMPLES", "samples", int64_t(1) << 26,
     int64_t(1) << 28},
    {Limit::RenderPixels, "RESIN_LIMIT_RENDER_PIXELS", "pixels", int64_t(1) << 28,
     int64_t(1) << 32},
    // Four channels of floats: 1 GiB by default. The ceiling keeps every
    // sample's index below 2^32 (the engines index in uint32 lanes).
    {Limit::ImagePixels, "RESIN_LIMIT_IMAGE_PIXELS", "pixels", int64_t(1) << 26, int64_t(1) << 28},
};

// Fixed and so not raisable, both ranges of the op table (ir/Ops.def): fbm
// octaves 0..128 (docs/reference/field-language.md: resin's u32 has no limit,
// resinc unrolls the octaves and past 128 every value is NaN), one delay line
// at most kMaxDelaySamples = 2^24 samples (docs/reference/graph-format.md, ir/Op.h).

/// JSON values (each a DOM node plus a position) per allowed node.
inline constexpr int64_t kJsonValuesPerNode = 10;

const LimitInfo &limitInfo(Limit limit);

/// The limit in force: the variable's value when it is set and valid, else
/// the default.
int64_t limitValue(Limit limit);

/// Whether `amount` is allowed: at most limitValue() and the variable, if
/// set, is valid (a malformed setting fails every check of its limit, so it
/// is reported rather than ignored).
bool withinLimit(Limit limit, int64_t amount);

/// "the limit is 100000 nodes" (or, when the variable is malformed, what is
/// wrong with it).
std::string limitIs(Limit limit);

/// "raise it with RESIN_LIMIT_NODES=N" where N is `needed`; when `needed` is
/// not known (0, or not above the limit) the variable without a value; when
/// it is beyond the ceiling, that it cannot be raised that far.
std::string raiseHint(Limit limit, int64_t needed);

/// The usual sentence: "WHAT; the limit is N UNIT; raise it with VAR=M".
std::string limitMessage(Limit limit, std::string_view what, int64_t needed);

/// Reads the environment again (tests change it with setenv). Not safe while
/// other threads check limits.
void reloadLimits();

} // namespace resin
