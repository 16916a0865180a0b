// The field text form: lets, variables, operators, functions, errors.
#include "TestUtil.h"

using namespace resin;
using namespace resin::test;

static const char *kTerrain = R"(# terrain.field
let h = fbm2(x * 3, y * 3, octaves=6);
let ridge = 1 - abs(h * 2 - 1);
mix(h, ridge * ridge, smoothstep(0.3, 0.7, y))
)";

TEST_CASE("the field language's terrain example") {
  Graph g = parseOk(kTerrain, SourceFormat::FieldText);
  CHECK(g.isField());
  auto outs = g.outputsByChannel();
  REQUIRE(outs.size() == 1);
  const Node &mix = g[g[outs[0]].inputs[0]];
  CHECK(mix.op == Op::Mix);
  const Node &h = g[mix.inputs[0]];
  CHECK(h.name == "h");
  CHECK(h.op == Op::Fbm2);
  CHECK(h.value("octaves") == 6);
  CHECK(h.value("lacunarity") == 2);
  const Node &smooth = g[mix.inputs[2]];
  CHECK(smooth.op == Op::Smoothstep);
  CHECK(smooth.value("edge0") == 0.3); // literal arguments are port values
  CHECK_FALSE(smooth.wired(0));
  CHECK(g[smooth.inputs[2]].op == Op::Input);
  CHECK(g[smooth.inputs[2]].value("channel") == 1);
  // x and y are one input node each, shared by every use.
  size_t inputs = 0;
  for (const Node &n : g.nodes)
    inputs += n.op == Op::Input;
  CHECK(inputs == 2);
}

TEST_CASE("operators build their ops; comparisons and select") {
  Graph g = parseOk("x > 0.5 ? x % 2 : -y ^ 2", SourceFormat::FieldText);
  const Node &sel = g[g[g.outputsByChannel()[0]].inputs[0]];
  CHECK(sel.op == Op::Select);
  CHECK(g[sel.inputs[0]].op == Op::Gt);
  CHECK(g[sel.inputs[1]].op == Op::Mod);
  CHECK(g[sel.inputs[2]].op == Op::Neg);
  CHECK(g[g[sel.inputs[2]].inputs[0]].op == Op::Pow);
}

TEST_CASE("field text errors") {
  auto err = [](const std::string &text) { return firstError(text, SourceFormat::FieldText); };
  CHECK(err("let a = b;\nlet b = x;\na") ==
        "test:1:9: 'b' is used before it is bound (its let is at 2:5)");
  CHECK(err("fbm2(x, y, octaves=129)") ==
        "test:1:20: param 'octaves' of 'fbm2' expression is 129, outside [0, 128]");
  CHECK(err("fbm2(x, y, octaves=-1)") ==
        "test:1:20: param 'octaves' of 'fbm2' expression is -1, outside [0, 128]");
  CHECK(err("var a;\nlet a = x;\na") == "test:2:5: 'a' is already bound");
  CHECK(err("perlin2(x)").starts_with("test:1:1: missing argument 'y' in the call to 'perlin2'"));
  CHECK(err("clamp(x, 0, 1, 2)").starts_with("test:1:16: too many arguments"));
  CHECK(err("sine(x)") == "test:1:1: unknown op 'sine'; did you mean 'sin'?");
  CHECK(err("osc(freq=5)") == "test:1:1: op 'osc' is not available in fields (it needs audio "
                              "time or state)");
  CHECK(err("let x = 1;\nx") == "test:1:5: cannot bind 'x': x, y, z and t are the inputs");
  CHECK(err("let a = 1;\nlet a = 2;\na") == "test:2:5: 'a' is already bound");
  CHECK(err("let a = 1\na") == "test:2:1: expected ';' after the let's expression, found name 'a'");
  CHECK(err("") == "test:1:1: expected the field's result expression, found end of file");
  CHECK(err("x y") == "test:1:3: expected end of file after the result expression, found name 'y'");
  CHECK(err("u + 1") == "test:1:1: unknown name 'u'");
  CHECK(err("fbm2(x, y, basis=value)").starts_with("test:1:18: unknown basis 'value'"));
}
