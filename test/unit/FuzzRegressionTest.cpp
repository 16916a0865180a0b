// Regressions found by the fuzzers (fuzz/, docs/reliability.md): each case is
// the minimized input that broke a property, checked for that property.
#include "TestUtil.h"

#include "resin/syntax/FieldJson.h"
#include "resin/syntax/GraphJson.h"
#include "resin/syntax/TextPrinter.h"

using namespace resin;
using namespace resin::test;

namespace {

/// Both printers give a source that reads back as the same IR.
void checkRoundTrip(const Graph &g) {
  bool field = g.isField();
  std::string text = field ? printFieldText(g) : printGraphText(g);
  std::string json = field ? printFieldJson(g) : printGraphJson(g);
  std::string why;
  Graph fromText = parseOk(text, field ? SourceFormat::FieldText : SourceFormat::GraphText);
  CHECK_MESSAGE(sameIR(g, fromText, &why), why << "\n" << text);
  Graph fromJson = parseOk(json, SourceFormat::Json);
  CHECK_MESSAGE(sameIR(g, fromJson, &why), why << "\n" << json);
}

} // namespace

// fuzz_field_text: an unused let that only names a variable leaves an input
// node nobody reads; the printers dropped it, so the IR read back had one
// node less. They now write it as a let aliasing the variable.
TEST_CASE("fuzz regression: an unread field input survives printing") {
  Graph g = parseOk("let a = x;\nlet i = y;\na\n", SourceFormat::FieldText);
  CHECK(g.size() == 3); // x, y, output
  CHECK(printFieldText(g) == "let v_1 = y;\nx\n");
  CHECK(contains(printFieldJson(g), R"({"name":"v_1","expr":"Y"})"));
  checkRoundTrip(g);

  Graph json = parseOk(R"({"format": "resin-field/1", "lets": [{"name": "i", "expr": "Z"}],
                           "expr": "X"})",
                       SourceFormat::Json);
  CHECK(json.size() == 3);
  checkRoundTrip(json);
}
