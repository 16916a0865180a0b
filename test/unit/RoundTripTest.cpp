// Round trip: parse, print, parse gives the same IR, for every file in
// graphs/ and in every format; and the text and JSON files of one example
// give the same IR.
#include "TestUtil.h"

#include "resin/syntax/FieldJson.h"
#include "resin/syntax/GraphJson.h"
#include "resin/syntax/TextPrinter.h"

#include <filesystem>

using namespace resin;
using namespace resin::test;
namespace fs = std::filesystem;

static std::vector<fs::path> exampleFiles() {
  std::vector<fs::path> files;
  for (const auto &entry : fs::directory_iterator(RESIN_GRAPHS_DIR))
    if (formatFromPath(entry.path().string()))
      files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

static Graph load(const fs::path &path) {
  auto g = loadFile(path.string());
  if (!g)
    FAIL(g.errors()[0].str());
  return std::move(*g);
}

TEST_CASE("graphs/ holds both forms of every example") {
  std::vector<fs::path> files = exampleFiles();
  CHECK(files.size() >= 22);
  for (const fs::path &p : files) {
    if (p.extension() == ".json")
      continue;
    CAPTURE(p);
    fs::path json = p;
    json.replace_extension(".json");
    CHECK(fs::exists(json));
  }
}

TEST_CASE("round trip through both printers for every example") {
  for (const fs::path &path : exampleFiles()) {
    CAPTURE(path);
    Graph g = load(path);
    bool field = g.isField();
    std::string text = field ? printFieldText(g) : printGraphText(g);
    std::string json = field ? printFieldJson(g) : printGraphJson(g);
    std::string why;

    auto fromText = parse(text, field ? SourceFormat::FieldText : SourceFormat::GraphText);
    REQUIRE_MESSAGE(fromText, (fromText ? "" : fromText.errors()[0].str()) << "\n" << text);
    CHECK_MESSAGE(sameIR(g, *fromText, &why), why << "\n" << text);

    auto fromJson = parse(json, SourceFormat::Json);
    REQUIRE_MESSAGE(fromJson, (fromJson ? "" : fromJson.errors()[0].str()) << "\n" << json);
    CHECK_MESSAGE(sameIR(g, *fromJson, &why), why << "\n" << json);

    // Printing is stable: the reread graph prints the same again.
    CHECK((field ? printFieldText(*fromText) : printGraphText(*fromText)) == text);
    CHECK((field ? printFieldJson(*fromJson) : printGraphJson(*fromJson)) == json);
  }
}

TEST_CASE("the text and JSON files of one example give the same IR") {
  for (const fs::path &path : exampleFiles()) {
    if (path.extension() == ".json")
      continue;
    fs::path jsonPath = path;
    jsonPath.replace_extension(".json");
    if (!fs::exists(jsonPath))
      continue;
    CAPTURE(path);
    std::string why;
    CHECK_MESSAGE(sameIR(load(path), load(jsonPath), &why), why);
  }
}

TEST_CASE("round trip of tricky literals and operators") {
  const char *fields[] = {"-(3) + x",
                          "x * -0.5",
                          "(-2) ^ x",
                          "-x ^ 2",
                          "x ^ -2",
                          "(x ^ 2) ^ 3",
                          "x - (y - z)",
                          "x / (y * z)",
                          "-(x + y)",
                          "x < y == (z > t)",
                          "x > 0.5 ? y : z ? 1 : 2",
                          "(x ? y : z) ? 1 : 2",
                          "clamp(x, -1, const(1))",
                          "mix(x, y, 0.25) % 1e-07",
                          "let a = 0.1; a * a + sin(a)",
                          "fbm2(x, y, octaves=3, basis=simplex, seed=-7)",
                          "2",
                          "const(2)",
                          "-0 * x",
                          "x * 1e+30"};
  for (const char *text : fields) {
    CAPTURE(text);
    Graph g = parseOk(text, SourceFormat::FieldText);
    std::string printed = printFieldText(g), why;
    auto again = parse(printed, SourceFormat::FieldText);
    REQUIRE_MESSAGE(again, printed);
    CHECK_MESSAGE(sameIR(g, *again, &why), why << "\n" << printed);
    auto json = parse(printFieldJson(g), SourceFormat::Json);
    REQUIRE(json);
    CHECK_MESSAGE(sameIR(g, *json, &why), why);
  }
}

TEST_CASE("round trip of graphs the text form writes differently") {
  // Named outputs, several edges summed into one port, dead nodes, and a
  // long single-use chain that the printer splits into statements.
  std::string chain = "input x\ny = x";
  for (int i = 0; i < 300; ++i)
    chain += " -> gain(1.5)";
  chain += "\noutput y\n";
  const char *sources[] = {
      R"({"format": "resin-graph/1", "nodes": [{"id": "a", "type": "input"},
         {"id": "o", "type": "output", "params": {"channel": 0}},
         {"id": "p", "type": "output", "params": {"channel": 1}}],
         "edges": [["a", "o"], ["a", "o"], ["a", "p"]]})",
      R"({"format": "resin-graph/1", "nodes": [{"id": "a", "type": "input"},
         {"id": "unused", "type": "sin"}, {"id": "o", "type": "output"}],
         "edges": [["a", "o"], ["a", "unused"]]})",
  };
  std::vector<std::pair<std::string, SourceFormat>> cases;
  for (const char *s : sources)
    cases.push_back({s, SourceFormat::Json});
  cases.push_back({chain, SourceFormat::GraphText});
  for (auto &[source, format] : cases) {
    Graph g = parseOk(source, format);
    std::string why, text = printGraphText(g);
    auto again = parse(text, SourceFormat::GraphText);
    REQUIRE_MESSAGE(again, text);
    CHECK_MESSAGE(sameIR(g, *again, &why), why << "\n" << text);
    auto json = parse(printGraphJson(g), SourceFormat::Json);
    REQUIRE(json);
    CHECK_MESSAGE(sameIR(g, *json, &why), why);
  }
}
