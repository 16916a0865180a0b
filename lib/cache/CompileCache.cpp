// The compile cache's files: where the directory is, the entry format (a
// fixed header, then the code) and the directory (atomic writes through
// io::AtomicFile, reads that check everything, least-recently-used eviction
// under a size bound). Nothing read from the directory is trusted before its
// magic, version, key, length and XXH3 checksum match; anything else is a
// miss and gets replaced. What the code bytes are is the tier's business.
#include "resin/cache/CompileCache.h"
#include "resin/io/AtomicFile.h"

#include <llvm/ADT/StringExtras.h>
#include <llvm/Support/xxhash.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <vector>

namespace resin::cache {

namespace {

constexpr char kMagic[8] = {'R', 'E', 'S', 'I', 'N', 'O', 'B', 'J'};
constexpr uint32_t kFormatVersion = 3; // 3: a linked image, no longer an object
constexpr const char *kSuffix = ".resinobj";
// Header layout: magic 0, checksum 8 (XXH3-64 of every byte from 16 to the
// end: the rest of the header and the code), version 16, width 20, state
// size 24, key 32, code length 48; the code from 56.
constexpr size_t kChecksumAt = 8, kVersionAt = 16, kWidthAt = 20, kStateAt = 24, kKeyAt = 32,
                 kLengthAt = 48, kHeaderBytes = 56;
constexpr size_t kCheckedFrom = 16;
// Entries larger than this are not read at all (no kernel comes close).
constexpr uint64_t kMaxEntryBytes = uint64_t(256) << 20;

template <class T> void put(std::string &bytes, size_t at, T value) {
  std::memcpy(bytes.data() + at, &value, sizeof value);
}
template <class T> T get(std::string_view bytes, size_t at) {
  T value;
  std::memcpy(&value, bytes.data() + at, sizeof value);
  return value;
}

uint64_t checksum(std::string_view entry) {
  return llvm::xxh3_64bits(llvm::StringRef(entry.data(), entry.size()).substr(kCheckedFrom));
}

/// Reads a whole file; nullopt when it cannot be read or is too large.
std::optional<std::string> readFile(const std::string &path, uint64_t limit) {
  // Non-blocking: a FIFO planted at an entry's path must not hang resinc (it
  // is then refused as not a regular file). No symlinks followed.
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return std::nullopt;
  std::optional<std::string> bytes;
  struct stat info;
  // Only a regular file of this user that nobody else may write is read.
  if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && info.st_uid == ::geteuid() &&
      (info.st_mode & (S_IWGRP | S_IWOTH)) == 0 && uint64_t(info.st_size) <= limit) {
    std::string data(size_t(info.st_size), '\0');
    size_t done = 0;
    while (done < data.size()) {
      ssize_t got = ::read(fd, data.data() + done, data.size() - done);
      if (got <= 0)
        break;
      done += size_t(got);
    }
    if (done == data.size())
      bytes = std::move(data);
  }
  ::close(fd);
  return bytes;
}

} // namespace

std::string defaultCacheDirectory() {
  const char *xdg = std::getenv("XDG_CACHE_HOME");
  if (xdg && *xdg == '/')
    return std::string(xdg) + "/resinc";
  const char *home = std::getenv("HOME");
  if (home && *home)
    return std::string(home) + "/.cache/resinc";
  return {};
}

std::string cacheDirectory(const CompileCacheSettings &settings) {
  if (!settings.enabled)
    return {};
  return settings.directory.empty() ? defaultCacheDirectory() : settings.directory;
}

std::string damagedEntryProblem(const CompileCache &cache, const CacheKey &key) {
  return "the compile cache entry " + cache.pathOf(key) +
         " could not be used (damaged or foreign); compiled again and replaced";
}

std::string storeProblem(const std::string &why) {
  return "cannot store in the compile cache: " + why;
}

std::string encodeEntry(const CacheKey &key, const CacheEntry &entry) {
  std::string bytes(kHeaderBytes, '\0');
  std::memcpy(bytes.data(), kMagic, sizeof kMagic);
  put<uint32_t>(bytes, kVersionAt, kFormatVersion);
  put<uint32_t>(bytes, kWidthAt, entry.width);
  put<uint64_t>(bytes, kStateAt, entry.stateSize);
  std::memcpy(bytes.data() + kKeyAt, key.data(), key.size());
  put<uint64_t>(bytes, kLengthAt, entry.code.size());
  bytes += entry.code;
  put<uint64_t>(bytes, kChecksumAt, checksum(bytes));
  return bytes;
}

