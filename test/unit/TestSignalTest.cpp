// run's test signals (resin/io/TestSignal.h): the accepted forms and their
// errors, exact samples, independence from the block length; and a WAV
// written to a stream that cannot seek (WavWriter::createStream), which must
// be byte for byte the file libsndfile writes.
#include "resin/io/TestSignal.h"
#include "resin/io/Wav.h"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <numbers>
#include <unistd.h>
#include <vector>

using namespace resin;
using namespace resin::io;

namespace {

std::string errorOf(std::string_view spec) {
  auto signal = parseTestSignal(spec);
  return signal ? std::string() : signal.errors()[0].message;
}

std::vector<float> generate(std::string_view spec, int64_t length, int channel = 0,
                            int64_t block = 0) {
  auto signal = parseTestSignal(spec);
  REQUIRE(signal);
  std::vector<float> out(static_cast<size_t>(length));
  block = block > 0 ? block : std::max<int64_t>(1, length);
  for (int64_t pos = 0; pos < length; pos += block)
    generateTestSignal(*signal, 44100, length, channel, pos, out.data() + pos,
                       std::min(block, length - pos));
  return out;
}

} // namespace

TEST_CASE("test signals: the accepted forms") {
  CHECK(isTestSignalSpec("sine:440"));
  CHECK(isTestSignalSpec("sine:abc")); // a signal, malformed: not a file name
  CHECK(isTestSignalSpec("noise"));
  CHECK(isTestSignalSpec("sweep"));
  CHECK_FALSE(isTestSignalSpec("saw:440"));
  CHECK_FALSE(isTestSignalSpec("noise.wav"));
  CHECK_FALSE(isTestSignalSpec("./noise"));

  auto sine = parseTestSignal("sine:1e3");
  REQUIRE(sine);
  CHECK(sine->kind == SignalKind::Sine);
  CHECK(sine->f0 == 1000);
  auto sweep = parseTestSignal("sweep:20:20000");
  REQUIRE(sweep);
  CHECK(sweep->kind == SignalKind::Sweep);
  CHECK(sweep->f0 == 20);
  CHECK(sweep->f1 == 20000);
  CHECK(parseTestSignal("impulse")->kind == SignalKind::Impulse);
  CHECK(parseTestSignal("silence")->kind == SignalKind::Silence);

  CHECK(errorOf("sine:abc") == "the frequency 'abc' is not a number");
  CHECK(errorOf("sine:-5") == "the frequency '-5' must be above 0 Hz and finite");
  CHECK(errorOf("sine:0") == "the frequency '0' must be above 0 Hz and finite");
  CHECK(errorOf("sine:inf") == "the frequency 'inf' must be above 0 Hz and finite");
  CHECK(errorOf("sine:nan") == "the frequency 'nan' must be above 0 Hz and finite");
  CHECK(errorOf("sine") == "sine is written sine:FREQ");
  CHECK(errorOf("sweep:100") == "sweep is written sweep:F0:F1");
  CHECK(errorOf("sweep:1:2:3") == "sweep is written sweep:F0:F1");
  CHECK(errorOf("noise:3") == "noise is written noise");
  CHECK(errorOf("sine:") == "the frequency '' is not a number");
}

TEST_CASE("test signals: impulse, silence and sine samples") {
  std::vector<float> impulse = generate("impulse", 64, 0, 7);
  CHECK(impulse[0] == 1.0f);
  for (size_t i = 1; i < impulse.size(); ++i)
    CHECK(impulse[i] == 0.0f);
  for (float v : generate("silence", 10))
    CHECK(v == 0.0f);

  std::vector<float> sine = generate("sine:1000", 441);
  for (size_t n : {0, 1, 11, 100, 440}) {
    double want = 0.5 * std::sin(2 * std::numbers::pi * 1000.0 * double(n) / 44100.0);
    CHECK(sine[n] == doctest::Approx(want).epsilon(1e-6));
  }
  // 11025 Hz at 44100: four samples a cycle, 0, 0.5, 0, -0.5.
  std::vector<float> quarter = generate("sine:11025", 8);
  CHECK(quarter[1] == 0.5f);
  CHECK(quarter[3] == -0.5f);
  CHECK(std::fabs(quarter[2]) < 1e-7f);
}

