// lib/picture and ir/Linearity: responses measured through an engine against
// the RBJ cookbook's numbers, which graphs count as linear and time-
// invariant, what diagrams show (fused origins after -O2 and -O3, feedback
// edges), the colour maps' ends, and that plots encode as the format asked.
#include "TestUtil.h"

#include "resin/ir/Linearity.h"
#include "resin/passes/PassManager.h"
#include "resin/picture/BenchChart.h"
#include "resin/picture/Colormap.h"
#include "resin/picture/Diagram.h"
#include "resin/picture/Response.h"

#include <cmath>

namespace resin::test {

namespace {

Graph graphOf(const std::string &body) {
  return parseOk("sample_rate 48000\ninput x\n" + body, SourceFormat::GraphText);
}

picture::Response responseOf(const Graph &graph, int64_t length = 8192) {
  picture::ResponseOptions options;
  options.length = length;
  auto response = picture::measureResponse(graph, options);
  REQUIRE(response);
  return *response;
}

Linearity linearityOf(const std::string &body) {
  Graph graph = graphOf(body);
  return judgeLinearity(graph, graph.outputsByChannel()[0]);
}

} // namespace

TEST_CASE("response: an RBJ lowpass at Q = 1/sqrt(2) is -3.01 dB at f0 and 0 dB at DC") {
  // f0 = 3000 Hz is bin 512 of an 8192-point FFT at 48 kHz.
  Graph graph = graphOf("y = biquad(x, kind=lowpass, freq=3000, q=0.70710678)\noutput y\n");
  picture::Response r = responseOf(graph);
  REQUIRE(r.frequencies.size() == 4097);
  CHECK(r.frequencies[512] == doctest::Approx(3000.0));
  CHECK(std::fabs(r.magnitudeDb[512] - -3.0103) < 0.05);
  CHECK(std::fabs(r.magnitudeDb[0]) < 0.01);
  // Second order: -12 dB per octave well above f0 (12 kHz against 6 kHz).
  CHECK(r.magnitudeDb[1024] - r.magnitudeDb[2048] == doctest::Approx(12).epsilon(0.25));
  picture::ResponseSummary s = picture::summarize(r);
  REQUIRE(s.minus3dBHz.size() == 1);
  CHECK(s.minus3dBHz[0] == doctest::Approx(3000).epsilon(0.01));
  CHECK(r.linearity.linear);
  CHECK(r.linearity.timeInvariant);
}

TEST_CASE("response: a delay line is flat, with a linear phase") {
  Graph graph = graphOf("y = delay(x, samples=37)\noutput y\n");
  picture::Response r = responseOf(graph, 4096);
  CHECK(r.impulse[37] == 1.0f);
  for (double db : r.magnitudeDb)
    CHECK(std::fabs(db) < 0.001);
  // Phase -360 * f * 37 / rate degrees, wrapped: check a bin where it is small.
  // Bin 1 (11.7 Hz): -360 * 37 / 4096 = -3.25 degrees.
  CHECK(r.phaseDeg[1] == doctest::Approx(-360.0 * 37 / 4096).epsilon(1e-6));
}

TEST_CASE("response: channels that do not exist are errors, not crashes") {
  Graph graph = graphOf("output x\n");
  picture::ResponseOptions options;
  options.fromChannel = 1;
  auto response = picture::measureResponse(graph, options);
  REQUIRE(!response);
  CHECK(contains(response.errors()[0].message, "no input channel 1"));
  options.fromChannel = 0;
  options.length = 4;
  CHECK(!picture::measureResponse(graph, options));
}

TEST_CASE("linearity: told from the ops and what they read") {
  CHECK(linearityOf("y = x * 0.5 + delay(x, samples=3)\noutput y\n").linear);
  CHECK(linearityOf("y = onepole(x, mode=lowpass, cutoff=100) - x\noutput y\n").linear);
  Linearity tanh = linearityOf("y = tanh(x)\noutput y\n");
  CHECK(!tanh.linear);
  CHECK(contains(tanh.nonlinearBecause, "tanh"));
  CHECK(!linearityOf("y = x * x\noutput y\n").linear);
  CHECK(!linearityOf("y = x + 1\noutput y\n").linear); // affine, not linear
  CHECK(!linearityOf("y = clip(x)\noutput y\n").linear);
  Linearity am = linearityOf("y = x * osc(freq=5)\noutput y\n");
  CHECK(am.linear); // a product with one signal: linear, but the gain moves
  CHECK(!am.timeInvariant);
  CHECK(contains(am.timeVaryingBecause, "osc"));
  // Only what the output reads counts.
  Graph two = parseOk("sample_rate 48000\ninput x\na = tanh(x)\nb = x * 2\noutput b\n"
                      "o = output(a, channel=1)\n",
                      SourceFormat::GraphText);
  CHECK(judgeLinearity(two, two.outputsByChannel()[0]).linear);
  CHECK(!judgeLinearity(two, two.outputsByChannel()[1]).linear);
}

TEST_CASE("diagram: every node, ports on edges, feedback dashed") {
  Graph graph = graphOf("lp = onepole(fb, mode=lowpass, cutoff=2000)\n"
                        "fb = x + delay(lp, samples=100) * 0.5\noutput lp\n");
  std::string dot = picture::diagramDot(graph);
  for (NodeId id = 0; id < graph.size(); ++id)
    CHECK(contains(dot, "#" + std::to_string(id) + " "));
  CHECK(contains(dot, "lp: onepole"));
  CHECK(contains(dot, "mode=lowpass"));
  CHECK(contains(dot, "style=dashed"));
  CHECK(contains(dot, "label=in"));
}

TEST_CASE("diagram: after -O2 and -O3, fused nodes say what they came from") {
  Graph graph = graphOf("a = x -> gain(0.5)\nb = a -> offset(1)\nd1 = delay(b, samples=2)\n"
                        "d2 = delay(d1, samples=3)\noutput d2\n");
  PipelineOptions options;
  REQUIRE(runPipeline(graph, pipelineForLevel(2), options));
  std::string dot = picture::diagramDot(graph);
  CHECK(contains(dot, "from: a"));  // fuse-affine: b absorbed a
  CHECK(contains(dot, "from: d1")); // merge-delay: d2 absorbed d1
  Graph product = graphOf("m = x * x\ns = m + x\noutput s\n");
  REQUIRE(runPipeline(product, pipelineForLevel(3), options));
  CHECK(contains(picture::diagramDot(product), "s: fma\\nfrom: m")); // contract
}

TEST_CASE("diagram: rendered by Graphviz as svg, png and pdf") {
  Graph graph = graphOf("y = x -> biquad(kind=lowpass, freq=1000)\noutput y\n");
  auto svg = picture::renderDiagram(graph, "svg");
  REQUIRE(svg);
  CHECK(contains(*svg, "<svg"));
  CHECK(contains(*svg, "#1 y: biquad"));
  auto png = picture::renderDiagram(graph, "png");
  REQUIRE(png);
  CHECK(png->substr(1, 3) == "PNG");
  auto pdf = picture::renderDiagram(graph, "pdf");
  REQUIRE(pdf);
  CHECK(pdf->substr(0, 5) == "%PDF-");
  CHECK(!picture::renderDiagram(graph, "gif"));
}

TEST_CASE("colormap: the ends and the middle of each map") {
  using picture::Colormap;
  CHECK(picture::colourAt(Colormap::Viridis, 0) == std::array<uint8_t, 3>{0x44, 0x01, 0x54});
  CHECK(picture::colourAt(Colormap::Viridis, 1) == std::array<uint8_t, 3>{0xfd, 0xe7, 0x25});
  CHECK(picture::colourAt(Colormap::Viridis, 0.5) == std::array<uint8_t, 3>{0x21, 0x91, 0x8c});
  CHECK(picture::colourAt(Colormap::Magma, 0) == std::array<uint8_t, 3>{0x00, 0x00, 0x04});
  CHECK(picture::colourAt(Colormap::Grey, 0.5) == std::array<uint8_t, 3>{128, 128, 128});
  CHECK(picture::colourAt(Colormap::Grey, 7) == std::array<uint8_t, 3>{255, 255, 255});
  CHECK(picture::colourAt(Colormap::Grey, NAN) == std::array<uint8_t, 3>{0, 0, 0});
  io::Image image{3, 1, {-2.0f, NAN, 6.0f}};
  picture::ValueRange range = picture::finiteRange(image);
  CHECK(range.lo == -2.0);
  CHECK(range.hi == 6.0);
  CHECK(!picture::findColormap("jet"));
}

TEST_CASE("plots: the response and the bench chart in each format") {
  picture::Response r = responseOf(graphOf("y = x -> onepole(mode=lowpass, cutoff=500)\n"
                                           "output y\n"),
                                   1024);
  picture::ResponseSummary s = picture::summarize(r);
  auto png = picture::plotResponse(r, s, "onepole", "png");
  REQUIRE(png);
  CHECK(png->substr(1, 3) == "PNG");
  auto svg = picture::plotResponse(r, s, "onepole", "svg");
  REQUIRE(svg);
  CHECK(contains(*svg, "<svg"));
  std::vector<picture::FileTimings> files = {
      {"eq", false, {{"native", 2.5, std::nullopt, std::nullopt}, {"jit", 0.4, 2e6, 1.9e6}}}};
  auto chart = picture::drawBenchChart(files, "pdf");
  REQUIRE(chart);
  CHECK(chart->substr(0, 5) == "%PDF-");
  CHECK(!picture::drawBenchChart(files, "bmp"));
}

} // namespace resin::test
