// WAV reading and writing through libsndfile (never a hand-written encoder).
// Both directions work in blocks: the interleaved scratch buffer is sized to
// the block the caller passes, not to the whole file.
#include "resin/io/Wav.h"

#include "WavStream.h"
#include "resin/io/AtomicFile.h"

#include <sndfile.h>

#include <algorithm>
#include <cstdio>

namespace resin::io {

namespace {

std::string sndfileError(SNDFILE *file) {
  return sf_strerror(file);
}

struct SndfileCloser {
  void operator()(SNDFILE *file) const {
    if (file)
      sf_close(file);
  }
};
using SndfilePtr = std::unique_ptr<SNDFILE, SndfileCloser>;

} // namespace

// ---- reading ----

struct WavReader::Impl {
  std::string path;
  SndfilePtr file;
  std::vector<float> interleaved;
};

WavReader::WavReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
WavReader::WavReader(WavReader &&) noexcept = default;
WavReader &WavReader::operator=(WavReader &&) noexcept = default;
WavReader::~WavReader() = default;

Result<WavReader> WavReader::open(const std::string &path) {
  SF_INFO sfinfo{};
  SndfilePtr file(sf_open(path.c_str(), SFM_READ, &sfinfo));
  if (!file)
    return Diagnostic{path, {}, "cannot read the sound file: " + sndfileError(nullptr)};
  // libsndfile refuses these itself today; checked so a later version that
  // accepts them cannot make us divide by zero or allocate nothing.
  if (sfinfo.channels <= 0)
    return Diagnostic{path, {}, "the sound file has no channels"};
  if (sfinfo.samplerate <= 0)
    return Diagnostic{path, {}, "the sound file has no sample rate"};
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->file = std::move(file);
  WavReader reader(std::move(impl));
  reader.info_ = {sfinfo.channels, sfinfo.samplerate, sfinfo.frames};
  return reader;
}

Result<int64_t> WavReader::read(float *const *out, int64_t frames) {
  const int channels = info_.channels;
  std::vector<float> &buffer = impl_->interleaved;
  buffer.resize(size_t(frames) * size_t(channels));
  sf_count_t got = sf_readf_float(impl_->file.get(), buffer.data(), frames);
  if (got < 0 || (got < frames && sf_error(impl_->file.get()) != SF_ERR_NO_ERROR))
    return Diagnostic{impl_->path, {}, "reading failed: " + sndfileError(impl_->file.get())};
  for (sf_count_t f = 0; f < got; ++f)
    for (int c = 0; c < channels; ++c)
      out[c][f] = buffer[size_t(f) * size_t(channels) + size_t(c)];
  return int64_t(got);
}

Result<AudioBuffer> readWav(const std::string &path) {
  auto reader = WavReader::open(path);
  if (!reader)
    return reader.takeErrors();
  const SoundInfo info = reader->info();
  AudioBuffer audio;
  audio.sampleRate = info.sampleRate;
  audio.channels.resize(size_t(info.channels));
  constexpr int64_t kBlock = 65536;
  std::vector<std::vector<float>> block(size_t(info.channels), std::vector<float>(kBlock));
  std::vector<float *> pointers;
  for (auto &channel : block)
    pointers.push_back(channel.data());
  for (;;) {
    auto got = reader->read(pointers.data(), kBlock);
    if (!got)
      return got.takeErrors();
    if (*got == 0)
      break;
    for (size_t c = 0; c < block.size(); ++c)
      audio.channels[c].insert(audio.channels[c].end(), block[c].begin(), block[c].begin() + *got);
  }
  return audio;
}

// ---- writing ----

struct WavWriter::Impl {
  std::string path;
  int channels = 0;
  // Where a file's bytes go until close(); declared before `file`, so that
  // it outlives the SNDFILE writing into its descriptor.
  std::optional<AtomicFile> atomic;
  StreamSinkPtr stream; // set for a stream; declared before `file`, so it outlives it
  SndfilePtr file;
  std::vector<float> interleaved;
};

WavWriter::WavWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
WavWriter::WavWriter(WavWriter &&) noexcept = default;
WavWriter &WavWriter::operator=(WavWriter &&) noexcept = default;
WavWriter::~WavWriter() = default;

namespace {

/// The SF_INFO of resinc's WAVs, or the reason libsndfile cannot write one.
Result<SF_INFO> wavInfo(const std::string &path, int channels, int sampleRate,
                        WavEncoding encoding) {
  SF_INFO sfinfo{};
  sfinfo.channels = channels;
  sfinfo.samplerate = sampleRate;
  sfinfo.format = SF_FORMAT_WAV | (encoding == WavEncoding::Pcm24   ? SF_FORMAT_PCM_24
                                   : encoding == WavEncoding::Pcm16 ? SF_FORMAT_PCM_16
                                                                    : SF_FORMAT_FLOAT);
  if (channels <= 0 || sampleRate <= 0 || !sf_format_check(&sfinfo))
    return Diagnostic{path,
                      {},
                      "cannot write a WAV with " + std::to_string(channels) + " channels at " +
                          std::to_string(sampleRate) + " Hz"};
  return sfinfo;
}

} // namespace

Result<WavWriter> WavWriter::create(const std::string &path, int channels, int sampleRate,
                                    WavEncoding encoding) {
  auto info = wavInfo(path, channels, sampleRate, encoding);
  if (!info)
    return info.takeErrors();
  SF_INFO sfinfo = *info;
  auto atomic = AtomicFile::create(path);
  if (!atomic)
    return atomic.takeErrors();
  // libsndfile writes through the temporary's descriptor and leaves it
  // open: AtomicFile flushes, closes and renames it.
  SndfilePtr file(sf_open_fd(::fileno(atomic->stream()), SFM_WRITE, &sfinfo, SF_FALSE));
  if (!file)
    return Diagnostic{path, {}, "cannot write the output file: " + sndfileError(nullptr)};
  // No PEAK chunk: it carries a timestamp, so two renders of the same samples
  // would differ byte for byte.
  sf_command(file.get(), SFC_SET_ADD_PEAK_CHUNK, nullptr, SF_FALSE);
  // Integer PCM: a sample beyond full scale saturates instead of wrapping.
  sf_command(file.get(), SFC_SET_CLIPPING, nullptr, SF_TRUE);
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->channels = channels;
  impl->atomic.emplace(std::move(*atomic));
  impl->file = std::move(file);
  return WavWriter(std::move(impl));
}

Result<WavWriter> WavWriter::createStream(std::FILE *out, const std::string &name, int channels,
                                          int sampleRate, int64_t frames, WavEncoding encoding) {
  auto info = wavInfo(name, channels, sampleRate, encoding);
  if (!info)
    return info.takeErrors();
  auto stream = openWavStream(out, name, *info, frames);
  if (!stream)
    return stream.takeErrors();
  auto impl = std::make_unique<Impl>();
  impl->path = name;
  impl->channels = channels;
  impl->stream = std::move(stream->sink);
  impl->file.reset(stream->file);
  sf_command(impl->file.get(), SFC_SET_CLIPPING, nullptr, SF_TRUE);
  return WavWriter(std::move(impl));
}

std::optional<Diagnostic> WavWriter::write(const float *const *in, int64_t frames) {
  if (!impl_->file)
    return Diagnostic{impl_->path, {}, "the output file is already closed"};
  const size_t channels = size_t(impl_->channels);
  std::vector<float> &buffer = impl_->interleaved;
  buffer.resize(size_t(frames) * channels);
  for (int64_t f = 0; f < frames; ++f)
    for (size_t c = 0; c < channels; ++c)
      buffer[size_t(f) * channels + c] = in[c][f];
  if (sf_writef_float(impl_->file.get(), buffer.data(), frames) != frames) {
    bool streamFailed = impl_->stream && !streamProblem(*impl_->stream).empty();
    return Diagnostic{impl_->path,
                      {},
                      "writing failed: " + (streamFailed ? streamProblem(*impl_->stream)
                                                         : sndfileError(impl_->file.get()))};
  }
  return std::nullopt;
}

std::optional<Diagnostic> WavWriter::close() {
  if (!impl_->file)
    return std::nullopt;
  // sf_close rewrites the header's sizes; its failure means a broken file.
  int status = sf_close(impl_->file.release());
  if (status != 0)
    return Diagnostic{impl_->path, {}, std::string("closing failed: ") + sf_error_number(status)};
  if (impl_->stream)
    if (auto error = finishWavStream(*impl_->stream)) {
      error->file = impl_->path;
      return error;
    }
  if (impl_->atomic)
    return impl_->atomic->commit();
  return std::nullopt;
}

void WavWriter::discard() {
  impl_->file.reset();
  // What a stream already carries cannot be taken back; a file's target
  // keeps what it held.
  if (impl_->atomic)
    impl_->atomic->discard();
}

std::optional<Diagnostic> writeWav(const std::string &path, const AudioBuffer &audio) {
  auto writer = WavWriter::create(path, int(audio.channels.size()), audio.sampleRate);
  if (!writer)
    return writer.errors()[0];
  std::vector<const float *> pointers;
  for (const auto &channel : audio.channels)
    pointers.push_back(channel.data());
  auto error = writer->write(pointers.data(), audio.frames());
  if (!error)
    error = writer->close();
  if (error)
    writer->discard();
  return error;
}

} // namespace resin::io
