// docs/ops.md is checked against the op table: it must contain the table
// this test generates. RESIN_UPDATE_DOCS=1 rewrites the generated part.
#include "resin/ir/Op.h"

#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

using namespace resin;

static const char *kBegin = "<!-- BEGIN GENERATED OP TABLE -->\n";
static const char *kEnd = "<!-- END GENERATED OP TABLE -->\n";

static std::string generatedTable() {
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

TEST_CASE("docs/ops.md contains the op table as the registry declares it") {
  std::string path = std::string(RESIN_SOURCE_DIR) + "/docs/ops.md";
  std::ifstream in(path);
  std::stringstream buf;
  buf << in.rdbuf();
  std::string doc = buf.str();
  size_t begin = doc.find(kBegin), end = doc.find(kEnd);
  REQUIRE_MESSAGE(begin != std::string::npos, path << " lacks the generated-table markers");
  REQUIRE(end != std::string::npos);
  std::string current = doc.substr(begin, end + std::string(kEnd).size() - begin);
  std::string expected = generatedTable();
  if (current != expected && std::getenv("RESIN_UPDATE_DOCS")) {
    doc.replace(begin, current.size(), expected);
    std::ofstream(path) << doc;
    current = expected;
  }
  CHECK_MESSAGE(
      current == expected,
      "docs/ops.md is out of date; run RESIN_UPDATE_DOCS=1 build/test/unit/resin_unit_tests");
}
