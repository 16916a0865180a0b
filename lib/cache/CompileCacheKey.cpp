// The compile cache's key: every input that decides a kernel's machine code,
// written as text and hashed with XXH3-128 (LLVM's xxhash: a hit's whole
// key costs microseconds even in a fresh process). The build of resinc
// itself is part of it, as the GNU build ID of the binary that holds this
// code: a rebuilt resinc with a changed lowering must never reuse the
// objects of the old one, even when the version number did not move.
#include "resin/cache/CompileCache.h"

#include "resin/syntax/TextPrinter.h"

#include <llvm/ADT/StringExtras.h>
#include <llvm/Support/xxhash.h>

#include <elf.h>
#include <link.h>
#include <sys/stat.h>

#include <cstring>

#ifndef RESIN_VERSION
#define RESIN_VERSION "unknown"
#endif

namespace resin::cache {

namespace {

struct BuildIdSearch {
  uintptr_t address = 0; // an address inside the module we look for
  std::string id;        // hex of its build ID
  std::string file;      // its path (empty for the main executable)
};

/// The GNU build-ID note of a loaded module, if it has one.
std::string buildIdOf(const dl_phdr_info *info) {
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr) &segment = info->dlpi_phdr[i];
    if (segment.p_type != PT_NOTE)
      continue;
    auto *at = reinterpret_cast<const uint8_t *>(info->dlpi_addr + segment.p_vaddr);
    const uint8_t *end = at + segment.p_memsz;
    while (at + sizeof(ElfW(Nhdr)) <= end) {
      ElfW(Nhdr) note;
      std::memcpy(&note, at, sizeof note);
      const uint8_t *name = at + sizeof note;
      const uint8_t *desc = name + ((note.n_namesz + 3) & ~3u);
      at = desc + ((note.n_descsz + 3) & ~3u);
      if (at > end)
        break;
      if (note.n_type == NT_GNU_BUILD_ID && note.n_namesz == 4 &&
          std::memcmp(name, "GNU", 4) == 0) {
        static const char digits[] = "0123456789abcdef";
        std::string hex;
        for (uint32_t k = 0; k < note.n_descsz; ++k) {
          hex += digits[desc[k] >> 4];
          hex += digits[desc[k] & 15];
        }
        return hex;
      }
    }
  }
  return {};
}

int findModule(dl_phdr_info *info, size_t, void *data) {
  auto *search = static_cast<BuildIdSearch *>(data);
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr) &segment = info->dlpi_phdr[i];
    uintptr_t start = info->dlpi_addr + segment.p_vaddr;
    if (segment.p_type == PT_LOAD && search->address >= start &&
        search->address < start + segment.p_memsz) {
      search->id = buildIdOf(info);
      search->file = info->dlpi_name;
      return 1;
    }
  }
  return 0;
}

/// Without a build ID (a linker told not to emit one), the module file's
/// size and modification time stand in for it, so a rebuilt library with
/// the same version still never reuses another build's objects.
std::string fileIdentity(const std::string &name) {
  struct stat info;
  // The main executable is listed with an empty name.
  if (::stat(name.empty() ? "/proc/self/exe" : name.c_str(), &info) != 0)
    return "unknown";
  return "size " + std::to_string(info.st_size) + " mtime " + std::to_string(info.st_mtim.tv_sec) +
         "." + std::to_string(info.st_mtim.tv_nsec);
}

/// This build of resinc: its version and the build ID of the executable or
/// shared library that contains this function.
const std::string &buildIdentity() {
  static const std::string identity = [] {
    BuildIdSearch search;
    search.address = reinterpret_cast<uintptr_t>(&findModule);
    dl_iterate_phdr(findModule, &search);
    return std::string(RESIN_VERSION) + " build " +
           (search.id.empty() ? fileIdentity(search.file) : search.id);
  }();
  return identity;
}

} // namespace

std::string cacheKeyText(const Graph &graph, std::string_view engine, unsigned width,
                         const EngineOptions &options, const CodeTarget &target) {
  std::string text = "resin-compile-cache 2\n";
  text += "resinc " + buildIdentity() + "\n";
  text += "generator " + target.generator + "\n";
  text += "engine " + std::string(engine) + " width " + std::to_string(width) + "\n";
  text += std::string("math ") + (options.math == MathMode::Fast ? "fast" : "precise") + "\n";
  text += std::string("ftz ") + (options.flushDenormals ? "on" : "off") + "\n";
  text += "cpu " + target.cpu + "\nfeatures " + target.features + "\n";
  text += graph.isField() ? "field\n" : "audio\n";
  // A param's value is not part of the code (the kernel loads it, and every
  // constant derived from it, from its state), so neither is its default:
  // `--set cutoff=800` must hit the kernel compiled for the default. Bound
  // const params print as their expressions, not their values.
  const Graph *keyed = &graph;
  Graph withoutDefaults;
  if (!graph.params.empty()) {
    withoutDefaults = graph;
    for (ParamDecl &p : withoutDefaults.params)
      p.defaultValue = 0;
    keyed = &withoutDefaults;
  }
  text += keyed->isField() ? printFieldText(*keyed) : printGraphText(*keyed);
  return text;
}

CacheKey cacheKey(std::string_view keyText) {
  llvm::XXH128_hash_t hash =
      llvm::xxh3_128bits(llvm::arrayRefFromStringRef(llvm::StringRef(keyText)));
  CacheKey key;
  std::memcpy(key.data(), &hash.low64, 8);
  std::memcpy(key.data() + 8, &hash.high64, 8);
  return key;
}

std::string keyHex(const CacheKey &key) {
  static const char digits[] = "0123456789abcdef";
  std::string hex;
  for (uint8_t byte : key) {
    hex += digits[byte >> 4];
    hex += digits[byte & 15];
  }
  return hex;
}

} // namespace resin::cache
