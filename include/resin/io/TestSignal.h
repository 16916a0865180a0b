// Test signals for `resinc run -i`: a sine, a logarithmic sweep, seeded
// noise, an impulse and silence. Each sample is computed from its index
// alone, so the block length never changes the signal. The accepted forms
// and their parsing live here, so the message that lists them is one.
#pragma once

#include "resin/support/Diagnostic.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace resin::io {

enum class SignalKind { Sine, Sweep, Noise, Impulse, Silence };

/// The peak of sine, sweep and noise: -6 dBFS, leaving room for a graph's gain.
inline constexpr double kTestSignalAmplitude = 0.5;

/// The accepted forms, for messages and --help.
inline constexpr std::string_view kTestSignalForms =
    "sine:FREQ, sweep:F0:F1, noise, impulse or silence (frequencies in Hz, above 0)";

struct TestSignal {
  SignalKind kind = SignalKind::Silence;
  double f0 = 0; // sine: the frequency; sweep: the start
  double f1 = 0; // sweep: the end
};

/// Whether `text` names a test signal rather than a sound file: the word
/// before its first ':' (or all of it) is sine, sweep, noise, impulse or
/// silence. A file of that name is reached as ./noise.
bool isTestSignalSpec(std::string_view text);

/// Parses a spec isTestSignalSpec accepted. The error (file: the spec) says
/// what is wrong in it; the caller adds kTestSignalForms.
Result<TestSignal> parseTestSignal(std::string_view text);

/// Samples [start, start + n) of `signal` into out[0..n), for a render of
/// `length` samples at `sampleRate` (the sweep spans the whole length).
/// `channel` seeds the noise: each input channel gets its own sequence.
void generateTestSignal(const TestSignal &signal, double sampleRate, int64_t length, int channel,
                        int64_t start, float *out, int64_t n);

} // namespace resin::io
