// The JSON forms: located values, graph and field documents, errors.
#include "TestUtil.h"

#include "resin/syntax/FieldJson.h"
#include "resin/syntax/GraphJson.h"
#include "resin/syntax/JsonDocument.h"

using namespace resin;
using namespace resin::test;

TEST_CASE("located JSON: every value and key has its line and column") {
  SourceFile file("t.json", "{\n  \"a\": [1, {\"b\": \"c\"}],\n  \"d\": null\n}");
  auto doc = parseJson(file);
  REQUIRE(doc);
  CHECK(doc->at("/a") == SourceLoc{2, 8});
  CHECK(doc->at("/a/0") == SourceLoc{2, 9});
  CHECK(doc->at("/a/1/b") == SourceLoc{2, 18});
  CHECK(doc->keyAt("/a/1/b") == SourceLoc{2, 13});
  CHECK(doc->at("/d") == SourceLoc{3, 8});
  CHECK(doc->keyAt("/d") == SourceLoc{3, 3});
}

TEST_CASE("JSON syntax errors, duplicate keys and depth are located errors") {
  auto err = [](const std::string &text) {
    SourceFile file("t.json", text);
    auto doc = parseJson(file);
    return doc ? std::string() : doc.errors()[0].str();
  };
  CHECK(err("{\"a\": 1,}").starts_with("t.json:1:9: invalid JSON: syntax error"));
  CHECK(err("").starts_with("t.json:1:1: invalid JSON"));
  CHECK(err("{\"a\": 1, \"a\": 2}") == "t.json:1:10: duplicate key 'a'");
  CHECK(err(std::string(1000, '[')).starts_with("t.json:1:513: JSON nested too deeply"));
  CHECK(contains(err("{\"a\": \"\xff\"}"), "invalid JSON"));
}

static const char *kTremolo = R"({
  "format": "resin-graph/1",
  "name": "tremolo",
  "sample_rate": 44100,
  "nodes": [
    {"id": "in",   "type": "input", "params": {"channel": 0}},
    {"id": "lfo",  "type": "osc",   "params": {"wave": "sine", "freq": 5}},
    {"id": "dep",  "type": "affine","params": {"gain": 0.25, "offset": 0.75}},
    {"id": "trem", "type": "mul"},
    {"id": "out",  "type": "output"}
  ],
  "edges": [["in", "trem:a"], ["lfo", "dep"], ["dep", "trem:b"], ["trem", "out"]]
})";

TEST_CASE("the graph format's JSON example") {
  Graph g = parseOk(kTremolo, SourceFormat::Json);
  CHECK(g.name == "tremolo");
  REQUIRE(g.size() == 5);
  CHECK(g[3].op == Op::Mul);
  CHECK(g[3].inputs[0] == 0);
  CHECK(g[3].inputs[1] == 2);
  CHECK(g[2].value("gain") == 0.25);
  CHECK(g[4].inputs[0] == 3);
}

TEST_CASE("several edges into one port are summed in edge order") {
  Graph g = parseOk(R"({"format": "resin-graph/1", "nodes": [
      {"id": "a", "type": "input"}, {"id": "b", "type": "input", "params": {"channel": 1}},
      {"id": "c", "type": "const", "params": {"value": 2}}, {"id": "out", "type": "output"}],
    "edges": [["a", "out"], ["b", "out:in"], ["c", "out:0"]]})",
                    SourceFormat::Json);
  const Node &out = g[3];
  const Node &outer = g[out.inputs[0]];
  CHECK(outer.op == Op::Add);
  CHECK(outer.inputs[1] == 2);
  const Node &inner = g[outer.inputs[0]];
  CHECK(inner.op == Op::Add);
  CHECK(inner.inputs[0] == 0);
  CHECK(inner.inputs[1] == 1);
}

