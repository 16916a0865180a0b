// Linked images (the compile cache's code format) without LLVM: the byte
// format reads back what was written and refuses anything inconsistent, and
// a mapped image runs at a fresh address with its pages' protections (code
// never writable). The images JitSession::load records are covered by
// CompileCacheTest's hits.
#include "resin/jit/LinkedImage.h"

#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>

namespace {

using namespace resin::jit;

const uint32_t kPage = uint32_t(::sysconf(_SC_PAGESIZE));

/// Two pages: code `mov eax, [rip + to the data page]; ret` and a read-only
/// page holding 42, with symbols for both: the smallest image whose code
/// reaches its data PC-relatively, as kernels reach their constants.
LinkedImage sampleImage() {
  LinkedImage image;
  image.pageSize = kPage;
  image.bytes.assign(2 * size_t(kPage), '\0');
  image.pageProt = {1 | 4, 1};
  // 8b 05 disp32: mov eax, [rip + disp32]; the next instruction is at 6.
  const int32_t displacement = int32_t(kPage) - 6;
  const unsigned char code[] = {0x8b, 0x05, 0, 0, 0, 0, 0xc3};
  std::memcpy(image.bytes.data(), code, sizeof code);
  std::memcpy(image.bytes.data() + 2, &displacement, 4);
  const int32_t answer = 42;
  std::memcpy(image.bytes.data() + kPage, &answer, 4);
  image.symbols = {{"answer", 0}, {"data", kPage}};
  return image;
}

/// The permissions column of /proc/self/maps for the mapping holding `at`.
std::string permissionsAt(const void *at) {
  std::ifstream maps("/proc/self/maps");
  std::string line;
  const auto address = reinterpret_cast<uintptr_t>(at);
  while (std::getline(maps, line)) {
    std::istringstream fields(line);
    std::string range, perms;
    fields >> range >> perms;
    uintptr_t low = std::stoull(range.substr(0, range.find('-')), nullptr, 16);
    uintptr_t high = std::stoull(range.substr(range.find('-') + 1), nullptr, 16);
    if (address >= low && address < high)
      return perms;
  }
  return "";
}

bool sameImage(const LinkedImage &a, const LinkedImage &b) {
  return a.pageSize == b.pageSize && a.bytes == b.bytes && a.pageProt == b.pageProt &&
         a.symbols == b.symbols;
}

} // namespace

TEST_CASE("a linked image reads back as written, and only whole") {
  LinkedImage image = sampleImage();
  std::string bytes = serializeLinkedImage(image);
  auto back = parseLinkedImage(bytes);
  REQUIRE(back);
  CHECK(sameImage(*back, image));
  for (size_t cut : {size_t(0), size_t(5), size_t(12), bytes.size() - 1})
    CHECK_FALSE(parseLinkedImage(std::string_view(bytes).substr(0, cut)));
  CHECK_FALSE(parseLinkedImage(bytes + "x"));
}

TEST_CASE("inconsistent images are refused") {
  auto refused = [](LinkedImage image) {
    return !parseLinkedImage(serializeLinkedImage(image)).has_value();
  };
  LinkedImage writableCode = sampleImage();
  writableCode.pageProt[0] = 1 | 2 | 4;
  CHECK(refused(writableCode));
  LinkedImage unknownBit = sampleImage();
  unknownBit.pageProt[1] = 8;
  CHECK(refused(unknownBit));
  LinkedImage outside = sampleImage();
  outside.symbols.back().second = 2 * uint64_t(kPage);
  CHECK(refused(outside));
  LinkedImage unnamed = sampleImage();
  unnamed.symbols.back().first.clear();
  CHECK(refused(unnamed));
  LinkedImage oddPage = sampleImage();
  oddPage.pageSize = 3000;
  CHECK(refused(oddPage));
  LinkedImage shortBytes = sampleImage();
  shortBytes.bytes.pop_back();
  CHECK(refused(shortBytes));
}

TEST_CASE("a mapped image runs at a fresh address, code read-only, data not executable") {
  LinkedImage image = sampleImage();
  auto first = mapLinkedImage(image, {"answer"});
  auto second = mapLinkedImage(image, {"answer", "data"});
  REQUIRE(first);
  REQUIRE(second);
  void *code = (*first)->lookup("answer");
  REQUIRE(code);
  CHECK(code != (*second)->lookup("answer"));
  CHECK(reinterpret_cast<int (*)()>(code)() == 42);
  CHECK(reinterpret_cast<int (*)()>((*second)->lookup("answer"))() == 42);
  CHECK(permissionsAt(code) == "r-xp");
  CHECK(permissionsAt((*second)->lookup("data")) == "r--p");
  CHECK((*first)->lookup("missing") == nullptr);
}

TEST_CASE("mapping fails as a value: a missing symbol, another page size, an unsafe image") {
  LinkedImage image = sampleImage();
  auto missing = mapLinkedImage(image, {"answer", "kernel_process"});
  REQUIRE_FALSE(missing);
  CHECK(missing.errors()[0].message.find("kernel_process") != std::string::npos);
  LinkedImage other = sampleImage();
  other.pageSize = kPage * 2;
  other.bytes.resize(4 * size_t(kPage));
  CHECK_FALSE(mapLinkedImage(other, {"answer"}));
  // Mapping checks what parsing checks: an image built in memory gets no
  // writable code page and no pointer outside its mapping either.
  LinkedImage writableCode = sampleImage();
  writableCode.pageProt[0] = 1 | 2 | 4;
  CHECK_FALSE(mapLinkedImage(writableCode, {"answer"}));
  LinkedImage outside = sampleImage();
  outside.symbols.back().second = 2 * uint64_t(kPage);
  CHECK_FALSE(mapLinkedImage(outside, {"answer"}));
}
