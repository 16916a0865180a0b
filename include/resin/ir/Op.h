// The op registry: one OpInfo per op, built from Ops.def. Everything that
// needs to know an op's ports, params, ranges or spelling asks here.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace resin {

enum class Op : uint8_t {
#define OP(Id, ...) Id,
#include "resin/ir/Ops.def"
};

enum class Category : uint8_t { Pure, Stateful };
enum class Domain : uint8_t { Both, Audio, Field };
enum class JsonShape : uint8_t { Leaf, Unary, Array, Object };
enum class SlotKind : uint8_t { Port, Number, Integer, Choice };
/// What a constant param measures, so the graph text may write it with a
/// unit (docs/reference/graph-format.md, "Units and constant expressions"):
/// a count of samples (a time converts with the sample rate), a time in
/// seconds, a frequency in Hz, or a plain number that takes no unit.
enum class ParamUnit : uint8_t { None, Samples, Seconds, Hertz };

inline constexpr double kRequired = std::numeric_limits<double>::quiet_NaN();
inline constexpr double kInfinity = std::numeric_limits<double>::infinity();
inline constexpr std::string_view kRequiredChoice = "";
inline constexpr int64_t kMaxDelaySamples = int64_t(1) << 24;

/// An interval of allowed values; the ends are open or closed. Every range
/// also requires a finite value.
struct Range {
  double lo = -kInfinity, hi = kInfinity;
  bool loOpen = false, hiOpen = false;

  static Range finite() { return {}; }
  static Range closed(double lo, double hi) { return {lo, hi, false, false}; }
  static Range open(double lo, double hi) { return {lo, hi, true, true}; }
  static Range openLow(double lo, double hi) { return {lo, hi, true, false}; }

  bool contains(double v) const;
  /// "[0, 16777216]", "(0, inf)", "any finite number".
  std::string str() const;
};

struct SlotInfo {
  std::string_view name;
  SlotKind kind = SlotKind::Port;
  double defaultValue = kRequired; // kRequired (NaN): must be given
  Range range;
  std::string_view choices;  // "a|b|c" for SlotKind::Choice
  std::string_view fieldKey; // key in the field JSON form when it differs from name
  bool mustBeBelowNyquist = false;
  /// Given by name only in the text form: a positional argument never lands
  /// here (`osc(440)` is an error that suggests `osc(freq=440)`, not amp=440).
  bool namedOnly = false;
  ParamUnit unit = ParamUnit::None;

  bool isPort() const { return kind == SlotKind::Port; }
  bool hasDefault() const { return !std::isnan(defaultValue); }
  std::string_view jsonKey() const { return fieldKey.empty() ? name : fieldKey; }
  std::vector<std::string_view> choiceList() const;
  /// Index of an enum word in choices, or nullopt.
  std::optional<int> choiceIndex(std::string_view word) const;
  std::string_view choiceName(double index) const;

  SlotInfo key(std::string_view k) const {
    SlotInfo s = *this;
    s.fieldKey = k;
    return s;
  }
  SlotInfo belowNyquist() const {
    SlotInfo s = *this;
    s.mustBeBelowNyquist = true;
    return s;
  }
  SlotInfo named() const {
    SlotInfo s = *this;
    s.namedOnly = true;
    return s;
  }
  SlotInfo in(ParamUnit u) const {
    SlotInfo s = *this;
    s.unit = u;
    return s;
  }
};

struct OpInfo {
  Op op;
  std::string_view name;
  Category category;
  Domain domain;
  std::string_view jsonTag;
  JsonShape jsonShape;
  std::string_view infix;
  std::string_view summary;
  std::vector<SlotInfo> slots;
  size_t numPorts = 0; // ports come first in slots

  /// Slot index by name (or field JSON key, or decimal port index for ports).
  std::optional<size_t> findSlot(std::string_view name) const;
  bool isStateful() const { return category == Category::Stateful; }
  /// A signal made from the sample index n (osc, noise, time): pure, and
  /// audio-only because only audio has an n.
  bool isSource() const { return category == Category::Pure && domain == Domain::Audio; }
  /// A comparison (gt, lt, ge, le, eq, ne): 1 or 0, written with a
  /// comparison operator in the text forms (the table's infix column).
  bool isComparison() const {
    return infix == ">" || infix == "<" || infix == ">=" || infix == "<=" || infix == "==" ||
           infix == "!=";
  }
  bool allowedIn(bool field) const {
    return domain == Domain::Both || (field ? domain == Domain::Field : domain == Domain::Audio);
  }
};

const OpInfo &opInfo(Op op);
const std::vector<OpInfo> &allOps();
std::optional<Op> findOp(std::string_view name);
/// The op's exact formula in Markdown (docs/ops.md, "Formulas"); the text
/// of lib/ir/OpFormulas.def without its surrounding blank lines.
std::string_view opFormula(Op op);
std::optional<Op> findOpByJsonTag(std::string_view tag);
std::optional<Op> findOpByInfix(std::string_view symbol, bool unary);
std::vector<std::string_view> opNames();
/// "samples", "seconds", "Hz" or "" (no unit), as `resinc ops` prints it.
std::string_view unitName(ParamUnit unit);
/// The call signature of an op for messages and docs: "perlin2(x, y, seed=0)".
std::string opSignature(const OpInfo &info);

/// Whether the op reads an image through its port 0 (sample,
/// sample_nearest, width, height): the only ports an `image` may be wired to.
inline bool readsImage(Op op) {
  return op == Op::Sample || op == Op::SampleNearest || op == Op::Width || op == Op::Height;
}

/// Whether a slot must be given, considering the other values already set
/// (a raw biquad needs no freq).
bool slotRequired(Op op, size_t slot, const std::vector<double> &values);
/// Whether a param may be given at all with the other values (b0..a2 only
/// for a raw biquad). Returns the reason when it may not.
std::optional<std::string> slotForbidden(Op op, size_t slot, const std::vector<double> &values);

} // namespace resin
