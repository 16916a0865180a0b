// The op table: every op of docs/reference/graph-format.md and function of
// docs/reference/field-language.md is declared once.
#include "resin/ir/Op.h"

#include <doctest/doctest.h>

using namespace resin;

TEST_CASE("every graph op and field function is in the table") {
  const char *names[] = {"input",
                         "output",
                         "const",
                         "pass",
                         "gain",
                         "offset",
                         "affine",
                         "add",
                         "sub",
                         "mul",
                         "div",
                         "min",
                         "max",
                         "neg",
                         "abs",
                         "floor",
                         "finite",
                         "clip",
                         "softclip",
                         "sin",
                         "cos",
                         "tanh",
                         "exp",
                         "mix",
                         "time",
                         "osc",
                         "noise",
                         "delay",
                         "vdelay",
                         "onepole",
                         "biquad",
                         "allpass1",
                         "envelope",
                         "tan",
                         "ln",
                         "sqrt",
                         "ceil",
                         "fract",
                         "sign",
                         "clamp",
                         "smoothstep",
                         "step",
                         "pow",
                         "length2",
                         "length3",
                         "distance2",
                         "distance3",
                         "sdf_circle",
                         "sdf_box2",
                         "sdf_sphere",
                         "sdf_box3",
                         "sdf_smooth_union",
                         "sdf_smooth_intersection",
                         "sdf_smooth_subtraction",
                         "perlin2",
                         "perlin3",
                         "simplex2",
                         "simplex3",
                         "fbm2",
                         "fbm3"};
  for (const char *name : names) {
    CAPTURE(name);
    CHECK(findOp(name).has_value());
  }
  CHECK_FALSE(findOp("gian").has_value());
}

TEST_CASE("stateful ops are exactly the ones the graph format lists") {
  std::vector<std::string_view> stateful;
  for (const OpInfo &info : allOps())
    if (info.isStateful())
      stateful.push_back(info.name);
  CHECK(stateful == std::vector<std::string_view>{"delay", "vdelay", "onepole", "biquad",
                                                  "allpass1", "envelope"});
}

TEST_CASE("slots: ports first, defaults, ranges and field JSON keys") {
  const OpInfo &gain = opInfo(Op::Gain);
  REQUIRE(gain.slots.size() == 2);
  CHECK(gain.numPorts == 2);
  CHECK_FALSE(gain.slots[0].hasDefault());
  CHECK(gain.slots[1].defaultValue == 1.0);

  const OpInfo &osc = opInfo(Op::Osc);
  CHECK(osc.numPorts == 1);
  CHECK(osc.slots[*osc.findSlot("wave")].choiceIndex("triangle") == 3);
  CHECK(osc.slots[*osc.findSlot("duty")].range.contains(1.0));
  CHECK_FALSE(osc.slots[*osc.findSlot("duty")].range.contains(1.5));

  const OpInfo &fbm = opInfo(Op::Fbm2);
  const SlotInfo &octaves = fbm.slots[*fbm.findSlot("octaves")];
  CHECK(octaves.kind == SlotKind::Integer);
  CHECK(octaves.range.contains(128));
  CHECK_FALSE(octaves.range.contains(129));
  CHECK(octaves.range.contains(0));

  const OpInfo &mix = opInfo(Op::Mix);
  CHECK(mix.findSlot("t") == mix.findSlot("mix"));
  CHECK(mix.jsonTag == "Lerp");

  const OpInfo &delay = opInfo(Op::Delay);
  CHECK(delay.slots[1].range.contains(double(1 << 24)));
  CHECK_FALSE(delay.slots[1].range.contains(double(1 << 24) + 1));
}

TEST_CASE("ranges reject non-finite values and respect open ends") {
  Range q = Range::openLow(0, kInfinity);
  CHECK_FALSE(q.contains(0));
  CHECK(q.contains(1e-9));
  CHECK_FALSE(q.contains(kInfinity));
  CHECK_FALSE(Range::finite().contains(std::nan("")));
  CHECK(Range::open(-1, 1).str() == "(-1, 1)");
  CHECK(Range::closed(0, 16).str() == "[0, 16]");
}

TEST_CASE("a raw biquad needs no freq, and b0..a2 need kind=raw") {
  const OpInfo &bq = opInfo(Op::Biquad);
  std::vector<double> values;
  for (const SlotInfo &s : bq.slots)
    values.push_back(s.defaultValue);
  size_t kind = *bq.findSlot("kind"), freq = *bq.findSlot("freq"), b0 = *bq.findSlot("b0");
  values[kind] = *bq.slots[kind].choiceIndex("lowpass");
  CHECK(slotRequired(Op::Biquad, freq, values));
  CHECK(slotForbidden(Op::Biquad, b0, values).has_value());
  values[kind] = *bq.slots[kind].choiceIndex("raw");
  CHECK_FALSE(slotRequired(Op::Biquad, freq, values));
  CHECK_FALSE(slotForbidden(Op::Biquad, b0, values).has_value());
}
