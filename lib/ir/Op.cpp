// The op table built from Ops.def, and lookups over it.
#include "resin/ir/Op.h"

#include "resin/support/Format.h"

#include <cstdio>
#include <unordered_map>

namespace resin {
namespace {

SlotInfo port(std::string_view name, double defaultValue = kRequired) {
  SlotInfo s;
  s.name = name;
  s.kind = SlotKind::Port;
  s.defaultValue = defaultValue;
  return s;
}

SlotInfo number(std::string_view name, double defaultValue, Range range) {
  SlotInfo s;
  s.name = name;
  s.kind = SlotKind::Number;
  s.defaultValue = defaultValue;
  s.range = range;
  return s;
}

SlotInfo integer(std::string_view name, double defaultValue, double lo, double hi) {
  SlotInfo s = number(name, defaultValue, Range::closed(lo, hi));
  s.kind = SlotKind::Integer;
  return s;
}

SlotInfo choice(std::string_view name, std::string_view defaultName, std::string_view choices) {
  SlotInfo s;
  s.name = name;
  s.kind = SlotKind::Choice;
  s.choices = choices;
  s.defaultValue = defaultName.empty() ? kRequired : double(*s.choiceIndex(defaultName));
  return s;
}

std::vector<OpInfo> buildTable() {
  std::vector<OpInfo> table = {
#define OP(Id, Name, Cat, Dom, Tag, Shape, Infix, Summary, ...)                                    \
  OpInfo{Op::Id,           Name,  Category::Cat, Domain::Dom,  Tag,                                \
         JsonShape::Shape, Infix, Summary,       {__VA_ARGS__}},
#include "resin/ir/Ops.def"
  };
  for (OpInfo &info : table) {
    while (info.numPorts < info.slots.size() && info.slots[info.numPorts].isPort())
      ++info.numPorts;
  }
  return table;
}

} // namespace

bool Range::contains(double v) const {
  if (!std::isfinite(v))
    return false;
  if (loOpen ? !(v > lo) : !(v >= lo))
    return false;
  if (hiOpen ? !(v < hi) : !(v <= hi))
    return false;
  return true;
}

std::string Range::str() const {
  if (std::isinf(lo) && std::isinf(hi))
    return "any finite number";
  return std::string(loOpen ? "(" : "[") + formatNumber(lo) + ", " + formatNumber(hi) +
         (hiOpen || std::isinf(hi) ? ")" : "]");
}

std::string_view unitName(ParamUnit unit) {
  switch (unit) {
  case ParamUnit::Samples:
    return "samples";
  case ParamUnit::Seconds:
    return "seconds";
  case ParamUnit::Hertz:
    return "Hz";
  case ParamUnit::None:
    break;
  }
  return "";
}

std::vector<std::string_view> SlotInfo::choiceList() const {
  std::vector<std::string_view> out;
  std::string_view rest = choices;
  while (!rest.empty()) {
    size_t bar = rest.find('|');
    out.push_back(rest.substr(0, bar));
    if (bar == std::string_view::npos)
      break;
    rest.remove_prefix(bar + 1);
  }
  return out;
}

std::optional<int> SlotInfo::choiceIndex(std::string_view word) const {
  auto list = choiceList();
  for (size_t i = 0; i < list.size(); ++i)
    if (list[i] == word)
      return int(i);
  return std::nullopt;
}

std::string_view SlotInfo::choiceName(double index) const {
  auto list = choiceList();
  if (index >= 0 && index < double(list.size()))
    return list[size_t(index)];
  return "?";
}

std::optional<size_t> OpInfo::findSlot(std::string_view key) const {
  for (size_t i = 0; i < slots.size(); ++i)
    if (slots[i].name == key || slots[i].jsonKey() == key)
      return i;
  if (!key.empty() && key.size() < 4 && key.find_first_not_of("0123456789") == key.npos) {
    size_t index = std::stoul(std::string(key));
    if (index < numPorts)
      return index;
  }
  return std::nullopt;
}

const std::vector<OpInfo> &allOps() {
  static const std::vector<OpInfo> table = buildTable();
  return table;
}

const OpInfo &opInfo(Op op) {
  return allOps()[size_t(op)];
}

std::optional<Op> findOp(std::string_view name) {
  static const auto byName = [] {
    std::unordered_map<std::string_view, Op> map;
    for (const OpInfo &info : allOps())
      map.emplace(info.name, info.op);
    return map;
  }();
  auto it = byName.find(name);
  if (it == byName.end())
    return std::nullopt;
  return it->second;
}

std::optional<Op> findOpByJsonTag(std::string_view tag) {
  for (const OpInfo &info : allOps())
    if (!info.jsonTag.empty() && info.jsonTag == tag)
      return info.op;
  return std::nullopt;
}

std::optional<Op> findOpByInfix(std::string_view symbol, bool unary) {
  if (unary)
    return symbol == "-" ? std::optional<Op>(Op::Neg) : std::nullopt;
  for (const OpInfo &info : allOps())
    if (info.infix == symbol && info.op != Op::Neg)
      return info.op;
  return std::nullopt;
}

std::vector<std::string_view> opNames() {
  std::vector<std::string_view> names;
  for (const OpInfo &info : allOps())
    names.push_back(info.name);
  return names;
}

std::string opSignature(const OpInfo &info) {
  std::string out = std::string(info.name) + "(";
  for (size_t s = 0; s < info.slots.size(); ++s) {
    const SlotInfo &slot = info.slots[s];
    if (s)
      out += ", ";
    out += slot.name;
    if (slot.hasDefault())
      out += "=" + (slot.kind == SlotKind::Choice ? std::string(slot.choiceName(slot.defaultValue))
                                                  : formatNumber(slot.defaultValue));
  }
  return out + ")";
}

static bool isRawBiquad(Op op, const std::vector<double> &values) {
  const OpInfo &info = opInfo(Op::Biquad);
  return op == Op::Biquad && values.size() > 1 && values[1] == *info.slots[1].choiceIndex("raw");
}

bool slotRequired(Op op, size_t slot, const std::vector<double> &values) {
  const SlotInfo &info = opInfo(op).slots[slot];
  if (info.hasDefault())
    return false;
  if (isRawBiquad(op, values) && info.name == "freq")
    return false;
  return true;
}

std::optional<std::string> slotForbidden(Op op, size_t slot, const std::vector<double> &values) {
  if (op != Op::Biquad)
    return std::nullopt;
  std::string_view name = opInfo(op).slots[slot].name;
  bool rawOnly = name == "b0" || name == "b1" || name == "b2" || name == "a1" || name == "a2";
  if (rawOnly && !isRawBiquad(op, values))
    return "param '" + std::string(name) + "' applies only to kind=raw";
  if (name == "freq" && isRawBiquad(op, values))
    return std::string("param 'freq' does not apply to kind=raw (give b0 b1 b2 a1 a2)");
  return std::nullopt;
}

} // namespace resin
