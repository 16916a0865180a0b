// The cached path of a JIT compilation.
// A hit skips the IR build, LLVM's optimization, code generation and
// linking: the entry's linked image is mapped as it is. A miss compiles the
// way the JIT does (same lowering, same optimization and code generation
// pipelines, same CPU and features) but asks for the object itself and links
// it with the image capture armed, so that the linked bytes can be stored.
#include "resin/jit/CompileCache.h"
#include "resin/jit/JitSession.h"
#include "resin/jit/LinkedImage.h"

#include "DropUnrequested.h"

#include <llvm/Config/llvm-config.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/Support/MemoryBuffer.h>

#include <chrono>
#include <cstdlib>

namespace resin::jit {

using namespace cache;

namespace {

double millisecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

/// What decides the code besides the graph: LLVM's version, the kernel's
/// shape (RESIN_JIT_SHAPE, JitEngines.cpp: it changes the code), the
/// session's CPU and features.
CodeTarget codeTarget(const JitSession &session) {
  std::string generator = "llvm " LLVM_VERSION_STRING;
  if (const char *shape = std::getenv("RESIN_JIT_SHAPE"))
    generator += " shape " + std::string(shape);
  return {generator, session.cpuName(), session.featureString()};
}

} // namespace

/// Whether a loaded entry's header agrees with its code: the engine sizes
/// the state buffer from stateSize, so that number is taken from the kernel
/// itself (kernel_state_size), never from the file alone.
static bool entryMatchesKernel(const CacheEntry &entry, CompiledModule &code,
                               unsigned requestedWidth, const Graph &graph) {
  if (entry.width < 1 || entry.width > requestedWidth)
    return false;
  if (graph.kind != GraphKind::Audio)
    return entry.stateSize == 0; // fields have no state
  void *stateSize = code.lookup("kernel_state_size");
  return stateSize && reinterpret_cast<size_t (*)()>(stateSize)() == entry.stateSize;
}

Result<std::unique_ptr<CompiledModule>>
compileWithCache(std::string_view engine, const Graph &graph, const EngineOptions &options,
                 const std::vector<std::string> &symbols, CompileReport &report) {
  // As in lowerForEngine, starting the session is not part of the IR phase.
  std::string why;
  auto width = jitWidth(engine, options.targetCpu, &why);
  if (!width)
    return Diagnostic{graph.name, {}, why};
  std::string directory = cacheDirectory(options.cache);
  JitSession *session = *JitSession::forTarget(options.targetCpu);
  auto start = std::chrono::steady_clock::now();
  CacheKey key = cacheKey(cacheKeyText(graph, engine, *width, options, codeTarget(*session)));
  CompileCache cache(directory, options.cache.maxBytes);
  report.times.ir = millisecondsSince(start);

  start = std::chrono::steady_clock::now();
  bool damaged = false;
  auto entry = cache.load(key, &damaged);
  if (auto image = entry ? parseLinkedImage(entry->code) : std::nullopt) {
    auto loaded = mapLinkedImage(*image, symbols);
    if (loaded && entryMatchesKernel(*entry, **loaded, *width, graph)) {
      report.width = entry->width;
      report.stateSize = entry->stateSize;
      report.times.codegen = millisecondsSince(start);
      report.cache = "hit";
      return loaded;
    }
  }
  // An entry that passed its checksum but is no consistent image, does not
  // map, or whose header disagrees with its own code is replaced below.
  if (damaged || entry)
    report.cacheProblem = damagedEntryProblem(cache, key);

  auto context = std::make_unique<llvm::LLVMContext>();
  CompileReport lowered;
  auto module = lowerForEngine(engine, graph, options, *context, lowered);
  if (!module)
    return module.errors();
  report.width = lowered.width;
  report.stateSize = lowered.stateSize;
  report.times.ir += lowered.times.ir;
  start = std::chrono::steady_clock::now();
  // The entry is checked against its kernel_state_size; kernel_init stays
  // out, as in the JIT (docs/embedding.md).
  std::vector<std::string> kept = symbols;
  if (graph.kind == GraphKind::Audio)
    kept.push_back("kernel_state_size");
  dropUnrequested(**module, kept);
  session->optimize(**module);
  report.times.llvmOpt = millisecondsSince(start);
  start = std::chrono::steady_clock::now();
  auto object = session->emitObject(**module);
  if (!object)
    return object.errors();
  std::optional<LinkedImage> image;
  auto loaded = session->load(std::move(*object), symbols, &image);
  report.times.codegen = millisecondsSince(start);
  if (!loaded)
    return loaded.errors();
  report.cache = "miss";
  std::string whyNotStored;
  if (image &&
      !cache.store(key, CacheEntry{report.width, report.stateSize, serializeLinkedImage(*image)},
                   &whyNotStored))
    report.cacheProblem = storeProblem(whyNotStored);
  return loaded;
}

} // namespace resin::jit
