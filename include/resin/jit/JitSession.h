// The JIT sessions (docs/architecture.md, "The JIT"): one ORC LLJIT per target
// CPU (the host, or --target-cpu), a JITDylib per compiled graph, LLVM's own
// optimization pipeline run before code generation, and the time of each
// phase recorded.
#pragma once

#include "resin/engine/CompileReport.h"
#include "resin/support/Diagnostic.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace llvm {
class LLVMContext;
class MemoryBuffer;
class Module;
class TargetMachine;
} // namespace llvm

namespace resin::jit {

struct LinkedImage;

/// Compiled code that stays loaded while this object lives.
class CompiledModule {
public:
  virtual ~CompiledModule() = default;
  /// The address of a function the module defines, or null.
  virtual void *lookup(const std::string &name) = 0;
};

class JitSession {
public:
  /// The session compiling for `cpu` ("native" or empty: the host; else an
  /// LLVM CPU name such as x86-64-v2 or skylake-avx512, EngineOptions::
  /// targetCpu), created on first use and kept for the process; an error
  /// when LLVM does not know the CPU.
  static Result<JitSession *> forTarget(const std::string &cpu);
  /// The host's session.
  static Result<JitSession *> host();
  /// The version of LLVM this build compiles with ("19.1.7").
  static std::string llvmVersion();
  virtual ~JitSession() = default;

  /// Host features that decide which widths can run.
  virtual bool hasAvx2() const = 0;
  virtual bool hasAvx512() const = 0;
  /// AVX-512 VBMI (vpermi2b): 16-lane table lookups become byte permutes.
  virtual bool hasAvx512Vbmi() const = 0;
  virtual std::string cpuName() const = 0;
  /// The target's feature string: for the host, its differences from the
  /// host CPU's own features ("-pku,..."); empty for a named CPU.
  virtual std::string featureString() const = 0;

  /// Configures a fresh module for this session's target (data layout, triple).
  virtual void prepare(llvm::Module &module) = 0;
  /// LLVM's optimization pipeline over `module` (what compile() runs).
  virtual void optimize(llvm::Module &module) = 0;
  /// The machine code of `module` as assembly text.
  virtual Result<std::string> assembly(llvm::Module &module) = 0;
  /// The machine code of `module` (prepared and optimized) as an object
  /// file, from the code generation pipeline compile() runs: the compile
  /// cache stores this on a miss, so a hit maps the JIT's own code.
  virtual Result<std::unique_ptr<llvm::MemoryBuffer>> emitObject(llvm::Module &module) = 0;
  /// Optimizes and compiles `module` (alone in `context`) and generates the
  /// code of `symbols`. `times` receives llvm_opt and codegen.
  virtual Result<std::unique_ptr<CompiledModule>>
  compile(std::unique_ptr<llvm::Module> module, std::unique_ptr<llvm::LLVMContext> context,
          const std::vector<std::string> &symbols, PhaseTimes &times) = 0;
  /// Links an object file compiled for this target into a fresh JITDylib
  /// and resolves `symbols`. With `image`, the linked code is also recorded
  /// there as a LinkedImage (nullopt when it cannot be one): what the compile
  /// cache stores.
  virtual Result<std::unique_ptr<CompiledModule>>
  load(std::unique_ptr<llvm::MemoryBuffer> object, const std::vector<std::string> &symbols,
       std::optional<LinkedImage> *image = nullptr) = 0;
};

/// Routes LLVM's fatal errors to `onFatal(reason)` and its out-of-memory
/// reports to `onOutOfMemory()`; neither may return. Call once, early.
void installFaultHandlers(void (*onFatal)(const char *reason), void (*onOutOfMemory)());

} // namespace resin::jit
