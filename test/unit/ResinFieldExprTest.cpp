// resin's FieldExpr (issue 19): the corpus in test/resin/corpus, written as
// serde_json writes it, evaluated by every engine at -O0 and -O2 against
// test/resin/expected.txt, which test/resin/oracle.rs computes with resin's
// own eval transcribed in Rust (no code shared with resinc). Bit for bit,
// except the documents that call libm (sin cos tan exp ln powf), which stay
// within the math contract (docs/math.md). Also: the bare form, the
// resin-field/1 envelope and the text form give the same IR, and
// --emit resin writes back the same JSON value.
#include "resin/engine/Engine.h"
#include "resin/passes/PassManager.h"
#include "resin/registry/EngineRegistry.h"
#include "resin/support/SourceFile.h"
#include "resin/syntax/FieldJson.h"
#include "resin/syntax/Load.h"
#include "resin/syntax/TextPrinter.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <bit>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using namespace resin;

namespace {

const std::string kDir = std::string(RESIN_SOURCE_DIR) + "/test/resin";

struct Case {
  std::string doc;
  bool libm = false;
  float p[4];
  std::map<std::string, double> vars;
  uint32_t bits;
};

float fromHex(const std::string &h) {
  return std::bit_cast<float>(uint32_t(std::stoul(h, nullptr, 16)));
}

std::vector<Case> readExpected() {
  std::ifstream in(kDir + "/expected.txt");
  std::vector<Case> cases;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#')
      continue;
    std::istringstream fields(line);
    Case c;
    std::string kind, x, y, z, t, vars, result;
    fields >> c.doc >> kind >> x >> y >> z >> t >> vars >> result;
    c.libm = kind == "libm";
    c.p[0] = fromHex(x), c.p[1] = fromHex(y), c.p[2] = fromHex(z), c.p[3] = fromHex(t);
    if (vars != "-") {
      std::istringstream list(vars);
      for (std::string item; std::getline(list, item, ',');) {
        size_t eq = item.find('=');
        c.vars[item.substr(0, eq)] = fromHex(item.substr(eq + 1));
      }
    }
    c.bits = uint32_t(std::stoul(result, nullptr, 16));
    cases.push_back(c);
  }
  return cases;
}

Graph load(const std::string &doc) {
  auto g = loadFile(kDir + "/corpus/" + doc + ".json");
  REQUIRE_MESSAGE(g, (g ? "" : g.errors()[0].str()));
  return *g;
}

/// Distance in float steps (ULP) between two finite floats of the same sign.
int64_t ulpDistance(float a, float b) {
  auto key = [](float f) {
    int32_t i = std::bit_cast<int32_t>(f);
    return i < 0 ? int64_t(INT32_MIN) - i : int64_t(i);
  };
  return std::llabs(key(a) - key(b));
}

} // namespace

TEST_CASE("resin FieldExpr corpus: every engine gives resin's value, bit for bit") {
  std::vector<Case> cases = readExpected();
  REQUIRE(cases.size() > 300);
  std::map<std::string, std::vector<const Case *>> byDoc;
  for (const Case &c : cases)
    byDoc[c.doc].push_back(&c);
  CHECK(byDoc.size() >= 35);
  size_t checked = 0;
  for (int level : {0, 2}) {
    for (const auto &[doc, list] : byDoc) {
      for (std::string_view engine : hostEngineNames()) {
        // Each binding of the free variables is its own compiled field.
        std::map<std::map<std::string, double>, std::unique_ptr<FieldEvaluator>> evaluators;
        for (const Case *c : list) {
          auto &eval = evaluators[c->vars];
          if (!eval) {
            Graph g = load(doc);
            bindVariables(g, c->vars);
            REQUIRE(runPipeline(g, pipelineForLevel(level)));
            auto made = makeFieldEvaluator(engine, g);
            REQUIRE_MESSAGE(made, doc);
            eval = std::move(*made);
          }
          float want = std::bit_cast<float>(c->bits);
          float got = eval->eval(c->p[0], c->p[1], c->p[2], c->p[3]);
          INFO(doc, " engine ", engine, " -O", level, " at ", c->p[0], ",", c->p[1], ",", c->p[2],
               ",", c->p[3], ": want ", want, " got ", got);
          if (std::isnan(want)) {
            CHECK(std::isnan(got));
          } else if (c->libm && std::isfinite(want) && std::isfinite(got) &&
                     std::signbit(want) == std::signbit(got)) {
            CHECK(ulpDistance(want, got) <= (doc == "pow" ? 2 : 1));
          } else {
            CHECK(std::bit_cast<uint32_t>(got) == c->bits);
          }
          ++checked;
        }
      }
    }
  }
  CHECK(checked >= 2 * cases.size());
}

