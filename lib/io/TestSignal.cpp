// Test signals for `resinc run -i` (include/resin/io/TestSignal.h). Phases
// are computed in double from the sample index, reduced to one cycle before
// sin(), so a long render keeps its frequency exact instead of drifting as
// an accumulated phase would.
#include "resin/io/TestSignal.h"

#include "resin/io/Points.h"
#include "resin/support/SplitMix.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

namespace resin::io {

namespace {

struct Kind {
  std::string_view word;
  SignalKind kind;
  size_t parameters;
};

constexpr Kind kKinds[] = {{"sine", SignalKind::Sine, 1},
                           {"sweep", SignalKind::Sweep, 2},
                           {"noise", SignalKind::Noise, 0},
                           {"impulse", SignalKind::Impulse, 0},
                           {"silence", SignalKind::Silence, 0}};

const Kind *findKind(std::string_view word) {
  for (const Kind &kind : kKinds)
    if (kind.word == word)
      return &kind;
  return nullptr;
}

std::vector<std::string_view> split(std::string_view text) {
  std::vector<std::string_view> parts;
  for (;;) {
    size_t colon = text.find(':');
    parts.push_back(text.substr(0, colon));
    if (colon == std::string_view::npos)
      return parts;
    text.remove_prefix(colon + 1);
  }
}

/// sin(2 pi cycles), with the whole cycles removed first.
float sineOfCycles(double cycles) {
  double fraction = cycles - std::floor(cycles);
  return float(kTestSignalAmplitude * std::sin(2.0 * std::numbers::pi * fraction));
}

} // namespace

bool isTestSignalSpec(std::string_view text) {
  return findKind(text.substr(0, text.find(':'))) != nullptr;
}

Result<TestSignal> parseTestSignal(std::string_view text) {
  std::vector<std::string_view> parts = split(text);
  const Kind *kind = findKind(parts[0]);
  auto error = [&](const std::string &message) {
    return Diagnostic{std::string(text), {}, message};
  };
  if (!kind)
    return error("not a test signal");
  if (parts.size() - 1 != kind->parameters) {
    static const char *const forms[] = {"sine:FREQ", "sweep:F0:F1", "noise", "impulse", "silence"};
    return error(std::string(kind->word) + " is written " + forms[size_t(kind->kind)]);
  }
  TestSignal signal;
  signal.kind = kind->kind;
  double *values[] = {&signal.f0, &signal.f1};
  for (size_t i = 1; i < parts.size(); ++i) {
    auto value = parseDouble(parts[i]);
    if (!value)
      return error("the frequency " + quote(parts[i]) + " is not a number");
    if (!(*value > 0) || !std::isfinite(*value))
      return error("the frequency " + quote(parts[i]) + " must be above 0 Hz and finite");
    *values[i - 1] = *value;
  }
  return signal;
}

void generateTestSignal(const TestSignal &signal, double sampleRate, int64_t length, int channel,
                        int64_t start, float *out, int64_t n) {
  switch (signal.kind) {
  case SignalKind::Sine:
    for (int64_t i = 0; i < n; ++i)
      out[i] = sineOfCycles(signal.f0 * double(start + i) / sampleRate);
    return;
  case SignalKind::Sweep: {
    // Exponential sweep: the frequency f0 * (f1/f0)^(t/T) runs from f0 at
    // t = 0 to f1 at t = T, the render's length; its phase integrates to
    // f0 T / ln(f1/f0) * (e^(t ln(f1/f0) / T) - 1) cycles.
    double seconds = double(length) / sampleRate;
    double rate = std::log(signal.f1 / signal.f0);
    for (int64_t i = 0; i < n; ++i) {
      double t = double(start + i) / sampleRate;
      double cycles = rate == 0 || seconds == 0
                          ? signal.f0 * t
                          : signal.f0 * seconds / rate * std::expm1(t * rate / seconds);
      out[i] = sineOfCycles(cycles);
    }
    return;
  }
  case SignalKind::Noise: {
    // Uniform in [-amplitude, amplitude): the top 24 bits of the hash are
    // exact in a float.
    // Counter-based (SplitMix64's finalizer of seed + n): sample n does
    // not depend on how the samples before it were blocked.
    uint64_t seed = (uint64_t(channel) + 1) * kSplitMix64Step;
    for (int64_t i = 0; i < n; ++i) {
      double u = double(splitMix64Mix(seed + uint64_t(start + i)) >> 40) * 0x1p-24;
      out[i] = float(kTestSignalAmplitude * (2.0 * u - 1.0));
    }
    return;
  }
  case SignalKind::Impulse:
    for (int64_t i = 0; i < n; ++i)
      out[i] = start + i == 0 ? 1.0f : 0.0f;
    return;
  case SignalKind::Silence:
    std::fill(out, out + n, 0.0f);
    return;
  }
}

} // namespace resin::io
