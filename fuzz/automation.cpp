// libFuzzer target: automation files (`run --automation`) for a graph with
// three params. Every file either reads with every event valid (samples in
// order, each value one its param accepts) or is refused with a located,
// non-empty message; applying the events to interp never fails.
#include "FuzzSupport.h"

#include "resin/engine/Automation.h"
#include "resin/registry/EngineRegistry.h"
#include "resin/syntax/Automation.h"
#include "resin/syntax/GraphText.h"

#include <vector>

namespace {

const resin::Graph &graphWithParams() {
  static const resin::Graph graph = [] {
    auto g = resin::parseGraphText(resin::SourceFile(
        "params.graph", "param cutoff = 800 [20, 8000]\nparam q = 1 [0.5, 8] smooth 3ms\n"
                        "param level = 0.5\ninput x\n"
                        "output biquad(x, kind=lowpass, freq=cutoff, q=q) * level\n"));
    if (!g)
      resin::fuzz::fail("the fuzz target's own graph does not read", g.errors()[0].str());
    return std::move(*g);
  }();
  return graph;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > resin::fuzz::kMaxFuzzBytes)
    return -1;
  const resin::Graph &graph = graphWithParams();
  auto events =
      resin::parseAutomation(resin::fuzz::sourceFrom(data, size, "fuzz.automation"), graph);
  if (!events) {
    const resin::Diagnostic &d = events.errors()[0];
    if (d.message.empty() || !d.loc.known())
      resin::fuzz::fail("an automation error without a message or a place", d.str());
    return 0;
  }
  int64_t previous = 0;
  for (const resin::ParamEvent &e : *events) {
    if (e.sample < previous || e.param >= graph.params.size() ||
        !graph.params[e.param].accepts(e.value))
      resin::fuzz::fail("an automation event that should have been refused",
                        std::to_string(e.sample) + " " + std::to_string(e.param) + " " +
                            std::to_string(e.value));
    previous = e.sample;
  }
  // Run a short stretch: every event before sample 512 applies.
  auto dsp = resin::makeAudioProcessor("interp", graph);
  std::vector<float> in(512, 0.25f), out(512);
  const float *inp[1] = {in.data()};
  float *outp[1] = {out.data()};
  (*dsp)->init();
  size_t next = 0;
  if (!resin::processAutomated(**dsp, inp, outp, 512, 0, *events, next))
    resin::fuzz::fail("interp refused a checked event", "");
  return 0;
}
