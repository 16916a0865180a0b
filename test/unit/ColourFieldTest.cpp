// Colour results of fields (docs/reference/field-language.md, "Colour
// results"): `output r, g, b[, a]` and the JSON array read and print back,
// the verifier's channel counts, and interp and native evaluating every
// channel (eval gives channel 0).
#include "TestUtil.h"

#include "resin/registry/EngineRegistry.h"
#include "resin/syntax/FieldJson.h"
#include "resin/syntax/TextPrinter.h"

using namespace resin;
using namespace resin::test;

TEST_CASE("colour fields: output r, g, b[, a] in both forms, printed back") {
  Graph g = parseOk("let r = x * 2;\noutput r, y, 0.5, r + y", SourceFormat::FieldText);
  REQUIRE(g.outputsByChannel().size() == 4);
  std::string text = printFieldText(g);
  CHECK(contains(text, "output r, y, 0.5, r + y\n"));
  std::string why;
  auto fromText = parse(text, SourceFormat::FieldText);
  REQUIRE(fromText);
  CHECK_MESSAGE(sameIR(g, *fromText, &why), why);
  std::string json = printFieldJson(g);
  CHECK(contains(json, "\"expr\": [{\"Var\":\"r\"},\"Y\",0.5,"));
  auto fromJson = parse(json, SourceFormat::Json);
  REQUIRE(fromJson);
  CHECK_MESSAGE(sameIR(g, *fromJson, &why), why);
  // A let may still be called output; then `output` is that value.
  Graph named = parseOk("let output = x;\noutput * 2", SourceFormat::FieldText);
  CHECK(named.outputsByChannel().size() == 1);
}

TEST_CASE("colour fields: 1, 3 or 4 channels") {
  CHECK(firstError("output x, y", SourceFormat::FieldText) ==
        "test:1:11: a field has one result or a colour of 3 or 4 channels (output r, g, b[, a]), "
        "not 2");
  CHECK(contains(firstError("output x, y, z, t, x", SourceFormat::FieldText), "not 5"));
  CHECK(
      contains(firstError(R"({"format": "resin-field/1", "expr": ["X", "Y"]})", SourceFormat::Json),
               "a colour \"expr\" is an array of 3 or 4 expressions"));
}

TEST_CASE("colour fields: interp and native give every channel, eval the first") {
  Graph g = parseOk("output x, y * 2, x + y", SourceFormat::FieldText);
  for (const char *engine : {"interp", "native"}) {
    CAPTURE(engine);
    auto f = makeFieldEvaluator(engine, g);
    REQUIRE(f);
    CHECK((*f)->numChannels() == 3);
    float v[4] = {};
    (*f)->evalChannels(0.25f, 0.5f, 0, 0, v);
    CHECK(v[0] == 0.25f);
    CHECK(v[1] == 1.0f);
    CHECK(v[2] == 0.75f);
    CHECK((*f)->eval(0.25f, 0.5f, 0, 0) == 0.25f);
    float r[3], gr[3], b[3];
    float *rows[3] = {r, gr, b};
    (*f)->rowChannels(0.0f, 0.5f, 0.25f, 0, 0, rows, 3);
    CHECK(r[2] == 1.0f);
    CHECK(gr[1] == 0.5f);
    CHECK(b[1] == 0.75f);
  }
  auto jit = makeFieldEvaluator("jit-baseline", g);
  REQUIRE_FALSE(jit);
  CHECK(contains(jit.errors()[0].message, "cannot evaluate a colour field"));
}
