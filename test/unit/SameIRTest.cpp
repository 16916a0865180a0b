// sameIR: the structural equality the round-trip tests rely on.
#include "TestUtil.h"

#include "resin/ir/Graph.h"

using namespace resin;
using namespace resin::test;

TEST_CASE("same structure with different anonymous names and node order is the same IR") {
  Graph a = parseOk("input x\ny = x * 2 + 1\noutput y\n", SourceFormat::GraphText);
  Graph b = parseOk("input x\noutput y\ny = x * 2 + 1\n", SourceFormat::GraphText);
  std::string why;
  CHECK(sameIR(a, b, &why));
}

TEST_CASE("differences are found and explained") {
  Graph a = parseOk("input x\ny = x * 2 + 1\noutput y\n", SourceFormat::GraphText);
  std::string why;
  Graph value = parseOk("input x\ny = x * 3 + 1\noutput y\n", SourceFormat::GraphText);
  CHECK_FALSE(sameIR(a, value, &why));
  CHECK(contains(why, "slot 'value' differs"));
  Graph op = parseOk("input x\ny = x * 2 - 1\noutput y\n", SourceFormat::GraphText);
  CHECK_FALSE(sameIR(a, op, &why));
  CHECK(contains(why, "is add vs sub"));
  Graph literal = parseOk("input x\ny = add(x * 2, 1)\noutput y\n", SourceFormat::GraphText);
  CHECK_FALSE(sameIR(a, literal, &why)); // port value 1 vs a const node
  Graph renamed = parseOk("input x\nz = x * 2 + 1\noutput z\n", SourceFormat::GraphText);
  CHECK_FALSE(sameIR(a, renamed, &why));
  CHECK(contains(why, "names differ"));
  Graph rate =
      parseOk("sample_rate 48000\ninput x\ny = x * 2 + 1\noutput y\n", SourceFormat::GraphText);
  CHECK_FALSE(sameIR(a, rate, &why));
  Graph swapped = parseOk("input x\ny = 2 * x + 1\noutput y\n", SourceFormat::GraphText);
  CHECK_FALSE(sameIR(a, swapped, &why));
}

TEST_CASE("sharing matters: a shared node is not two copies") {
  Graph shared = parseOk("let a = x * 2;\na + a", SourceFormat::FieldText);
  Graph copies = parseOk("x * 2 + x * 2", SourceFormat::FieldText);
  CHECK_FALSE(sameIR(shared, copies));
}
