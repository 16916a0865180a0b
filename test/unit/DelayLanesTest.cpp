// The LLVM tier's delays over W lanes (codegen/KernelLowering.cpp,
// delayLanes): a delay's W lanes are computed at once (ring reads, a
// shuffle, the last min(k, W) writes) instead of W one-lane steps, and must
// leave exactly what the steps leave. For delays of every length around
// each width, run in blocks of awkward sizes, the output equals interp's bit
// for bit and, after every block, the kernel state (ring and position) is
// the baseline tier's byte for byte, which tiered execution relies on when
// it copies the state from one tier to the other.
#include "TestUtil.h"

#include "resin/engine/Engine.h"
#include "resin/registry/EngineRegistry.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>

namespace resin::test {

namespace {

bool hostRuns(std::string_view engine) {
  auto names = hostEngineNames();
  return std::find(names.begin(), names.end(), engine) != names.end();
}

/// out = sum of delay(x, k) for every k in `lengths`, each delay its own node.
std::string delaySum(const std::vector<int> &lengths) {
  std::string text = "name delays\nsample_rate 48000\ninput x\n";
  std::string sum;
  for (size_t i = 0; i < lengths.size(); ++i) {
    std::string name = "d" + std::to_string(i);
    text += name + " = delay(x, " + std::to_string(lengths[i]) + ")\n";
    sum += (sum.empty() ? "" : " + ") + name;
  }
  return text + "y = " + sum + "\noutput y\n";
}

} // namespace

TEST_CASE("jit delays over W lanes: every length around the width equals interp, and the state "
          "is the baseline tier's after every block") {
  const std::vector<int> lengths = {1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 40};
  Graph graph = parseOk(delaySum(lengths), SourceFormat::GraphText);
  // Odd block sizes, so that passes start at every position of each ring and
  // the one-lane tail runs between W-lane passes.
  const std::vector<int64_t> blocks = {1, 3, 16, 17, 5, 100, 31, 2, 64, 7, 250, 13};
  int64_t total = 0;
  for (int64_t block : blocks)
    total += block;
  std::vector<float> input(static_cast<size_t>(total));
  uint32_t seed = 99;
  for (float &v : input) {
    seed = seed * 1664525u + 1013904223u;
    v = float(int32_t(seed >> 8) - (1 << 23)) / float(1 << 23);
  }
  auto interp = makeAudioProcessor("interp", graph);
  REQUIRE(interp);
  std::vector<float> want(input.size());
  {
    const float *in = input.data();
    float *out = want.data();
    (*interp)->init();
    (*interp)->process(&in, &out, total);
  }
  size_t pairs = 0;
  for (std::string_view width : {"f32x4", "f32x8", "f32x16"}) {
    std::string jitName = "jit-" + std::string(width);
    std::string baselineName = "jit-baseline-" + std::string(width);
    if (!hostRuns(jitName))
      continue;
    CAPTURE(jitName);
    auto jit = makeAudioProcessor(jitName, graph);
    REQUIRE(jit);
    CHECK((*jit)->compileReport()->width > 1); // the W-lane loop runs (no feedback)
    std::unique_ptr<AudioProcessor> baseline;
    if (hostRuns(baselineName)) {
      auto made = makeAudioProcessor(baselineName, graph);
      REQUIRE(made);
      baseline = std::move(*made);
      baseline->init();
      ++pairs;
    }
    std::vector<float> got(input.size()), other(input.size());
    (*jit)->init();
    int64_t at = 0, differingStates = 0;
    for (int64_t block : blocks) {
      const float *in = input.data() + at;
      float *out = got.data() + at, *otherOut = other.data() + at;
      (*jit)->process(&in, &out, block);
      if (baseline) {
        baseline->process(&in, &otherOut, block);
        auto a = (*jit)->kernelState(), b = baseline->kernelState();
        differingStates += a.size() != b.size() || std::memcmp(a.data(), b.data(), a.size()) != 0;
      }
      at += block;
    }
    CHECK(std::memcmp(got.data(), want.data(), got.size() * sizeof(float)) == 0);
    CHECK(differingStates == 0);
  }
  if (hostRuns("jit-baseline"))
    CHECK(pairs == 3);
}

} // namespace resin::test
