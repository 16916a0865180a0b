// Recording a linked graph as a LinkedImage. The pass runs after JITLink has
// applied every fixup, so the blocks' contents are the final bytes; it
// accepts a graph only when those bytes mean the same at any address: every
// fixup is relative (PC- or block-to-block) and points into the graph's own
// memory, so copying all of it, keeping the offsets, keeps every fixup true.
#include "LinkedImageCapture.h"

#include <llvm/ExecutionEngine/JITLink/x86_64.h>

#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <limits>

namespace resin::jit {

namespace {

namespace x86 = llvm::jitlink::x86_64;
using llvm::jitlink::Block;
using llvm::jitlink::Edge;
using llvm::orc::MemLifetime;
using llvm::orc::MemProt;

/// Fixup kinds whose value depends only on the distance between the fixup
/// and its target (x86-64; a kernel from another target is never imaged).
bool isRelative(Edge::Kind kind) {
  switch (kind) {
  case x86::Delta64:
  case x86::Delta32:
  case x86::Delta8:
  case x86::NegDelta64:
  case x86::NegDelta32:
  case x86::PCRel32:
  case x86::BranchPCRel32:
  case x86::BranchPCRel32ToPtrJumpStub:
  case x86::BranchPCRel32ToPtrJumpStubBypassable:
  case x86::PCRel32GOTLoadRelaxable:
  case x86::PCRel32GOTLoadREXRelaxable:
    return true;
  default:
    return false;
  }
}

bool inImage(const Block &block) {
  return block.getSection().getMemLifetime() == MemLifetime::Standard;
}

uint8_t protectionBits(MemProt prot) {
  auto has = [&](MemProt flag) { return (unsigned(prot) & unsigned(flag)) != 0; };
  return (has(MemProt::Read) ? 1 : 0) | (has(MemProt::Write) ? 2 : 0) |
         (has(MemProt::Exec) ? 4 : 0);
}

std::optional<LinkedImage> imageOf(llvm::jitlink::LinkGraph &graph) {
  if (graph.getTargetTriple().getArch() != llvm::Triple::x86_64)
    return std::nullopt;
  const uint64_t page = uint64_t(::sysconf(_SC_PAGESIZE));
  uint64_t low = std::numeric_limits<uint64_t>::max(), high = 0;
  for (Block *block : graph.blocks()) {
    if (!inImage(*block))
      continue;
    for (const Edge &edge : block->edges()) {
      // Edges that are no fixup (KeepAlive, e.g. code to its unwind info)
      // change no byte.
      if (!edge.isRelocation())
        continue;
      const llvm::jitlink::Symbol &target = edge.getTarget();
      if (!isRelative(edge.getKind()) || !target.isDefined() || !inImage(target.getBlock()))
        return std::nullopt;
    }
    low = std::min(low, block->getAddress().getValue());
    high = std::max(high, block->getAddress().getValue() + block->getSize());
  }
  if (low >= high)
    return std::nullopt;
  LinkedImage image;
  image.pageSize = uint32_t(page);
  const uint64_t base = low & ~(page - 1);
  const uint64_t pages = (high - base + page - 1) / page;
  image.bytes.assign(size_t(pages * page), '\0');
  image.pageProt.assign(size_t(pages), 0);
  for (Block *block : graph.blocks()) {
    if (!inImage(*block))
      continue;
    const uint64_t offset = block->getAddress().getValue() - base;
    if (!block->isZeroFill())
      std::memcpy(image.bytes.data() + offset, block->getContent().data(), block->getSize());
    const uint8_t prot = protectionBits(block->getSection().getMemProt());
    for (uint64_t p = offset / page; p * page < offset + std::max<uint64_t>(block->getSize(), 1);
         ++p)
      image.pageProt[size_t(p)] |= prot;
  }
  for (uint8_t prot : image.pageProt)
    if ((prot & 2) && (prot & 4))
      return std::nullopt; // never map a page writable and executable
  for (llvm::jitlink::Symbol *symbol : graph.defined_symbols())
    if (symbol->hasName() && symbol->getScope() != llvm::jitlink::Scope::Local &&
        inImage(symbol->getBlock())) {
      const uint64_t offset = symbol->getAddress().getValue() - base;
      if (offset >= image.bytes.size())
        return std::nullopt; // parseLinkedImage would refuse it on every hit
      image.symbols.emplace_back(symbol->getName().str(), offset);
    }
  return image;
}

} // namespace

void ImageCapture::modifyPassConfig(llvm::orc::MaterializationResponsibility &,
                                    llvm::jitlink::LinkGraph &,
                                    llvm::jitlink::PassConfiguration &config) {
  if (!into_)
    return;
  std::optional<LinkedImage> *into = into_;
  into_ = nullptr; // this link only
  config.PostFixupPasses.push_back([into](llvm::jitlink::LinkGraph &graph) {
    *into = imageOf(graph);
    return llvm::Error::success();
  });
}

} // namespace resin::jit
