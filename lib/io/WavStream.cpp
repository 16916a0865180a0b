// A WAV on a stream that cannot seek, written twice by libsndfile through
// its virtual I/O (see WavStream.h for why this is sound).
#include "WavStream.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

namespace resin::io {

struct StreamSink {
  std::FILE *out = nullptr; // null in the dry run, which only keeps the header
  std::string header;       // dry run: the bytes libsndfile wrote first; real: the header to send
  std::string written;      // real: what libsndfile last wrote over the header
  sf_count_t headerSize = 0;
  sf_count_t dataBytes = 0; // real: how many sample bytes the header promises
  sf_count_t pos = 0, length = 0;
  sf_count_t sent = 0; // real: sample bytes sent to `out`
  std::string problem; // the first thing that went wrong
};

void StreamSinkDeleter::operator()(StreamSink *sink) const {
  delete sink;
}

namespace {

/// The dry run keeps at most this much of the start of its file: a WAV
/// header from libsndfile is well under 1 KiB.
constexpr sf_count_t kMaxHeader = 64 * 1024;
constexpr int64_t kDryRunBlock = 16384;

StreamSink &sinkOf(void *user) {
  return *static_cast<StreamSink *>(user);
}

sf_count_t fileLength(void *user) {
  return sinkOf(user).length;
}

sf_count_t seek(sf_count_t offset, int whence, void *user) {
  StreamSink &sink = sinkOf(user);
  sf_count_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? sink.pos : sink.length;
  sink.pos = std::max<sf_count_t>(0, base + offset);
  return sink.pos;
}

sf_count_t read(void *, sf_count_t, void *) {
  return 0; // a WAV being written is never read back
}

sf_count_t tell(void *user) {
  return sinkOf(user).pos;
}

/// Copies the part of [pos, pos + count) that lies below `limit` into `into`.
void keepBelow(std::string &into, sf_count_t limit, sf_count_t pos, const char *bytes,
               sf_count_t count) {
  if (pos >= limit)
    return;
  sf_count_t n = std::min(count, limit - pos);
  if (sf_count_t(into.size()) < pos + n)
    into.resize(size_t(pos + n));
  std::memcpy(into.data() + pos, bytes, size_t(n));
}

sf_count_t write(const void *ptr, sf_count_t count, void *user) {
  StreamSink &sink = sinkOf(user);
  const char *bytes = static_cast<const char *>(ptr);
  if (!sink.out) {
    keepBelow(sink.header, kMaxHeader, sink.pos, bytes, count);
  } else {
    keepBelow(sink.written, sink.headerSize, sink.pos, bytes, count);
    sf_count_t from = std::max(sink.pos, sink.headerSize);
    sf_count_t end = sink.pos + count;
    if (from < end) {
      // Samples must arrive in order, right after those already sent.
      if (from != sink.headerSize + sink.sent) {
        if (sink.problem.empty())
          sink.problem = "libsndfile wrote samples out of order";
        return 0;
      }
      size_t n = size_t(end - from);
      if (std::fwrite(bytes + (from - sink.pos), 1, n, sink.out) != n) {
        if (sink.problem.empty())
          sink.problem = std::string("cannot write to the stream: ") + std::strerror(errno);
        return 0;
      }
      sink.sent += sf_count_t(n);
    }
  }
  sink.pos += count;
  sink.length = std::max(sink.length, sink.pos);
  return count;
}

SF_VIRTUAL_IO virtualIo() {
  return SF_VIRTUAL_IO{fileLength, seek, read, write, tell};
}

SNDFILE *openVirtual(SF_INFO &info, StreamSink &sink) {
  SF_VIRTUAL_IO io = virtualIo();
  SNDFILE *file = sf_open_virtual(&io, SFM_WRITE, &info, &sink);
  // As for files (Wav.cpp): no PEAK chunk, whose timestamp would make two
  // renders differ, and which would also differ between the two runs.
  if (file)
    sf_command(file, SFC_SET_ADD_PEAK_CHUNK, nullptr, SF_FALSE);
  return file;
}

/// The header libsndfile finishes a WAV of `frames` frames with: a dry run
/// writing silence, of which only the first bytes are kept.
Result<std::string> finishedHeader(const std::string &name, SF_INFO info, int64_t frames,
                                   sf_count_t dataBytes) {
  StreamSink dry;
  SNDFILE *file = openVirtual(info, dry);
  if (!file)
    return Diagnostic{name, {}, "cannot write a WAV: " + std::string(sf_strerror(nullptr))};
  std::vector<float> silence(size_t(kDryRunBlock) * size_t(info.channels), 0.0f);
  for (int64_t done = 0; done < frames;) {
    sf_count_t n = std::min(kDryRunBlock, frames - done);
    if (sf_writef_float(file, silence.data(), n) != n) {
      std::string why = sf_strerror(file);
      sf_close(file);
      return Diagnostic{name, {}, "cannot write a WAV: " + why};
    }
    done += n;
  }
  if (int status = sf_close(file); status != 0)
    return Diagnostic{name, {}, std::string("cannot write a WAV: ") + sf_error_number(status)};
  sf_count_t headerSize = dry.length - dataBytes;
  if (headerSize <= 0 || headerSize > sf_count_t(dry.header.size()))
    return Diagnostic{name, {}, "cannot write a WAV to a stream: unexpected header layout"};
  return dry.header.substr(0, size_t(headerSize));
}

} // namespace

Result<OpenStream> openWavStream(std::FILE *out, const std::string &name, SF_INFO info,
                                 int64_t frames) {
  int subtype = info.format & SF_FORMAT_SUBMASK;
  sf_count_t sampleBytes = subtype == SF_FORMAT_PCM_16 ? 2 : subtype == SF_FORMAT_PCM_24 ? 3 : 4;
  sf_count_t dataBytes = sf_count_t(frames) * info.channels * sampleBytes;
  auto header = finishedHeader(name, info, frames, dataBytes);
  if (!header)
    return header.takeErrors();
  StreamSinkPtr sink(new StreamSink);
  sink->out = out;
  sink->header = std::move(*header);
  sink->headerSize = sf_count_t(sink->header.size());
  sink->dataBytes = dataBytes;
  if (std::fwrite(sink->header.data(), 1, sink->header.size(), out) != sink->header.size())
    return Diagnostic{name, {}, std::string("cannot write to the stream: ") + std::strerror(errno)};
  SNDFILE *file = openVirtual(info, *sink);
  if (!file)
    return Diagnostic{name, {}, "cannot write a WAV: " + std::string(sf_strerror(nullptr))};
  return OpenStream{file, std::move(sink)};
}

const std::string &streamProblem(const StreamSink &sink) {
  return sink.problem;
}

std::optional<Diagnostic> finishWavStream(StreamSink &sink) {
  if (!sink.problem.empty())
    return Diagnostic{"", {}, sink.problem};
  if (sink.sent != sink.dataBytes)
    return Diagnostic{"",
                      {},
                      "the WAV header promised " + std::to_string(sink.dataBytes) +
                          " bytes of samples but " + std::to_string(sink.sent) + " were written"};
  if (sink.written != sink.header)
    return Diagnostic{"", {}, "libsndfile's final WAV header differs from the one sent first"};
  if (std::fflush(sink.out) != 0)
    return Diagnostic{"", {}, std::string("cannot write to the stream: ") + std::strerror(errno)};
  return std::nullopt;
}

} // namespace resin::io