std::optional<CacheEntry> decodeEntry(std::string_view bytes, const CacheKey &key) {
  if (bytes.size() < kHeaderBytes || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0 ||
      get<uint32_t>(bytes, kVersionAt) != kFormatVersion ||
      std::memcmp(bytes.data() + kKeyAt, key.data(), key.size()) != 0 ||
      get<uint64_t>(bytes, kLengthAt) != bytes.size() - kHeaderBytes ||
      get<uint64_t>(bytes, kChecksumAt) != checksum(bytes))
    return std::nullopt;
  CacheEntry entry;
  entry.width = get<uint32_t>(bytes, kWidthAt);
  entry.stateSize = get<uint64_t>(bytes, kStateAt);
  entry.code = std::string(bytes.substr(kHeaderBytes));
  return entry;
}

CompileCache::CompileCache(std::string directory, uint64_t maxBytes)
    : directory_(std::move(directory)), maxBytes_(maxBytes) {}

std::string CompileCache::pathOf(const CacheKey &key) const {
  return directory_ + "/" + keyHex(key) + kSuffix;
}

std::optional<CacheEntry> CompileCache::load(const CacheKey &key, bool *damaged) const {
  std::string path = pathOf(key);
  auto bytes = readFile(path, std::min(maxBytes_, kMaxEntryBytes));
  std::optional<CacheEntry> entry;
  if (bytes)
    entry = decodeEntry(*bytes, key);
  if (damaged) {
    struct stat info;
    *damaged = !entry && ::lstat(path.c_str(), &info) == 0;
  }
  if (entry)
    ::utimensat(AT_FDCWD, path.c_str(), nullptr, 0); // recently used: evicted last
  return entry;
}

bool CompileCache::store(const CacheKey &key, const CacheEntry &entry, std::string *why) const {
  std::error_code error;
  bool created = std::filesystem::create_directories(directory_, error);
  if (error) {
    if (why)
      *why = directory_ + ": " + error.message();
    return false;
  }
  // The folder holds code that resinc will run: one we create is the
  // user's own (an existing one is left as the user set it up).
  if (created)
    std::filesystem::permissions(directory_, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace, error);
  // A temporary renamed over the entry (resin/io/AtomicFile.h), so a
  // reader sees the old entry or the new one, never a part. Not synced: a
  // lost or damaged entry is a miss. Whatever an attacker planted at the
  // entry's path (a symlink, a FIFO) is replaced, never followed.
  io::AtomicFileOptions options;
  options.durable = false;
  options.mode = 0600;
  options.replaceAnything = true;
  if (auto failed = io::writeFileAtomically(pathOf(key), encodeEntry(key, entry), options)) {
    if (why)
      *why = failed->str();
    return false;
  }
  evict();
  return true;
}

void CompileCache::evict() const {
  struct File {
    std::filesystem::path path;
    uint64_t bytes;
    std::filesystem::file_time_type used;
  };
  std::vector<File> files;
  uint64_t total = 0;
  std::error_code error;
  // Iterated with error codes throughout: a folder that changes or fails to
  // read while we walk it ends the walk, never the process.
  std::filesystem::directory_iterator it(directory_, error), end;
  for (; !error && it != end; it.increment(error)) {
    const std::filesystem::directory_entry &item = *it;
    std::error_code itemError;
    // Only our own entries count and are ever deleted; other files are left alone.
    if (item.path().extension() != kSuffix || !item.is_regular_file(itemError))
      continue;
    File file{item.path(), item.file_size(itemError), item.last_write_time(itemError)};
    if (itemError)
      continue;
    total += file.bytes;
    files.push_back(std::move(file));
  }
  if (total <= maxBytes_)
    return;
  std::sort(files.begin(), files.end(),
            [](const File &a, const File &b) { return a.used < b.used; });
  for (const File &file : files) {
    if (total <= maxBytes_)
      break;
    if (std::filesystem::remove(file.path, error))
      total -= file.bytes;
  }
}

} // namespace resin::cache
