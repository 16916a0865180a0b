// "Did you mean" suggestions (resin::closestMatch): a typo, a swap of two
// letters and a left-out word find the name meant; unrelated words find none.
#include "resin/ir/Op.h"
#include "resin/support/Diagnostic.h"

#include <doctest/doctest.h>

using namespace resin;

TEST_CASE("closestMatch: typos and swapped letters") {
  // "gian" is one swap from "gain" but two edits from "in": the swap wins.
  CHECK(closestMatch("gian", {"in", "gain"}) == "gain");
  CHECK(closestMatch("frq", {"amp", "wave", "freq", "phase", "duty"}) == "freq");
  CHECK(closestMatch("lowpas", {"lowpass", "highpass"}) == "lowpass");
  CHECK(closestMatch("xyz", {"freq", "amp"}) == "");
  CHECK(closestMatch("a", {"b", "ab"}) == ""); // one letter: no guess
}

TEST_CASE("closestMatch: a name with a word left out or misspelled") {
  std::vector<std::string_view> ops = opNames();
  CHECK(closestMatch("sdf_union", ops) == "sdf_smooth_union");
  CHECK(closestMatch("sdf_unoin", ops) == "sdf_smooth_union");
  CHECK(closestMatch("sdf_intersection", ops) == "sdf_smooth_intersection");
  CHECK(closestMatch("smooth_union", ops) == "sdf_smooth_union");
  CHECK(closestMatch("sdf_circel", ops) == "sdf_circle");
  CHECK(closestMatch("foo_bar", ops) == "");
}
