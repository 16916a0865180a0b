// docs/ops.md is checked against the op table: it must contain the table and
// the formulas (lib/ir/OpFormulas.def) this test generates.
// RESIN_UPDATE_DOCS=1 rewrites the generated parts.
#include "resin/ir/Op.h"

#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string_view>
#include <vector>

using namespace resin;

namespace {

const char *kBegin = "<!-- BEGIN GENERATED OP TABLE -->\n";
const char *kEnd = "<!-- END GENERATED OP TABLE -->\n";
const char *kFormulasBegin = "<!-- BEGIN GENERATED FORMULAS -->\n";
const char *kFormulasEnd = "<!-- END GENERATED FORMULAS -->\n";

struct Formula {
  Op op;
  std::string_view id;
  std::string_view text;
};

const Formula kFormulas[] = {
#define FORMULA(Id, Text) {Op::Id, #Id, Text},
#include "ir/OpFormulas.def"
};

/// The formula text without the blank lines around it.
std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == '\n' || text.front() == ' '))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
    text.remove_suffix(1);
  return text;
}

std::string generatedTable() {
  std::string out = kBegin;
  out += "\n| op | call | category | in | field JSON | params: range | y |\n";
  out += "|---|---|---|---|---|---|---|\n";
  for (const OpInfo &info : allOps()) {
    std::string ranges;
    for (const SlotInfo &slot : info.slots) {
      if (slot.isPort())
        continue;
      if (!ranges.empty())
        ranges += "; ";
      ranges += std::string(slot.name) + ": " +
                (slot.kind == SlotKind::Choice
                     ? std::string(slot.choices)
                     : (slot.kind == SlotKind::Integer ? "integer " : "") + slot.range.str()) +
                (slot.mustBeBelowNyquist ? ", below Nyquist" : "");
    }
    std::string summary(info.summary);
    for (size_t pos = 0; (pos = summary.find('|', pos)) != std::string::npos; pos += 2)
      summary.replace(pos, 1, "\\|");
    std::string tag = info.jsonTag.empty() ? "" : "`" + std::string(info.jsonTag) + "`";
    if (!info.infix.empty())
      tag += " (text: `" + std::string(info.infix == "?" ? "c ? a : b" : info.infix) + "`)";
    out += "| " + std::string(info.name) + " | `" + opSignature(info) + "` | " +
           (info.isStateful() ? "stateful" : "pure") + " | " +
           (info.domain == Domain::Both    ? "both"
            : info.domain == Domain::Audio ? "audio"
                                           : "field") +
           " | " + tag + " | " + ranges + " | " + summary + " |\n";
  }
  return out + "\n" + kEnd;
}

/// One `### name` section per op, in table order, with its formula.
std::string generatedFormulas() {
  std::string out = kFormulasBegin;
  for (const Formula &f : kFormulas) {
    const OpInfo &info = opInfo(f.op);
    out += "\n### " + std::string(info.name) + "\n\n`" + opSignature(info) + "`, " +
           (info.isStateful() ? "stateful" : "pure") + ".\n\n" + std::string(trimmed(f.text)) +
           "\n";
  }
  return out + "\n" + kFormulasEnd;
}

/// Checks that docs/ops.md holds `expected` between `begin` and `end`
/// (rewriting it under RESIN_UPDATE_DOCS).
void checkGenerated(const char *begin, const char *end, const std::string &expected) {
  std::string path = std::string(RESIN_SOURCE_DIR) + "/docs/ops.md";
  std::ifstream in(path);
  std::stringstream buf;
  buf << in.rdbuf();
  std::string doc = buf.str();
  size_t from = doc.find(begin), to = doc.find(end);
  REQUIRE_MESSAGE(from != std::string::npos, path << " lacks the marker " << begin);
  REQUIRE_MESSAGE(to != std::string::npos, path << " lacks the marker " << end);
  REQUIRE(from < to);
  std::string current = doc.substr(from, to + std::string(end).size() - from);
  if (current != expected && std::getenv("RESIN_UPDATE_DOCS")) {
    doc.replace(from, current.size(), expected);
    std::ofstream(path) << doc;
    current = expected;
  }
  CHECK_MESSAGE(current == expected, "docs/ops.md is out of date; run RESIN_UPDATE_DOCS=1 "
                                     "<build>/test/unit/resin_unit_tests -tc=\"docs*\"");
}

} // namespace

TEST_CASE("docs/ops.md contains the op table as the registry declares it") {
  checkGenerated(kBegin, kEnd, generatedTable());
}

TEST_CASE("docs: OpFormulas.def has exactly one formula per op, in table order") {
  const std::vector<OpInfo> &ops = allOps();
  CHECK(std::size(kFormulas) == ops.size());
  for (size_t i = 0; i < std::size(kFormulas) && i < ops.size(); ++i) {
    CAPTURE(ops[i].name);
    CHECK_MESSAGE(kFormulas[i].op == ops[i].op, "OpFormulas.def entry "
                                                    << i << " is " << kFormulas[i].id
                                                    << ", expected " << opInfo(ops[i].op).name);
    CHECK_MESSAGE(!trimmed(kFormulas[i].text).empty(), "empty formula");
  }
  for (size_t i = 0; i < std::size(kFormulas); ++i)
    for (size_t j = i + 1; j < std::size(kFormulas); ++j)
      CHECK_MESSAGE(kFormulas[i].op != kFormulas[j].op, kFormulas[i].id << " has two formulas");
}

TEST_CASE("docs/ops.md contains the formulas of OpFormulas.def") {
  checkGenerated(kFormulasBegin, kFormulasEnd, generatedFormulas());
}
