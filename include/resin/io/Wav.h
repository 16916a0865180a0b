// WAV files through libsndfile: read any format libsndfile reads (one
// deinterleaved buffer per channel), write 32-bit float WAV in blocks so a
// long render never holds the whole signal in memory. Errors are values
// naming the file; nothing here prints or exits.
#pragma once

#include "resin/support/Diagnostic.h"

#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace resin::io {

/// A WAV's 32-bit size fields hold at most this many bytes of samples
/// (4 GiB less room for the header); longer outputs are refused, not truncated.
inline constexpr uint64_t kMaxWavDataBytes = (uint64_t(1) << 32) - 4096;

struct SoundInfo {
  int channels = 0;
  int sampleRate = 0;
  int64_t frames = 0;
};

/// Reads a sound file block by block, deinterleaving into one buffer per channel.
class WavReader {
public:
  /// Opens `path`; errors: unreadable, not a sound file, no channels.
  static Result<WavReader> open(const std::string &path);

  WavReader(WavReader &&) noexcept;
  WavReader &operator=(WavReader &&) noexcept;
  ~WavReader();

  const SoundInfo &info() const { return info_; }
  /// Reads up to `frames` frames into out[c][0..] for each channel; returns
  /// how many were read (fewer at the end of the file, 0 after it).
  Result<int64_t> read(float *const *out, int64_t frames);

private:
  struct Impl;
  explicit WavReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  SoundInfo info_;
};

/// A whole sound file in memory (for small files and tests).
struct AudioBuffer {
  int sampleRate = 0;
  std::vector<std::vector<float>> channels;
  int64_t frames() const { return channels.empty() ? 0 : int64_t(channels[0].size()); }
};
Result<AudioBuffer> readWav(const std::string &path);

/// How a WAV stores its samples: 32-bit float (WAVE_FORMAT_IEEE_FLOAT, the
/// default: every value kept), or 24- or 16-bit integer PCM (what every
/// reader takes without a word; samples beyond full scale are clipped).
enum class WavEncoding { Float32, Pcm24, Pcm16 };

/// Writes a WAV, interleaving blocks of per-channel buffers as they come.
class WavWriter {
public:
  /// Creates `path`; errors: a channel count or rate libsndfile refuses, an
  /// unwritable file.
  static Result<WavWriter> create(const std::string &path, int channels, int sampleRate,
                                  WavEncoding encoding = WavEncoding::Float32);
  /// Writes to `out`, which need not seek (standard output, a pipe), a WAV
  /// of exactly `frames` frames: libsndfile's finished header goes out first,
  /// so the length must be known now (lib/io/WavStream.h). `name` is for
  /// messages. close() reports a WAV that got fewer frames than promised.
  static Result<WavWriter> createStream(std::FILE *out, const std::string &name, int channels,
                                        int sampleRate, int64_t frames,
                                        WavEncoding encoding = WavEncoding::Float32);

  WavWriter(WavWriter &&) noexcept;
  WavWriter &operator=(WavWriter &&) noexcept;
  ~WavWriter();

  /// Appends `frames` frames from in[c][0..frames) for each channel.
  std::optional<Diagnostic> write(const float *const *in, int64_t frames);
  /// Finishes the header, closes the file and only then puts it in place of
  /// the target; the destructor abandons a file that was not closed.
  std::optional<Diagnostic> close();
  /// Abandons the file after a failure: the samples went to a temporary
  /// (resin/io/AtomicFile.h), which is removed, so the target keeps what it
  /// held and no truncated WAV that looks valid is left behind.
  void discard();

private:
  struct Impl;
  explicit WavWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// Writes a whole buffer with WavWriter (for tests and small outputs).
std::optional<Diagnostic> writeWav(const std::string &path, const AudioBuffer &audio);

} // namespace resin::io