TEST_CASE("resin FieldExpr: the issue's examples") {
  auto value = [](const std::string &doc, float x, float y) {
    auto g = parseSource(SourceFile("t.json", doc), SourceFormat::Json);
    REQUIRE_MESSAGE(g, (g ? "" : g.errors()[0].str()));
    bindVariables(*g, {});
    return (*makeFieldEvaluator("interp", *g))->eval(x, y, 0, 0);
  };
  CHECK(value(R"({"Mod":[{"Sub":["X","Y"]},{"Constant":0.25}]})", 0.3f, 0.7f) ==
        (0.3f - 0.7f) + 0.25f); // -0.15: truncated, the sign of the dividend
  CHECK(value(R"({"Fract":{"Sub":["X","Y"]}})", 0.3f, 0.7f) == 0.3f - 0.7f);
  CHECK(value(R"({"Simplex2":{"x":"X","y":"Y"}})", 2.4f, 5.6f) == 0x1.e4d15cp-3f); // 0.2367
  CHECK(value(R"({"Sign":{"Neg":{"Constant":0.0}}})", 0, 0) == 0.0f);
  CHECK(!std::signbit(value(R"({"Sign":{"Neg":{"Constant":0.0}}})", 0, 0)));
  CHECK(value(R"({"Min":[{"Div":["X","X"]},{"Constant":2.0}]})", 0, 0) == 2.0f); // NaN, 2 -> 2
  CHECK(value(R"({"Max":[{"Constant":2.0},{"Div":["X","X"]}]})", 0, 0) == 2.0f); // 2, NaN -> 2
  // Clamp with min > max (resin panics): the two steps give max.
  CHECK(value(R"({"Clamp":{"value":"X","min":{"Constant":1.0},"max":{"Constant":-1.0}}})", 5, 0) ==
        -1.0f);
  CHECK(value(R"({"Clamp":{"value":"X","min":{"Constant":1.0},"max":{"Constant":-1.0}}})", -5, 0) ==
        -1.0f);
  CHECK(value(R"({"Constant":3.4028235e38})", 0, 0) == 3.40282347e38f);
  CHECK(std::isnan(value(R"({"Fbm2":{"x":"X","y":"Y","octaves":0}})", 0.5f, 0.5f)));
  CHECK(value(R"("Y")", 1, 2) == 2.0f);
}

TEST_CASE("resin FieldExpr: bare form, envelope and text give the same IR") {
  const char *bare =
      R"({"Add":[{"Mul":[{"Var":"freq"},{"SdfBox2":{"x":"X","y":"Y","half_width":0.5,)"
      R"("half_height":0.25}}]},{"Fbm3":{"x":"X","y":"Y","z":"Z","octaves":20}}]})";
  std::string envelope = std::string(R"({"format": "resin-field/1", "expr": )") + bare + "}";
  const char *text = "var freq;\nfreq * sdf_box2(x, y, 0.5, 0.25) + fbm3(x, y, z, 20)\n";
  auto a = parseSource(SourceFile("a.json", bare), SourceFormat::Json);
  auto b = parseSource(SourceFile("b.json", envelope), SourceFormat::Json);
  REQUIRE(a);
  REQUIRE(b);
  std::string why;
  CHECK_MESSAGE(sameIR(*a, *b, &why), why);
  // The text form of the same field, and the text printer's output, read back the same.
  auto printed = parseSource(SourceFile("p.field", printFieldText(*a)), SourceFormat::FieldText);
  REQUIRE_MESSAGE(printed, (printed ? "" : printed.errors()[0].str()));
  CHECK_MESSAGE(sameIR(*a, *printed, &why), why);
  auto c = parseSource(SourceFile("c.field", text), SourceFormat::FieldText);
  REQUIRE_MESSAGE(c, (c ? "" : c.errors()[0].str()));
  CHECK_MESSAGE(sameIR(*a, *c, &why), why);
}

TEST_CASE("resin FieldExpr: --emit resin writes back the same JSON value") {
  for (const auto &entry : std::filesystem::directory_iterator(kDir + "/corpus")) {
    std::ifstream in(entry.path());
    std::stringstream original;
    original << in.rdbuf();
    Graph g = load(entry.path().stem().string());
    auto written = printResinFieldExpr(g, entry.path().string());
    REQUIRE_MESSAGE(written, entry.path().string());
    INFO(entry.path().string(), "\n", *written);
    CHECK(nlohmann::json::parse(*written) == nlohmann::json::parse(original.str()));
  }
}

TEST_CASE("resin FieldExpr: free variables and located errors") {
  auto g =
      parseSource(SourceFile("v.json", R"({"Add":[{"Var":"a"},{"Var":"a"}]})"), SourceFormat::Json);
  REQUIRE(g);
  size_t vars = 0;
  for (const Node &n : g->nodes)
    vars += n.op == Op::Var;
  CHECK(vars == 1); // one node per name
  VariableBinding binding = bindVariables(*g, {{"b", 1.0}});
  CHECK(binding.unbound == std::vector<std::string>{"a"});
  CHECK(binding.unused == std::vector<std::string>{"b"});

  auto bad = parseSource(SourceFile("e.json", "{\n  \"Fbm2\": {\"x\": \"X\", \"y\": \"Y\", "
                                              "\"octaves\": 129}\n}"),
                         SourceFormat::Json);
  REQUIRE(!bad);
  CHECK(bad.errors()[0].str().find("e.json:2:") == 0);
  auto badVar = parseSource(SourceFile("e.json", R"({"Var":"x"})"), SourceFormat::Json);
  REQUIRE(!badVar);
  CHECK(badVar.errors()[0].message.find("x, y, z and t are the inputs") != std::string::npos);
  auto tooBig =
      parseSource(SourceFile("e.json", R"({"Constant":3.4028236e38})"), SourceFormat::Json);
  REQUIRE(!tooBig);
  CHECK(tooBig.errors()[0].message.find("out of range for a float") != std::string::npos);
  // Ops resin does not have cannot be written as its FieldExpr.
  auto tanh = parseSource(SourceFile("t.field", "tanh(x)"), SourceFormat::FieldText);
  REQUIRE(tanh);
  auto written = printResinFieldExpr(*tanh, "t.field");
  REQUIRE(!written);
  CHECK(written.errors()[0].str().find("t.field:1:1:") == 0);
}
