// Writing a WAV to a stream that cannot seek (standard output, a pipe).
// libsndfile finishes a WAV by seeking back to write the sizes, and refuses
// pipes; but when the length is known before the first sample, the header it
// will end with is known too. So libsndfile writes the same WAV twice
// through its virtual I/O: first a dry run of silence that keeps only the
// finished header, then the real file, whose header bytes are replaced by
// that finished header and whose samples go straight to the stream. Every
// byte is libsndfile's; resinc writes no WAV header itself. Private to lib/io.
#pragma once

#include "resin/support/Diagnostic.h"

#include <sndfile.h>

#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

namespace resin::io {

/// Where the real file's bytes go; owned by the writer, outliving its SNDFILE.
struct StreamSink;
struct StreamSinkDeleter {
  void operator()(StreamSink *sink) const;
};
using StreamSinkPtr = std::unique_ptr<StreamSink, StreamSinkDeleter>;

/// Opens a WAV of exactly `frames` frames (format and channels in `info`) on
/// `out`; the finished header is written to `out` at once. `name` is for
/// messages. Returns the SNDFILE (to write with sf_writef_float and close
/// with sf_close) and its sink, or the reason it cannot.
struct OpenStream {
  SNDFILE *file = nullptr;
  StreamSinkPtr sink;
};
Result<OpenStream> openWavStream(std::FILE *out, const std::string &name, SF_INFO info,
                                 int64_t frames);

/// What went wrong on the stream (a failed write), or "" when nothing did.
const std::string &streamProblem(const StreamSink &sink);

/// After sf_close: checks that libsndfile's final header is the one already
/// sent and that every frame was written, and flushes the stream.
std::optional<Diagnostic> finishWavStream(StreamSink &sink);

} // namespace resin::io