TEST_CASE("graph JSON errors point at the offending value") {
  auto err = [](const std::string &text) { return firstError(text, SourceFormat::Json); };
  std::string head = "{\"format\": \"resin-graph/1\", \"nodes\": [";
  CHECK(err("{\"format\": \"resin-graph/2\"}") ==
        "test:1:12: unsupported format version 'resin-graph/2' (this resinc reads resin-graph/1)");
  // One key and no "format": resin's bare FieldExpr, whose variant this is not.
  CHECK(err("{\"nodes\": []}").starts_with("test:1:2: unknown expression tag 'nodes'"));
  CHECK(err("{\"nodes\": [], \"edges\": []}").starts_with("test:1:1: missing \"format\""));
  CHECK(err("[1]").starts_with("test:1:1: a resin JSON file is an object"));
  CHECK(err(head + "{\"id\": \"a\", \"type\": \"gian\"}]}") ==
        "test:1:59: unknown op 'gian'; did you mean 'gain'?");
  CHECK(err(head + "{\"id\": \"a\", \"type\": \"osc\", \"params\": {\"fre\": 5}}]}") ==
        "test:1:77: op 'osc' has no param 'fre'; did you mean 'freq'?");
  // Two swapped letters are one edit: "gian" is "gain", not the port "in".
  CHECK(err(head + "{\"id\": \"a\", \"type\": \"gain\", \"params\": {\"gian\": 2}}]}") ==
        "test:1:78: op 'gain' has no param 'gian'; did you mean 'gain'?");
  CHECK(err(head + "{\"id\": \"a\", \"type\": \"sdf_union\"}]}") ==
        "test:1:59: unknown op 'sdf_union'; did you mean 'sdf_smooth_union'?");
  CHECK(err(head + "{\"id\": \"a\", \"type\": \"osc\", \"params\": {\"freq\": \"5\"}}]}") ==
        "test:1:85: param 'freq' of node 'a' must be a number, not a string (a string is an "
        "expression of params, and '5' reads none)");
  CHECK(
      err(head + "{\"id\": \"a\", \"type\": \"input\"}, {\"id\": \"a\", \"type\": \"input\"}]}") ==
      "test:1:76: duplicate node id 'a' (first at 1:39)");
  CHECK(err(head + "{\"id\": \"a\", \"type\": \"input\"}, {\"id\": \"o\", \"type\": \"output\"}], "
                   "\"edges\": [[\"a\", \"o:inn\"]]}") ==
        "test:1:117: op 'output' has no port 'inn'; did you mean 'in'?");
  CHECK(err(head + "{\"id\": \"a\", \"type\": \"input\"}, {\"id\": \"o\", \"type\": \"output\"}], "
                   "\"edges\": [[\"b\", \"o\"]]}") == "test:1:112: edge names unknown node 'b'");
  CHECK(err(head + "{\"id\": \"a\", \"type\": \"input\"}, {\"id\": \"o\", \"type\": \"output\"}], "
                   "\"edges\": [[\"a\", \"o:channel\"]]}") ==
        "test:1:117: 'channel' of op 'output' is a const param and cannot be wired");
  CHECK(err(head + "{\"id\": \"i\", \"type\": \"input\"}, {\"id\": \"a\", \"type\": \"biquad\", "
                   "\"params\": {\"kind\": \"lowpass\", \"freq\": 100, \"q\": 0}}], \"edges\": "
                   "[[\"i\", \"a\"]]}") ==
        "test:1:147: param 'q' of node 'a' is 0, outside (0, inf)");
  CHECK(err(head + "{\"id\": \"a\", \"type\": \"const\", \"params\": {\"value\": 1e999}}]}") ==
        "test:1:88: number '1e999' is out of range for a float");
  CHECK(contains(err(head + "], \"nodez\": 1}"), "unknown key 'nodez'"));
}

TEST_CASE("field JSON: FieldExpr tags, numbers as port values, lets") {
  Graph g = parseOk(R"({"format": "resin-field/1",
    "lets": [{"name": "h", "expr": {"Fbm2": {"x": "X", "y": {"Mul": ["Y", 3]}, "octaves": 6}}}],
    "expr": {"Lerp": {"a": {"Var": "h"}, "b": {"Constant": 1}, "t": {"Var": "h"}}}})",
                    SourceFormat::Json);
  CHECK(g.isField());
  const Node &mix = g[g[g.outputsByChannel()[0]].inputs[0]];
  CHECK(mix.op == Op::Mix);
  CHECK(mix.inputs[0] == mix.inputs[2]);
  CHECK(g[mix.inputs[0]].name == "h");
  CHECK(g[mix.inputs[1]].op == Op::Const);
  const Node &fbm = g[mix.inputs[0]];
  CHECK(fbm.value("octaves") == 6);
  const Node &mul = g[fbm.inputs[1]];
  CHECK(mul.value("b") == 3);
  CHECK_FALSE(mul.wired(1));
}

TEST_CASE("field JSON errors") {
  auto err = [](const std::string &expr) {
    return firstError("{\"format\": \"resin-field/1\", \"expr\": " + expr + "}",
                      SourceFormat::Json);
  };
  CHECK(err("{\"Fbm2\": {\"x\": \"X\", \"y\": \"Y\", \"octaves\": 129}}") ==
        "test:1:78: param 'octaves' of 'fbm2' expression is 129, outside [0, 128]");
  CHECK(err("{\"Add\": [\"X\"]}") == "test:1:45: 'Add' takes an array of 2 expressions");
  CHECK(err("{\"Perlin2\": {\"x\": \"X\"}}") == "test:1:37: 'Perlin2' is missing its argument 'y'");
  CHECK(err("{\"Sine\": \"X\"}") ==
        "test:1:38: unknown expression tag 'Sine'; did you mean 'Sin'?");
  CHECK(err("\"W\"") == "test:1:37: unknown variable 'W' (one of \"X\", \"Y\", \"Z\", \"T\")");
  CHECK(err("{\"Var\": \"h\"}") == ""); // not a let: a free variable
  CHECK(err("{\"Var\": \"t\"}").starts_with("test:1:45: a variable cannot be named 't'"));
  CHECK(err("{\"Clamp\": {\"value\": \"X\", \"min\": 0, \"mx\": 1}}") ==
        "test:1:72: 'Clamp' has no argument 'mx'; did you mean 'max'?");
}
