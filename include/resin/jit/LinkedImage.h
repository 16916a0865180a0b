// A kernel as JITLink left it in memory: the linked bytes of every block,
// the protection of each page and the offsets of the exported symbols. The
// kernels' code reaches its constants only through PC-relative fixups and
// (on CPUs with FMA) calls nothing outside itself, so the same bytes work at
// any page-aligned address: the compile cache stores this image, and a hit maps it (an
// mmap, a copy and an mprotect) instead of linking an object again, which
// is what made a hit cost 0.3 ms in a fresh process (docs/embedding.md).
#pragma once

#include "resin/jit/JitSession.h"
#include "resin/support/Diagnostic.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace resin::jit {

struct LinkedImage {
  uint32_t pageSize = 4096;
  /// The pages from the lowest block's page to the highest block's end:
  /// pageProt.size() * pageSize bytes, gaps zero.
  std::string bytes;
  /// Per page: read 1, write 2, execute 4 (never write and execute both).
  std::vector<uint8_t> pageProt;
  /// Exported symbols and their offsets in `bytes`.
  std::vector<std::pair<std::string, uint64_t>> symbols;
};

/// The bytes the compile cache stores, and back. parseLinkedImage refuses
/// anything inconsistent (sizes, protections, offsets outside the image).
std::string serializeLinkedImage(const LinkedImage &image);
std::optional<LinkedImage> parseLinkedImage(std::string_view bytes);

/// Maps the image at a fresh address with its pages' protections. Fails
/// (as a value) when memory cannot be mapped, the page size differs from
/// the host's or one of `symbols` is missing.
Result<std::unique_ptr<CompiledModule>> mapLinkedImage(const LinkedImage &image,
                                                       const std::vector<std::string> &symbols);

} // namespace resin::jit
