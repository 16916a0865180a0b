// The graph text form: statements, forward references, literals, errors.
#include "TestUtil.h"

#include "resin/syntax/TextPrinter.h"

using namespace resin;
using namespace resin::test;

static const char *kEcho = R"(sample_rate 48000
input x                      # input channel 0
lfo  = osc(wave=sine, freq=5)
echo = x + delay(echo, 11025) * 0.5     # feedback through a delay
output x * (lfo * 0.25 + 0.75), echo    # output channels 0 and 1
)";

static NodeId named(const Graph &g, const std::string &name) {
  for (NodeId id = 0; id < g.size(); ++id)
    if (g[id].name == name)
      return id;
  FAIL("no node " << name);
  return kNoNode;
}

TEST_CASE("the graph format's example: inputs, feedback through a delay, two outputs") {
  Graph g = parseOk(kEcho, SourceFormat::GraphText);
  CHECK(g.sampleRate == 48000);
  CHECK(g.inputsByChannel().size() == 1);
  REQUIRE(g.outputsByChannel().size() == 2);
  const Node &echo = g[named(g, "echo")];
  CHECK(echo.op == Op::Add);
  const Node &product = g[echo.inputs[1]];
  CHECK(product.op == Op::Mul);
  const Node &delay = g[product.inputs[0]];
  CHECK(delay.op == Op::Delay);
  CHECK(delay.value("samples") == 11025);
  CHECK(delay.inputs[0] == named(g, "echo"));
  const Node &half = g[product.inputs[1]];
  CHECK(half.op == Op::Const); // a literal in an operator expression is a const node
  CHECK(half.value("value") == 0.5);
  const Node &lfo = g[named(g, "lfo")];
  CHECK(lfo.value("freq") == 5);
  CHECK(lfo.value("wave") == 0);
  CHECK(g[g.outputsByChannel()[1]].inputs[0] == named(g, "echo"));
}

TEST_CASE("a literal argument is the port's value; a pipe fills the first port") {
  Graph g =
      parseOk("input x\ny = x -> gain(0.5) -> offset(-1)\noutput y\n", SourceFormat::GraphText);
  CHECK(g.size() == 4);
  const Node &offset = g[named(g, "y")];
  CHECK(offset.op == Op::Offset);
  CHECK(offset.value("offset") == -1);
  CHECK_FALSE(offset.wired(1));
  const Node &gain = g[offset.inputs[0]];
  CHECK(gain.op == Op::Gain);
  CHECK(gain.value("gain") == 0.5);
  CHECK(gain.inputs[0] == named(g, "x"));
}

TEST_CASE("aliases, several inputs and outputs, the graph name") {
  Graph g = parseOk("name stereo\ninput l, r\nm = mid\nmid = (l + r) * 0.5\noutput m, m\n",
                    SourceFormat::GraphText);
  CHECK(g.name == "stereo");
  CHECK(g.inputsByChannel().size() == 2);
  CHECK(g[g.inputsByChannel()[1]].name == "r");
  auto outs = g.outputsByChannel();
  REQUIRE(outs.size() == 2);
  CHECK(g[outs[0]].inputs[0] == named(g, "mid"));
  CHECK(g[outs[1]].value("channel") == 1);
}

