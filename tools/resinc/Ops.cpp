// resinc ops [NAME]: the op table from the registry (include/resin/ir/Ops.def)
// and, for one op, its ports, params with defaults and ranges, and exact
// formula (lib/ir/OpFormulas.def), so a user can look an op up without the docs.
#include "CommonFlags.h"

#include "resin/ir/Op.h"
#include "resin/support/Format.h"

#include <cstdio>

namespace resinc {

namespace {

std::string_view kindName(const resin::OpInfo &info) {
  return info.isStateful() ? "stateful" : info.isSource() ? "source" : "pure";
}

std::string_view domainName(const resin::OpInfo &info) {
  switch (info.domain) {
  case resin::Domain::Audio:
    return "audio graphs only";
  case resin::Domain::Field:
    return "fields only";
  case resin::Domain::Both:
    break;
  }
  return "audio graphs and fields";
}

int listOps() {
  std::printf("%-24s %-9s %s\n", "op", "kind", "summary");
  for (const resin::OpInfo &info : resin::allOps())
    std::printf("%-24s %-9s %s\n", std::string(info.name).c_str(),
                std::string(kindName(info)).c_str(), std::string(info.summary).c_str());
  std::printf("\n'resinc ops NAME' shows one op's ports, params and formula.\n");
  return kSuccess;
}

/// How the graph text may write a value of a unit
/// (docs/reference/graph-format.md, "Units and constant expressions").
std::string_view unitExample(resin::ParamUnit unit) {
  switch (unit) {
  case resin::ParamUnit::Samples:
    return "or a time: 300ms, 1.5s";
  case resin::ParamUnit::Seconds:
    return "1.5s, 300ms";
  case resin::ParamUnit::Hertz:
    return "440Hz, 2k";
  case resin::ParamUnit::None:
    break;
  }
  return "";
}

/// "default 440", "required", the range and the enum words of one slot.
std::string describeSlot(const resin::SlotInfo &slot) {
  std::string text;
  switch (slot.kind) {
  case resin::SlotKind::Port:
    text = "signal";
    break;
  case resin::SlotKind::Choice:
    text = "one of " + std::string(slot.choices);
    break;
  case resin::SlotKind::Integer:
    text = "integer in " + slot.range.str();
    break;
  case resin::SlotKind::Number:
    text = slot.range.str() == "any finite number" ? "any finite number"
                                                   : "number in " + slot.range.str();
    break;
  }
  if (slot.mustBeBelowNyquist)
    text += ", below Nyquist";
  if (slot.unit != resin::ParamUnit::None)
    text += "; in " + std::string(resin::unitName(slot.unit)) + " (" +
            std::string(unitExample(slot.unit)) + ")";
  if (!slot.hasDefault())
    text += "; required";
  else if (slot.kind == resin::SlotKind::Choice)
    text += "; default " + std::string(slot.choiceName(slot.defaultValue));
  else
    text += "; default " + resin::formatNumber(slot.defaultValue);
  if (slot.namedOnly)
    text += "; by name only (" + std::string(slot.name) + "=...)";
  if (!slot.fieldKey.empty())
    text += "; field JSON key \"" + std::string(slot.fieldKey) + "\"";
  return text;
}

int showOp(const resin::OpInfo &info) {
  std::printf("%s: %s, %s\n", std::string(info.name).c_str(), std::string(kindName(info)).c_str(),
              std::string(domainName(info)).c_str());
  std::printf("  %s\n\n", std::string(info.summary).c_str());
  std::printf("call: %s\n", resin::opSignature(info).c_str());
  if (!info.infix.empty())
    std::printf("text operator: %s\n",
                info.infix == "?" ? "c ? a : b" : std::string(info.infix).c_str());
  if (!info.jsonTag.empty())
    std::printf("field JSON: \"%s\"\n", std::string(info.jsonTag).c_str());
  for (int params = 0; params < 2; ++params) {
    bool any = false;
    for (const resin::SlotInfo &slot : info.slots)
      if (slot.isPort() != bool(params)) {
        if (!any)
          std::printf("%s:\n", params ? "params" : "ports");
        any = true;
        std::printf("  %-12s %s\n", std::string(slot.name).c_str(), describeSlot(slot).c_str());
      }
  }
  if (std::string_view text = resin::opFormula(info.op); !text.empty()) {
    std::printf("formula:\n");
    for (size_t start = 0; start <= text.size();) {
      size_t end = std::min(text.find('\n', start), text.size());
      std::string line(text.substr(start, end - start));
      std::printf("%s%s\n", line.empty() ? "" : "  ", line.c_str());
      start = end + 1;
    }
  }
  return kSuccess;
}

int opsCommand(const std::string &name) {
  if (name.empty())
    return listOps();
  // The text name, the field JSON tag or the text operator.
  std::optional<resin::Op> op = resin::findOp(name);
  if (!op)
    op = resin::findOpByJsonTag(name);
  if (!op)
    op = resin::findOpByInfix(name, false);
  if (op)
    return showOp(resin::opInfo(*op));
  std::string close = resin::closestMatch(name, resin::opNames());
  std::fprintf(stderr, "resinc: error: unknown op %s%s ('resinc ops' lists them)\n",
               resin::quote(name).c_str(),
               close.empty() ? "" : ("; did you mean '" + close + "'?").c_str());
  return kInputError;
}

} // namespace

Subcommand addOpsCommand(CLI::App &resinc) {
  auto name = std::make_shared<std::string>();
  CLI::App *app = resinc.add_subcommand(
      "ops", "List every op (name, kind, summary), or show one op's ports, params and formula");
  app->add_option("NAME", *name,
                  "an op: its text name (sdf_circle), field JSON tag (SdfCircle) or operator (+)");
  return {app, [name] { return opsCommand(*name); }};
}

} // namespace resinc
