// Stateful ops against the outside world: the one-pole and every biquad kind
// against their analytic magnitude response (a long sine through `interp`,
// within 0.1 dB), and exact impulse responses of delay and vdelay.
#include "TestUtil.h"

#include "resin/engine/Engine.h"
#include "resin/registry/EngineRegistry.h"

#include <cmath>
#include <complex>
#include <numbers>

namespace resin::test {

namespace {

constexpr double kRate = 48000;
constexpr double kPi = std::numbers::pi;

/// Runs a one-input, one-output graph through `interp` over `input`.
std::vector<float> runInterp(const std::string &text, const std::vector<float> &input) {
  Graph graph = parseOk(text, SourceFormat::GraphText);
  auto processor = makeAudioProcessor("interp", graph);
  REQUIRE(processor);
  std::vector<float> output(input.size());
  const float *in[] = {input.data()};
  float *out[] = {output.data()};
  (*processor)->process(in, out, int64_t(input.size()));
  return output;
}

/// Gain in dB of the graph `y = FILTER(x)` at `freq` Hz: a unit sine for
/// 0.5 s to settle, then the amplitude over exactly one second (an integer
/// number of cycles) by correlation with sine and cosine.
double measuredGainDb(const std::string &filter, double freq) {
  const size_t settle = size_t(kRate / 2), window = size_t(kRate);
  std::vector<float> input(settle + window);
  for (size_t n = 0; n < input.size(); ++n)
    input[n] = float(std::sin(2 * kPi * freq * double(n) / kRate));
  std::string text = "sample_rate 48000\ninput x\ny = " + filter + "\noutput y\n";
  std::vector<float> output = runInterp(text, input);
  double s = 0, c = 0;
  for (size_t n = settle; n < input.size(); ++n) {
    double phase = 2 * kPi * freq * double(n) / kRate;
    s += output[n] * std::sin(phase);
    c += output[n] * std::cos(phase);
  }
  double amplitude = 2 * std::hypot(s, c) / double(window);
  return 20 * std::log10(amplitude);
}

/// RBJ biquads are bilinear transforms of analog prototypes H(s), with the
/// design frequency mapped to s = j: at digital frequency w the response is
/// H(j * tan(w/2) / tan(w0/2)). The prototypes are the cookbook's.
double analogGainDb(const std::string &kind, double freq, double f0, double q, double gainDb) {
  using C = std::complex<double>;
  double omega = std::tan(kPi * freq / kRate) / std::tan(kPi * f0 / kRate);
  C s(0, omega);
  double A = std::pow(10.0, gainDb / 40), rootA = std::sqrt(A);
  C h;
  if (kind == "lowpass")
    h = 1.0 / (s * s + s / q + 1.0);
  else if (kind == "highpass")
    h = s * s / (s * s + s / q + 1.0);
  else if (kind == "bandpass")
    h = (s / q) / (s * s + s / q + 1.0);
  else if (kind == "notch")
    h = (s * s + 1.0) / (s * s + s / q + 1.0);
  else if (kind == "allpass")
    h = (s * s - s / q + 1.0) / (s * s + s / q + 1.0);
  else if (kind == "peak")
    h = (s * s + s * (A / q) + 1.0) / (s * s + s / (A * q) + 1.0);
  else if (kind == "lowshelf")
    h = A * (s * s + (rootA / q) * s + A) / (A * s * s + (rootA / q) * s + 1.0);
  else if (kind == "highshelf")
    h = A * (A * s * s + (rootA / q) * s + 1.0) / (s * s + (rootA / q) * s + A);
  return 20 * std::log10(std::abs(h));
}

const double kFrequencies[] = {60, 250, 1000, 2500, 7000, 15000};

} // namespace

TEST_CASE("every biquad kind matches its analytic magnitude response within 0.1 dB") {
  struct Design {
    const char *kind;
    double f0, q, gainDb;
  };
  const Design designs[] = {{"lowpass", 1500, 0.70710678, 0}, {"highpass", 900, 1.5, 0},
                            {"bandpass", 2000, 2, 0},         {"notch", 1200, 4, 0},
                            {"allpass", 3000, 0.9, 0},        {"peak", 1000, 1.2, 9},
                            {"lowshelf", 400, 0.8, -6},       {"highshelf", 5000, 0.7, 12}};
  for (const Design &d : designs) {
    std::string filter = "biquad(x, kind=" + std::string(d.kind) +
                         ", freq=" + std::to_string(d.f0) + ", q=" + std::to_string(d.q) +
                         ", gain_db=" + std::to_string(d.gainDb) + ")";
    for (double f : kFrequencies) {
      double expected = analogGainDb(d.kind, f, d.f0, d.q, d.gainDb);
      double measured = measuredGainDb(filter, f);
      CAPTURE(filter);
      CAPTURE(f);
      CAPTURE(expected);
      CHECK(std::fabs(measured - expected) <= 0.1);
    }
  }
}

TEST_CASE("the raw biquad runs the coefficients it is given") {
  // A two-tap averager: b0 = b1 = 0.5, |H| = cos(w/2).
  for (double f : kFrequencies) {
    double expected = 20 * std::log10(std::cos(kPi * f / kRate));
    CHECK(std::fabs(measuredGainDb("biquad(x, kind=raw, b0=0.5, b1=0.5)", f) - expected) <= 0.1);
  }
}

TEST_CASE("the one-pole filters match their difference equations' response within 0.1 dB") {
  const double cutoff = 800;
  double p = std::exp(-2 * kPi * cutoff / kRate);
  for (double f : kFrequencies) {
    double w = 2 * kPi * f / kRate;
    double denominator = std::sqrt(1 - 2 * p * std::cos(w) + p * p);
    double lowpass = 20 * std::log10((1 - p) / denominator);
    double highpass = 20 * std::log10((1 + p) / 2 * std::sqrt(2 - 2 * std::cos(w)) / denominator);
    CAPTURE(f);
    CHECK(std::fabs(measuredGainDb("onepole(x, mode=lowpass, cutoff=800)", f) - lowpass) <= 0.1);
    CHECK(std::fabs(measuredGainDb("onepole(x, mode=highpass, cutoff=800)", f) - highpass) <= 0.1);
  }
}

TEST_CASE("delay and vdelay impulse responses are exact") {
  std::vector<float> impulse(40, 0.0f);
  impulse[0] = 1;
  SUBCASE("delay moves the impulse by its length") {
    std::vector<float> y = runInterp("input x\noutput delay(x, 7)\n", impulse);
    for (size_t n = 0; n < y.size(); ++n)
      CHECK(y[n] == (n == 7 ? 1.0f : 0.0f));
  }
  SUBCASE("delay(0) is the identity") {
    CHECK(runInterp("input x\noutput delay(x, 0)\n", impulse) == impulse);
  }
  SUBCASE("vdelay interpolates linearly between the two taps") {
    // d = 2.25: y = in[n-2] + 0.25*(in[n-3] - in[n-2]).
    std::vector<float> y = runInterp("input x\noutput vdelay(x, 2.25, max=8)\n", impulse);
    for (size_t n = 0; n < y.size(); ++n)
      CHECK(y[n] == (n == 2 ? 0.75f : n == 3 ? 0.25f : 0.0f));
  }
  SUBCASE("vdelay clips its time to [1, max]; NaN reads 1") {
    std::vector<float> low = runInterp("input x\noutput vdelay(x, -5, max=8)\n", impulse);
    std::vector<float> high = runInterp("input x\noutput vdelay(x, 100, max=8)\n", impulse);
    std::vector<float> nan =
        runInterp("input x\nt = x * 0 / 0\noutput vdelay(x, t, max=8)\n", impulse);
    for (size_t n = 0; n < impulse.size(); ++n) {
      CHECK(low[n] == (n == 1 ? 1.0f : 0.0f));
      CHECK(high[n] == (n == 8 ? 1.0f : 0.0f));
      CHECK(nan[n] == (n == 1 ? 1.0f : 0.0f));
    }
  }
  SUBCASE("feedback through a delay repeats the impulse, halving each time") {
    std::vector<float> y = runInterp("input x\ny = x + delay(y, 5) * 0.5\noutput y\n", impulse);
    for (size_t n = 0; n < y.size(); ++n)
      CHECK(y[n] == (n % 5 == 0 ? std::ldexp(1.0f, -int(n / 5)) : 0.0f));
  }
  SUBCASE("feedback through a vdelay") {
    std::vector<float> y =
        runInterp("input x\ny = x + vdelay(y, 3, max=4) * 0.5\noutput y\n", impulse);
    for (size_t n = 0; n < y.size(); ++n)
      CHECK(y[n] == (n % 3 == 0 ? std::ldexp(1.0f, -int(n / 3)) : 0.0f));
  }
}

TEST_CASE("the envelope follows with attack going up and release going down") {
  // attack = release = 0: c = 0, the level is |in| at once.
  std::vector<float> input = {0.5f, -0.75f, 0.25f, 0.0f};
  CHECK(runInterp("input x\noutput envelope(x, attack=0, release=0)\n", input) ==
        std::vector<float>{0.5f, 0.75f, 0.25f, 0.0f});
  // A one-sample attack time: c = exp(-1/(t*sr)) at t*sr = 1.
  std::vector<float> y = runInterp(
      "sample_rate 1000\ninput x\noutput envelope(x, attack=0.001, release=0)\n", {1.0f, 1.0f});
  float c = float(std::exp(-1.0)), oneMinusC = float(1 - std::exp(-1.0));
  CHECK(y[0] == oneMinusC);
  CHECK(y[1] == c * oneMinusC + oneMinusC);
}

} // namespace resin::test