TEST_CASE("graph text errors are located and say what is wrong") {
  auto err = [](const std::string &text) { return firstError(text, SourceFormat::GraphText); };
  CHECK(err("input x\ny = gian(x)\noutput y\n") ==
        "test:2:5: unknown op 'gian'; did you mean 'gain'?");
  CHECK(err("input x\ny = osc(wave=sqare)\noutput y\n") ==
        "test:2:14: unknown wave 'sqare' for 'osc' (one of sine|saw|square|triangle|pulse); did "
        "you mean 'square'?");
  CHECK(err("input x\ny = gain(x, volume=2)\noutput y\n")
            .starts_with("test:2:13: 'gain' has no port or param 'volume'"));
  CHECK(err("input x\ny = sin(x, 1)\noutput y\n")
            .starts_with("test:2:12: too many arguments in the call to 'sin'"));
  CHECK(err("input x\ny = delay(x)\noutput y\n")
            .starts_with("test:2:5: missing argument 'samples' in the call to 'delay'"));
  CHECK(err("input x\ny = x + z\noutput y\n") == "test:2:9: unknown name 'z'");
  CHECK(err("input x\ny = x\ny = x * 2\noutput y\n").find("already defined") != std::string::npos);
  CHECK(err("input x\na = b\nb = a\noutput a\n").find("alias cycle") != std::string::npos);
  CHECK(err("input x\ny = x\n") == "test:1:1: graph has no output (add an 'output' statement or "
                                   "node)");
  CHECK(err("input x\ny = onepole(x, mode=lowpass, cutoff=30000)\noutput y\n") ==
        "test:2:37: param 'cutoff' of node 'y' is 30000, at or above Nyquist (22050 Hz at "
        "sample_rate 44100)");
  CHECK(err("input x\ny = delay(x, 1.5)\noutput y\n") ==
        "test:2:14: param 'samples' of node 'y' must be an integer, not 1.5");
  CHECK(err("input x\ny = delay(x, samples=x)\noutput y\n")
            .find("is a constant and takes a number") != std::string::npos);
  CHECK(err("input x\ny = x +\noutput y\n") == "test:2:8: expected an expression, found end of "
                                               "line");
  CHECK(err("sample_rate 0\ninput x\noutput x\n").find("sample_rate 0 is out of range") !=
        std::string::npos);
}

TEST_CASE("a cycle without a delay names its nodes") {
  std::string e =
      firstError("input x\na = x + b\nb = a * 0.5\noutput a\n", SourceFormat::GraphText);
  CHECK(e.starts_with("test:2:1: cycle without a delay: "));
  CHECK(contains(e, "a -> "));
  CHECK(contains(e, "b -> "));
  // delay(0) does not break a cycle; delay(1) and vdelay do.
  CHECK(contains(firstError("input x\na = x + delay(a, 0)\noutput a\n", SourceFormat::GraphText),
                 "cycle without a delay"));
  CHECK(firstError("input x\na = x + delay(a, 1)\noutput a\n", SourceFormat::GraphText).empty());
  CHECK(firstError("input x\na = x + vdelay(a, 10, max=100)\noutput a\n", SourceFormat::GraphText)
            .empty());
  // vdelay's time port is not delayed.
  CHECK(contains(
      firstError("input x\na = vdelay(x, a, max=100)\noutput a\n", SourceFormat::GraphText),
      "cycle without a delay: a -> a"));
}

TEST_CASE("a source's amp is named only: osc(440) is an error that suggests freq") {
  auto err = [](const std::string &text) { return firstError(text, SourceFormat::GraphText); };
  // Positionally, 440 would land on amp (the first port) and scale a 440 Hz
  // default sine by 440: refused, with the argument it most likely meant.
  CHECK(err("output osc(440)\n") ==
        "test:1:12: 'osc' takes named arguments only (osc(amp=1, wave=sine, freq=440, phase=0, "
        "duty=0.5)); did you mean 'osc(freq=440)'?");
  CHECK(err("output osc(saw, freq=110)\n").ends_with("did you mean 'osc(wave=saw)'?"));
  CHECK(err("output noise(31)\n").ends_with("did you mean 'noise(seed=31)'?"));
  CHECK(err("input x\noutput x -> osc(freq=5)\n").ends_with("did you mean 'osc(amp=...)'?"));
  // Named, amp is a port like any other: a number or a signal.
  Graph g =
      parseOk("lfo = osc(freq=5)\ny = osc(amp=lfo, freq=440)\noutput y\n", SourceFormat::GraphText);
  const Node &y = g[named(g, "y")];
  CHECK(y.inputs[0] == named(g, "lfo"));
  CHECK(y.value("freq") == 440);
  Graph quiet = parseOk("output osc(amp=0.25, freq=220)\n", SourceFormat::GraphText);
  const Node &osc = quiet[quiet[quiet.outputsByChannel()[0]].inputs[0]];
  CHECK(osc.value("amp") == 0.25);
  CHECK(osc.value("freq") == 220);
  // The printer names it too, so its output reads back.
  std::string text = printGraphText(quiet);
  CHECK(contains(text, "osc(amp=0.25, freq=220)"));
  Graph again = parseOk(text, SourceFormat::GraphText);
  CHECK(again[again[again.outputsByChannel()[0]].inputs[0]].value("amp") == 0.25);
}
