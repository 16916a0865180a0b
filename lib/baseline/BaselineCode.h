// Baseline machine code in the process: emitted by a lowering into asmjit's
// assembler and mapped into the one process-wide asmjit::JitRuntime, or
// mapped from bytes stored earlier (the compile cache). The code holds its
// constants and tables and addresses them relative to rip, so the same bytes
// run wherever they are mapped; the stored form ("image") is those bytes and
// the offsets of the entry points.
#pragma once

#include "resin/engine/CompileReport.h"
#include "resin/ir/Graph.h"
#include "resin/support/Diagnostic.h"

#include <asmjit/x86.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace resin::baseline {

/// Machine code mapped in the runtime, released with the engine.
class MappedCode {
public:
  explicit MappedCode(void *base) : base_(base) {}
  MappedCode(const MappedCode &) = delete;
  MappedCode &operator=(const MappedCode &) = delete;
  ~MappedCode();
  const char *at(uint64_t offset) const { return static_cast<const char *>(base_) + offset; }

private:
  void *base_;
};

/// Mapped code and the addresses of its entry points, in the lowering's order.
struct BaselineCode {
  std::unique_ptr<MappedCode> mapped;
  std::vector<const void *> entries;
};

/// Emits the code with an assembler and returns its entry labels.
using Lowering = std::function<std::vector<asmjit::Label>(asmjit::x86::Assembler &)>;

/// Emits with `lower`, finalizes and maps the code (report: ir = emission,
/// codegen = mapping, codeSize). `image`, when given, receives the code's
/// stored form, or stays empty when the code is not position-independent
/// (asmjit recorded relocations: none of today's lowerings do).
Result<BaselineCode> emitCode(const Graph &graph, CompileReport &report, const Lowering &lower,
                              std::string *image = nullptr);

/// Maps a stored image with `entryCount` entry points; nullopt with the
/// reason in `why` when the image is inconsistent (another entry count,
/// an entry outside the code, no code) or cannot be mapped.
std::optional<BaselineCode> mapImage(std::string_view image, size_t entryCount, std::string &why);

} // namespace resin::baseline
