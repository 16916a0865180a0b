// Emitting, mapping and storing baseline code (BaselineCode.h). The image
// is the mapped bytes after a small header: the entry count, then each
// entry's offset (uint64, little-endian as the host). It travels inside a
// compile cache entry, whose checksum already guards every byte; the checks
// here only keep a well-formed entry of another shape from being called.
#include "BaselineCode.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace resin::baseline {

namespace {

asmjit::JitRuntime &runtime() {
  static asmjit::JitRuntime instance; // its allocator is thread safe
  return instance;
}

/// Keeps the first error asmjit reports while emitting or finalizing.
class FirstError final : public asmjit::ErrorHandler {
public:
  void handleError(asmjit::Error, const char *message, asmjit::BaseEmitter *) override {
    if (message_.empty())
      message_ = message;
  }
  const std::string &message() const { return message_; }

private:
  std::string message_;
};

double millisecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

/// asmjit's answer as a sentence ("out of memory" for the common case).
std::string describe(asmjit::Error error) {
  return error == asmjit::kErrorOutOfMemory ? "out of memory"
                                            : asmjit::DebugUtils::errorAsString(error);
}

std::string encodeImage(const char *code, size_t codeSize, const std::vector<uint64_t> &offsets) {
  std::string image;
  uint64_t count = offsets.size();
  image.append(reinterpret_cast<const char *>(&count), sizeof count);
  for (uint64_t offset : offsets)
    image.append(reinterpret_cast<const char *>(&offset), sizeof offset);
  image.append(code, codeSize);
  return image;
}

} // namespace

MappedCode::~MappedCode() {
  runtime().release(base_);
}

Result<BaselineCode> emitCode(const Graph &graph, CompileReport &report, const Lowering &lower,
                              std::string *image) {
  auto start = std::chrono::steady_clock::now();
  FirstError errors;
  asmjit::CodeHolder code;
  code.init(runtime().environment());
  code.setErrorHandler(&errors);
  // RESIN_BASELINE_LOG=1 prints the code asmjit emits to stderr (debugging).
  asmjit::FileLogger logger(stderr);
  if (std::getenv("RESIN_BASELINE_LOG"))
    code.setLogger(&logger);
  asmjit::x86::Assembler assembler(&code);
  std::vector<asmjit::Label> labels = lower(assembler);
  report.times.ir = millisecondsSince(start);
  void *base = nullptr;
  std::string why = errors.message();
  if (why.empty()) {
    // Mapping the code can fail on its own (no memory for an executable
    // page under ulimit -v): asmjit says so only in its return value.
    asmjit::Error added = runtime().add(&base, &code);
    if (added != asmjit::kErrorOk)
      why = describe(added);
    else if (base == nullptr)
      why = "no code was mapped";
  }
  if (!why.empty())
    return Diagnostic{graph.name, {}, "the baseline JIT failed: " + why};
  BaselineCode result;
  result.mapped = std::make_unique<MappedCode>(base);
  std::vector<uint64_t> offsets;
  for (const asmjit::Label &label : labels) {
    offsets.push_back(code.labelOffsetFromBase(label));
    result.entries.push_back(result.mapped->at(offsets.back()));
  }
  report.codeSize = code.codeSize();
  // Relocations or an address table mean absolute addresses in the code:
  // such code runs only where it was mapped, so it is not stored.
  if (image && code.relocEntries().empty() && !code.hasAddressTable())
    *image = encodeImage(result.mapped->at(0), code.codeSize(), offsets);
  report.times.codegen = millisecondsSince(start) - report.times.ir;
  return result;
}

std::optional<BaselineCode> mapImage(std::string_view image, size_t entryCount, std::string &why) {
  uint64_t count = 0;
  if (image.size() >= sizeof count)
    std::memcpy(&count, image.data(), sizeof count);
  size_t header = sizeof count * (1 + entryCount);
  if (count != entryCount || image.size() <= header) {
    why = "not a baseline kernel of this kind";
    return std::nullopt;
  }
  std::string_view bytes = image.substr(header);
  std::vector<uint64_t> offsets(entryCount);
  std::memcpy(offsets.data(), image.data() + sizeof count, entryCount * sizeof count);
  for (uint64_t offset : offsets)
    if (offset >= bytes.size()) {
      why = "an entry point outside the code";
      return std::nullopt;
    }
  void *executable = nullptr, *writable = nullptr;
  if (asmjit::Error error = runtime().allocator()->alloc(&executable, &writable, bytes.size())) {
    why = describe(error);
    return std::nullopt;
  }
  std::memcpy(writable, bytes.data(), bytes.size());
  asmjit::VirtMem::flushInstructionCache(executable, bytes.size());
  BaselineCode result;
  result.mapped = std::make_unique<MappedCode>(executable);
  for (uint64_t offset : offsets)
    result.entries.push_back(result.mapped->at(offset));
  return result;
}

} // namespace resin::baseline
