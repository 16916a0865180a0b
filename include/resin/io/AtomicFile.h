// Every file resinc writes goes through AtomicFile: the bytes go to a
// temporary file in the target's directory, and only a complete, flushed
// (and, where the data matters, fsync'ed) file is renamed over the target.
// Until then the target keeps what it held, whatever happens: a full disk,
// a file-size limit, a crash, Ctrl-C. A failure removes the temporary; a
// signal handler removes it too (resin/support/Interrupt.h).
#pragma once

#include "resin/support/Diagnostic.h"

#include <sys/types.h>

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

namespace resin::io {

struct AtomicFileOptions {
  /// fsync the file before the rename and the directory after it, so the new
  /// contents survive a power cut. Off for data that can be made again (the
  /// compile cache, whose entries are checked when read).
  bool durable = true;
  /// Permissions of a new file, before the umask (an existing target's are
  /// kept).
  mode_t mode = 0666;
  /// Replace whatever is at the target's path with a regular file: a symlink
  /// or FIFO there is replaced, never followed or written into, and `mode`
  /// is used as it is. For directories resinc does not trust, such as the
  /// compile cache.
  bool replaceAnything = false;
};

class AtomicFile {
public:
  /// Creates the temporary for `target`. A target that exists and is no
  /// regular file (a device such as /dev/null, a FIFO) is written directly:
  /// it cannot be replaced. A symlink is followed: the file it names is
  /// replaced, the link stays.
  static Result<AtomicFile> create(const std::string &target, AtomicFileOptions options = {});

  AtomicFile(AtomicFile &&other) noexcept;
  AtomicFile &operator=(AtomicFile &&other) noexcept;
  AtomicFile(const AtomicFile &) = delete;
  AtomicFile &operator=(const AtomicFile &) = delete;
  /// Discards the temporary when commit() was not called or failed.
  ~AtomicFile();

  /// The open file, positioned at its start; valid until commit or discard.
  std::FILE *stream() const { return stream_; }
  /// The path as the caller named it, for messages.
  const std::string &target() const { return target_; }
  /// Where the bytes go until commit (the target itself when written directly).
  const std::string &temporaryPath() const { return temporary_; }

  /// Appends `bytes`; the error names the target and says why (EFBIG, ENOSPC).
  std::optional<Diagnostic> write(std::string_view bytes);
  /// Flushes, syncs, closes and renames the temporary over the target. On
  /// an error, or when a stop was requested (resin::stopSignal()), the
  /// temporary is removed and the target left as it was.
  std::optional<Diagnostic> commit();
  /// Closes and removes the temporary; the target stays as it was.
  void discard();

private:
  AtomicFile() = default;
  void release();

  std::string target_;    // as named
  std::string replaced_;  // the path the rename replaces (a symlink resolved)
  std::string temporary_; // the temporary, or the target when written directly
  std::FILE *stream_ = nullptr;
  int registration_ = -1;
  bool direct_ = false;
  bool durable_ = true;
};

/// Writes `bytes` to `path` through an AtomicFile.
std::optional<Diagnostic> writeFileAtomically(const std::string &path, std::string_view bytes,
                                              AtomicFileOptions options = {});

} // namespace resin::io
