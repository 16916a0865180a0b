// Format-independent validation on graphs built directly.
#include "resin/ir/Verifier.h"

#include <doctest/doctest.h>

using namespace resin;

static Graph passthrough() {
  Graph g;
  NodeId in = g.addNode(Op::Input, "in", {1, 1});
  NodeId out = g.addNode(Op::Output, "out", {2, 1});
  g[out].inputs[0] = in;
  return g;
}

static std::string firstMessage(const Graph &g) {
  Diagnostics d = verifyGraph(g, "g");
  return d.empty() ? std::string() : d[0].message;
}

TEST_CASE("a minimal graph verifies") {
  CHECK(verifyGraph(passthrough(), "g").empty());
}

TEST_CASE("channels must be unique and contiguous") {
  Graph g = passthrough();
  NodeId second = g.addNode(Op::Output, "out2", {3, 1});
  g[second].inputs[0] = 0;
  CHECK(firstMessage(g) == "output channel 0 is used twice");
  g[second].values[1] = 2;
  CHECK(firstMessage(g) == "output channels must be 0..1; channel 1 is missing");
  g[second].values[1] = 1;
  CHECK(firstMessage(g).empty());
}

TEST_CASE("unconnected required ports and missing params") {
  Graph g = passthrough();
  g.addNode(Op::Gain, "g", {3, 1});
  CHECK(firstMessage(g) == "port 'in' of node 'g' is not connected");
  Graph h = passthrough();
  NodeId d = h.addNode(Op::Delay, "d", {3, 1});
  h[d].inputs[0] = 0;
  CHECK(firstMessage(h) == "missing param 'samples' of node 'd'");
  Graph k = passthrough();
  NodeId op = k.addNode(Op::Onepole, "lp", {3, 1});
  k[op].inputs[0] = 0;
  k[op].values[2] = 100;
  CHECK(firstMessage(k) == "missing param 'mode' of node 'lp' (one of lowpass|highpass)");
}

TEST_CASE("total delay memory is limited") {
  Graph g = passthrough();
  for (int i = 0; i < 5; ++i) {
    NodeId d = g.addNode(Op::Delay, "d" + std::to_string(i), {3, 1});
    g[d].inputs[0] = 0;
    g[d].values[1] = double(kMaxDelaySamples);
  }
  CHECK(firstMessage(g).starts_with(
      "delay lines need 83886080 samples in all; the limit is 67108864"));
}

TEST_CASE("ops outside their domain") {
  Graph g = passthrough();
  g.kind = GraphKind::Field;
  NodeId osc = g.addNode(Op::Osc, {}, {3, 1});
  g[g.outputsByChannel()[0]].inputs[0] = osc;
  CHECK(firstMessage(g) == "op 'osc' is not available in fields (it needs audio time or state)");
}

TEST_CASE("node count is limited") {
  Graph g = passthrough();
  for (size_t i = 0; i < kMaxNodes; ++i)
    g.addNode(Op::Const);
  CHECK(firstMessage(g).starts_with("graph has 100002 nodes; the limit is 100000"));
}

TEST_CASE("a long cycle-free chain verifies without deep recursion") {
  Graph g;
  NodeId prev = g.addNode(Op::Input, "in");
  for (int i = 0; i < 90000; ++i) {
    NodeId n = g.addNode(Op::Neg);
    g[n].inputs[0] = prev;
    prev = n;
  }
  NodeId out = g.addNode(Op::Output);
  g[out].inputs[0] = prev;
  CHECK(verifyGraph(g, "g").empty());
  g[1].inputs[0] = prev; // close a 90000-node loop with no delay
  CHECK(firstMessage(g).starts_with("cycle without a delay"));
}