TEST_CASE("test signals: the sweep starts at F0 and ends at F1") {
  // A sweep from F to F is a sine at F.
  std::vector<float> flat = generate("sweep:440:440", 1000);
  std::vector<float> sine = generate("sine:440", 1000);
  for (size_t i = 0; i < flat.size(); ++i)
    CHECK(flat[i] == doctest::Approx(sine[i]).epsilon(1e-6));
  // 100 Hz to 10 kHz over 1 s: f0 T / ln(f1/f0) (f1/f0 - 1) = 2149.8 cycles.
  std::vector<float> sweep = generate("sweep:100:10000", 44100, 0, 4096);
  int crossings = 0, first = 0, last = 0;
  for (size_t i = 1; i < sweep.size(); ++i)
    if ((sweep[i] < 0) != (sweep[i - 1] < 0)) {
      ++crossings;
      first += i < 4410;
      last += i >= 44100 - 4410;
    }
  CHECK(crossings == doctest::Approx(2 * 2149.8).epsilon(0.002));
  // First 0.1 s: 100 / ln(100) (100^0.1 - 1) = 12.7 cycles; last: 801.
  CHECK(first == doctest::Approx(25.4).epsilon(0.1));
  CHECK(last == doctest::Approx(1602).epsilon(0.005));
  std::vector<float> blocked = generate("sweep:100:10000", 44100, 0, 777);
  CHECK(blocked == sweep);
}

TEST_CASE("test signals: noise is seeded, uniform and per channel") {
  std::vector<float> a = generate("noise", 50000, 0, 4096);
  CHECK(generate("noise", 50000, 0, 333) == a);
  CHECK(generate("noise", 50000, 1) != a);
  double sum = 0, squares = 0;
  for (float v : a) {
    CHECK(v >= -0.5f);
    CHECK(v < 0.5f);
    sum += v;
    squares += double(v) * v;
  }
  CHECK(sum / double(a.size()) == doctest::Approx(0).epsilon(0.005));
  CHECK(squares / double(a.size()) == doctest::Approx(1.0 / 12).epsilon(0.02));
}

TEST_CASE("WAV on a stream: the same bytes as the file") {
  const std::string dir =
      std::filesystem::temp_directory_path().string() + "/resin-stream-" + std::to_string(getpid());
  std::filesystem::create_directories(dir);
  auto bytes = [](const std::string &path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  };
  for (int64_t frames : {int64_t(0), int64_t(1), int64_t(5000)}) {
    std::vector<float> left(static_cast<size_t>(frames)), right(static_cast<size_t>(frames));
    for (int64_t i = 0; i < frames; ++i) {
      left[size_t(i)] = float(i) * 0.25f;
      right[size_t(i)] = -float(i);
    }
    const float *channels[] = {left.data(), right.data()};
    const std::string file = dir + "/file.wav", stream = dir + "/stream.wav";
    auto writer = WavWriter::create(file, 2, 48000);
    REQUIRE(writer);
    CHECK_FALSE(writer->write(channels, frames));
    CHECK_FALSE(writer->close());

    std::FILE *out = std::fopen(stream.c_str(), "wb");
    REQUIRE(out);
    auto streamed = WavWriter::createStream(out, "<stream>", 2, 48000, frames);
    REQUIRE(streamed);
    // Two writes, as run writes blocks.
    const float *second[] = {left.data() + frames / 2, right.data() + frames / 2};
    CHECK_FALSE(streamed->write(channels, frames / 2));
    CHECK_FALSE(streamed->write(second, frames - frames / 2));
    CHECK_FALSE(streamed->close());
    std::fclose(out);
    CHECK(bytes(stream) == bytes(file));
    CHECK(bytes(file).size() > size_t(frames) * 8);
  }
  // Fewer frames than the header promised is an error, not a quiet short file.
  std::FILE *out = std::fopen((dir + "/short.wav").c_str(), "wb");
  REQUIRE(out);
  auto streamed = WavWriter::createStream(out, "<stream>", 1, 44100, 10);
  REQUIRE(streamed);
  float samples[4] = {};
  const float *channel[] = {samples};
  CHECK_FALSE(streamed->write(channel, 4));
  auto error = streamed->close();
  REQUIRE(error);
  CHECK(error->str() ==
        "<stream>: the WAV header promised 40 bytes of samples but 16 were written");
  std::fclose(out);
  std::filesystem::remove_all(dir);
}
