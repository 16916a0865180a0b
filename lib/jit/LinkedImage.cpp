// Linked kernel images: their byte format (for the compile cache) and their
// mapping into this process. No LLVM here: a cache hit maps pages and copies
// bytes, nothing else. JitSession's link plugin (LinkedImageCapture.cpp)
// makes the images.
//
// Format, little-endian: u32 page size, u32 page count, u32 symbol count,
// one protection byte per page, then per symbol u64 offset, u32 name length,
// the name; then the pages' bytes.
#include "resin/jit/LinkedImage.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstring>
#include <unordered_map>

namespace resin::jit {

namespace {

constexpr uint8_t kRead = 1, kWrite = 2, kExec = 4;
// No kernel comes near this; it keeps a damaged count from asking for
// gigabytes before the size check can refuse it.
constexpr uint64_t kMaxImageBytes = uint64_t(256) << 20;

template <class T> void append(std::string &out, T value) {
  out.append(reinterpret_cast<const char *>(&value), sizeof value);
}

/// Reads fixed-size values and strings from the front of `rest`; any read
/// past the end leaves `ok` false for good.
struct Reader {
  std::string_view rest;
  bool ok = true;

  template <class T> T take() {
    T value{};
    if (!ok || rest.size() < sizeof value) {
      ok = false;
      return value;
    }
    std::memcpy(&value, rest.data(), sizeof value);
    rest.remove_prefix(sizeof value);
    return value;
  }
  std::string_view bytes(uint64_t count) {
    if (!ok || rest.size() < count) {
      ok = false;
      return {};
    }
    std::string_view out = rest.substr(0, size_t(count));
    rest.remove_prefix(size_t(count));
    return out;
  }
};

int protectionFlags(uint8_t prot) {
  return (prot & kRead ? PROT_READ : 0) | (prot & kWrite ? PROT_WRITE : 0) |
         (prot & kExec ? PROT_EXEC : 0);
}

class MappedImage final : public CompiledModule {
public:
  MappedImage(void *base, size_t length, std::unordered_map<std::string, uint64_t> symbols)
      : base_(base), length_(length), symbols_(std::move(symbols)) {}
  ~MappedImage() override { ::munmap(base_, length_); }
  MappedImage(const MappedImage &) = delete;
  MappedImage &operator=(const MappedImage &) = delete;

  void *lookup(const std::string &name) override {
    auto found = symbols_.find(name);
    return found == symbols_.end() ? nullptr : static_cast<char *>(base_) + found->second;
  }

private:
  void *base_;
  size_t length_;
  std::unordered_map<std::string, uint64_t> symbols_;
};

/// What both parsing and mapping insist on: a power-of-two page size, bytes
/// that fill the pages exactly, no page both writable and executable, no
/// unknown protection bit, every symbol named and inside the image.
bool isConsistent(const LinkedImage &image) {
  if (image.pageSize == 0 || (image.pageSize & (image.pageSize - 1)) != 0 ||
      uint64_t(image.pageProt.size()) * image.pageSize > kMaxImageBytes ||
      image.bytes.size() != image.pageProt.size() * size_t(image.pageSize) || image.bytes.empty())
    return false;
  for (uint8_t p : image.pageProt)
    if (p > (kRead | kWrite | kExec) || ((p & kWrite) && (p & kExec)))
      return false;
  for (const auto &[name, offset] : image.symbols)
    if (name.empty() || offset >= image.bytes.size())
      return false;
  return true;
}

} // namespace

std::string serializeLinkedImage(const LinkedImage &image) {
  std::string out;
  append<uint32_t>(out, image.pageSize);
  append<uint32_t>(out, uint32_t(image.pageProt.size()));
  append<uint32_t>(out, uint32_t(image.symbols.size()));
  out.append(image.pageProt.begin(), image.pageProt.end());
  for (const auto &[name, offset] : image.symbols) {
    append<uint64_t>(out, offset);
    append<uint32_t>(out, uint32_t(name.size()));
    out += name;
  }
  out += image.bytes;
  return out;
}

std::optional<LinkedImage> parseLinkedImage(std::string_view bytes) {
  Reader in{bytes};
  LinkedImage image;
  image.pageSize = in.take<uint32_t>();
  uint32_t pages = in.take<uint32_t>();
  uint32_t symbols = in.take<uint32_t>();
  if (!in.ok || image.pageSize == 0 || (image.pageSize & (image.pageSize - 1)) != 0 ||
      uint64_t(pages) * image.pageSize > kMaxImageBytes)
    return std::nullopt;
  for (char prot : in.bytes(pages))
    image.pageProt.push_back(uint8_t(prot));
  for (uint32_t s = 0; s < symbols && in.ok; ++s) {
    uint64_t offset = in.take<uint64_t>();
    std::string_view name = in.bytes(in.take<uint32_t>());
    image.symbols.emplace_back(std::string(name), offset);
  }
  image.bytes = std::string(in.bytes(uint64_t(pages) * image.pageSize));
  if (!in.ok || !in.rest.empty() || !isConsistent(image))
    return std::nullopt;
  return image;
}

Result<std::unique_ptr<CompiledModule>> mapLinkedImage(const LinkedImage &image,
                                                       const std::vector<std::string> &symbols) {
  const size_t length = image.bytes.size();
  if (!isConsistent(image))
    return Diagnostic{"jit", {}, "the linked image is inconsistent"};
  if (long(image.pageSize) != ::sysconf(_SC_PAGESIZE))
    return Diagnostic{"jit", {}, "the linked image does not fit this host's pages"};
  std::unordered_map<std::string, uint64_t> table(image.symbols.begin(), image.symbols.end());
  for (const std::string &name : symbols)
    if (!table.count(name))
      return Diagnostic{"jit", {}, "the linked image lacks " + name};

  void *base = ::mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (base == MAP_FAILED)
    return Diagnostic{"jit", {}, "cannot map " + std::to_string(length) + " bytes of code"};
  // The mapping is never writable and executable at once: written here,
  // then each run of equal pages gets its final protection.
  auto module = std::make_unique<MappedImage>(base, length, std::move(table));
  std::memcpy(base, image.bytes.data(), length);
  for (size_t first = 0; first < image.pageProt.size();) {
    size_t last = first;
    while (last + 1 < image.pageProt.size() && image.pageProt[last + 1] == image.pageProt[first])
      ++last;
    char *at = static_cast<char *>(base) + first * image.pageSize;
    if (::mprotect(at, (last - first + 1) * image.pageSize,
                   protectionFlags(image.pageProt[first])) != 0)
      return Diagnostic{"jit", {}, "cannot protect the mapped code"};
    first = last + 1;
  }
  return std::unique_ptr<CompiledModule>(std::move(module));
}

} // namespace resin::jit
