// AtomicFile (resin/io/AtomicFile.h) and the registry of temporaries
// (resin/support/Interrupt.h): the target keeps its bytes until commit, a
// failure or a stop leaves it as it was and no temporary behind, modes,
// symlinks and devices are handled as documented.
#include "resin/io/AtomicFile.h"
#include "resin/support/Interrupt.h"

#include <doctest/doctest.h>

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

using namespace resin;
using namespace resin::io;
namespace fs = std::filesystem;

namespace {

/// A fresh directory of its own, so its listing is the test's alone.
struct TempDir {
  fs::path path;
  explicit TempDir(const std::string &name)
      : path(fs::temp_directory_path() /
             ("resin-atomic-" + std::to_string(getpid()) + "-" + name)) {
    fs::remove_all(path);
    fs::create_directory(path);
  }
  ~TempDir() { fs::remove_all(path); }
  std::string file(const std::string &name) const { return (path / name).string(); }
  /// The names in the directory, hidden ones too, sorted.
  std::vector<std::string> names() const {
    std::vector<std::string> all;
    for (const auto &entry : fs::directory_iterator(path))
      all.push_back(entry.path().filename().string());
    std::sort(all.begin(), all.end());
    return all;
  }
};

std::string readBytes(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void writeBytes(const std::string &path, const std::string &bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

} // namespace

TEST_CASE("atomic file: the target keeps its bytes until commit, then has the new ones") {
  TempDir dir("commit");
  const std::string target = dir.file("out.bin");
  writeBytes(target, "previous");
  auto file = AtomicFile::create(target);
  REQUIRE(file);
  REQUIRE_FALSE(file->write("new bytes"));
  CHECK(readBytes(target) == "previous");
  // The temporary is a hidden file beside the target, named after it.
  REQUIRE(dir.names().size() == 2);
  const std::string temporary = file->temporaryPath();
  CHECK(fs::path(temporary).parent_path() == dir.path);
  CHECK(fs::path(temporary).filename().string().rfind(".out.bin.resinc-", 0) == 0);
  REQUIRE_FALSE(file->commit());
  CHECK(readBytes(target) == "new bytes");
  CHECK(dir.names() == std::vector<std::string>{"out.bin"});
  CHECK(file->commit()); // a second commit is an error, not a crash
}

TEST_CASE("atomic file: discard, the destructor and a requested stop leave the target as it was") {
  TempDir dir("discard");
  const std::string target = dir.file("out.bin");
  writeBytes(target, "previous");
  {
    auto file = AtomicFile::create(target);
    REQUIRE(file);
    REQUIRE_FALSE(file->write("lost"));
    file->discard();
    CHECK(readBytes(target) == "previous");
    CHECK(dir.names() == std::vector<std::string>{"out.bin"});
  }
  {
    auto file = AtomicFile::create(target);
    REQUIRE(file);
    REQUIRE_FALSE(file->write("lost"));
  } // dropped without commit
  CHECK(readBytes(target) == "previous");
  CHECK(dir.names() == std::vector<std::string>{"out.bin"});

  auto file = AtomicFile::create(target);
  REQUIRE(file);
  REQUIRE_FALSE(file->write("lost"));
  requestStop(SIGINT);
  auto error = file->commit();
  clearStop();
  REQUIRE(error);
  CHECK(error->str() == target + ": stopped before the output file was replaced");
  CHECK(readBytes(target) == "previous");
  CHECK(dir.names() == std::vector<std::string>{"out.bin"});
}

TEST_CASE("atomic file: a new file gets 0666 less the umask, an existing one keeps its mode") {
  TempDir dir("mode");
  const mode_t mask = ::umask(022);
  const std::string fresh = dir.file("fresh.bin");
  REQUIRE_FALSE(writeFileAtomically(fresh, "x"));
  struct stat info;
  REQUIRE(::stat(fresh.c_str(), &info) == 0);
  CHECK((info.st_mode & 07777) == 0644);

  const std::string kept = dir.file("kept.bin");
  writeBytes(kept, "old");
  REQUIRE(::chmod(kept.c_str(), 0640) == 0);
  REQUIRE_FALSE(writeFileAtomically(kept, "new"));
  REQUIRE(::stat(kept.c_str(), &info) == 0);
  CHECK((info.st_mode & 07777) == 0640);

  AtomicFileOptions cache;
  cache.mode = 0600;
  cache.replaceAnything = true;
  const std::string entry = dir.file("entry.bin");
  REQUIRE_FALSE(writeFileAtomically(entry, "code", cache));
  REQUIRE(::stat(entry.c_str(), &info) == 0);
  CHECK((info.st_mode & 07777) == 0600);
  ::umask(mask);
}

TEST_CASE("atomic file: a symlink is followed, unless the directory is not trusted") {
  TempDir dir("symlink");
  const std::string real = dir.file("real.bin");
  const std::string link = dir.file("link.bin");
  writeBytes(real, "previous");
  fs::create_symlink("real.bin", link);
  REQUIRE_FALSE(writeFileAtomically(link, "through the link"));
  CHECK(fs::is_symlink(link));
  CHECK(readBytes(real) == "through the link");

  AtomicFileOptions untrusted;
  untrusted.replaceAnything = true;
  REQUIRE_FALSE(writeFileAtomically(link, "replaces the link", untrusted));
  CHECK_FALSE(fs::is_symlink(link));
  CHECK(readBytes(link) == "replaces the link");
  CHECK(readBytes(real) == "through the link");
  CHECK(dir.names() == std::vector<std::string>{"link.bin", "real.bin"});
}

TEST_CASE("atomic file: a device is written directly, and errors name the target") {
  CHECK_FALSE(writeFileAtomically("/dev/null", "discarded"));
  CHECK(fs::is_character_file("/dev/null"));

  auto missing = writeFileAtomically("/nonexistent/dir/out.bin", "x");
  REQUIRE(missing);
  CHECK(missing->str() ==
        "/nonexistent/dir/out.bin: cannot write the output file: No such file or directory");

  TempDir dir("directory");
  auto directory = writeFileAtomically(dir.path.string(), "x");
  REQUIRE(directory);
  CHECK(directory->file == dir.path.string());
  CHECK(dir.names().empty());
}

TEST_CASE("temporaries registry: what a signal handler removes, and only while registered") {
  TempDir dir("registry");
  const std::string a = dir.file("a.tmp"), b = dir.file("b.tmp");
  writeBytes(a, "a");
  writeBytes(b, "b");
  int slotA = registerTemporary(a.c_str());
  int slotB = registerTemporary(b.c_str());
  REQUIRE(slotA >= 0);
  REQUIRE(slotB >= 0);
  CHECK(slotA != slotB);
  unregisterTemporary(slotB);
  removeRegisteredTemporaries();
  CHECK(dir.names() == std::vector<std::string>{"b.tmp"});
  unregisterTemporary(slotA);
  CHECK(registerTemporary(std::string(5000, 'x').c_str()) == -1); // longer than a path
}
