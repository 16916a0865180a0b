// AtomicFile (resin/io/AtomicFile.h): a temporary made with mkostemp in the
// target's directory (so the final rename(2) stays within one filesystem and
// is atomic, and concurrent writers of the same target never share a
// temporary), registered for removal by signal handlers, renamed over the
// target once complete.
#include "resin/io/AtomicFile.h"

#include "resin/support/Interrupt.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace resin::io {

namespace {

/// The process's umask, read without changing it (umask(2) can only set it,
/// and setting it twice would race with other threads creating files).
mode_t processUmask() {
  static const mode_t mask = [] {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
      if (line.rfind("Umask:", 0) == 0)
        return mode_t(std::strtoul(line.c_str() + 6, nullptr, 8));
    return mode_t(022);
  }();
  return mask;
}

/// Blocks SIGINT and SIGTERM while alive, so a handler never sees a
/// temporary that exists but is not registered yet.
class SignalsHeld {
public:
  SignalsHeld() {
    sigset_t held;
    sigemptyset(&held);
    sigaddset(&held, SIGINT);
    sigaddset(&held, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &held, &previous_);
  }
  ~SignalsHeld() { pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }
  SignalsHeld(const SignalsHeld &) = delete;
  SignalsHeld &operator=(const SignalsHeld &) = delete;

private:
  sigset_t previous_;
};

std::string why(int error) {
  return std::strerror(error);
}

/// fsync of a directory, so that a rename in it is on disk too. Best effort:
/// some filesystems refuse to sync a directory, and the file is in place.
void syncDirectory(const std::string &directory) {
  int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return;
  ::fsync(fd);
  ::close(fd);
}

/// A temporary's name keeps room for the suffix within NAME_MAX (255).
constexpr size_t kMaxBaseInName = 200;

} // namespace

Result<AtomicFile> AtomicFile::create(const std::string &target, AtomicFileOptions options) {
  AtomicFile file;
  file.target_ = target;
  file.durable_ = options.durable;
  file.replaced_ = target;
  struct stat info;
  if (!options.replaceAnything && ::lstat(target.c_str(), &info) == 0 && S_ISLNK(info.st_mode)) {
    std::error_code error;
    std::filesystem::path resolved = std::filesystem::weakly_canonical(target, error);
    if (error)
      return Diagnostic{target, {}, "cannot write the output file: " + error.message()};
    file.replaced_ = resolved.string();
  }
  const bool exists = !options.replaceAnything && ::stat(file.replaced_.c_str(), &info) == 0;
  if (exists && !S_ISREG(info.st_mode)) {
    // A device or FIFO cannot be replaced, and a directory is an error the
    // open reports.
    file.direct_ = true;
    file.temporary_ = file.replaced_;
    file.stream_ = std::fopen(file.replaced_.c_str(), "wb");
    if (!file.stream_)
      return Diagnostic{target, {}, "cannot write the output file: " + why(errno)};
    return file;
  }
  const mode_t mode = options.replaceAnything ? options.mode
                      : exists                ? info.st_mode & 07777
                                              : options.mode & ~processUmask();
  std::filesystem::path path(file.replaced_);
  std::string directory = path.parent_path().string();
  std::string base = path.filename().string().substr(0, kMaxBaseInName);
  std::string name =
      (directory.empty() ? std::string() : directory + "/") + "." + base + ".resinc-XXXXXX";
  SignalsHeld held;
  // From its creation to its registration the temporary is unknown to the
  // handlers that remove temporaries when the process dies (out of memory
  // in operator new's handler, LLVM's fatal errors, a second signal), which
  // may run on another thread: they wait for this gap, which allocates
  // nothing (a copy of the name here left the file behind under ulimit -v).
  beginMakingTemporary();
  int fd = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd >= 0)
    file.registration_ = registerTemporary(name.c_str());
  endMakingTemporary();
  if (fd < 0)
    return Diagnostic{target, {}, "cannot write the output file: " + why(errno)};
  file.temporary_ = std::move(name);
  if (::fchmod(fd, mode) != 0 || !(file.stream_ = ::fdopen(fd, "wb"))) {
    int error = errno;
    if (!file.stream_)
      ::close(fd);
    file.discard();
    return Diagnostic{target, {}, "cannot write the output file: " + why(error)};
  }
  return file;
}

AtomicFile::AtomicFile(AtomicFile &&other) noexcept
    : target_(std::move(other.target_)), replaced_(std::move(other.replaced_)),
      temporary_(std::move(other.temporary_)), stream_(other.stream_),
      registration_(other.registration_), direct_(other.direct_), durable_(other.durable_) {
  other.stream_ = nullptr;
  other.registration_ = -1;
  other.temporary_.clear();
}

AtomicFile &AtomicFile::operator=(AtomicFile &&other) noexcept {
  if (this != &other) {
    discard();
    target_ = std::move(other.target_);
    replaced_ = std::move(other.replaced_);
    temporary_ = std::move(other.temporary_);
    stream_ = other.stream_;
    registration_ = other.registration_;
    direct_ = other.direct_;
    durable_ = other.durable_;
    other.stream_ = nullptr;
    other.registration_ = -1;
    other.temporary_.clear();
  }
  return *this;
}

AtomicFile::~AtomicFile() {
  discard();
}

std::optional<Diagnostic> AtomicFile::write(std::string_view bytes) {
  if (!stream_)
    return Diagnostic{target_, {}, "the output file is already closed"};
  if (std::fwrite(bytes.data(), 1, bytes.size(), stream_) != bytes.size())
    return Diagnostic{target_, {}, "writing failed: " + why(errno)};
  return std::nullopt;
}

std::optional<Diagnostic> AtomicFile::commit() {
  if (!stream_)
    return Diagnostic{target_, {}, "the output file is already closed"};
  int error = 0;
  if (std::fflush(stream_) != 0 || std::ferror(stream_))
    error = errno ? errno : EIO;
  else if (durable_ && !direct_ && ::fsync(::fileno(stream_)) != 0)
    error = errno;
  if (std::fclose(stream_) != 0 && error == 0)
    error = errno;
  stream_ = nullptr;
  if (error != 0) {
    discard();
    return Diagnostic{target_, {}, "writing failed: " + why(error)};
  }
  if (direct_) {
    release();
    return std::nullopt;
  }
  if (stopSignal() != 0) {
    discard();
    return Diagnostic{target_, {}, "stopped before the output file was replaced"};
  }
  if (std::rename(temporary_.c_str(), replaced_.c_str()) != 0) {
    error = errno;
    discard();
    return Diagnostic{target_, {}, "cannot replace the output file: " + why(error)};
  }
  release();
  if (durable_) {
    std::string directory = std::filesystem::path(replaced_).parent_path().string();
    syncDirectory(directory.empty() ? "." : directory);
  }
  return std::nullopt;
}

void AtomicFile::discard() {
  if (stream_) {
    std::fclose(stream_);
    stream_ = nullptr;
  }
  if (!direct_ && !temporary_.empty())
    ::unlink(temporary_.c_str());
  release();
}

void AtomicFile::release() {
  unregisterTemporary(registration_);
  registration_ = -1;
  temporary_.clear();
}

std::optional<Diagnostic> writeFileAtomically(const std::string &path, std::string_view bytes,
                                              AtomicFileOptions options) {
  auto file = AtomicFile::create(path, options);
  if (!file)
    return file.errors()[0];
  if (auto error = file->write(bytes))
    return error;
  return file->commit();
}

} // namespace resin::io
