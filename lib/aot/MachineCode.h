// Machine code for ahead-of-time output (`resinc compile -o`): an optimized
// module through an llvm::TargetMachine of the host's triple for a chosen
// CPU and feature string, at LLVM's aggressive code generation level with
// its default passes. The JIT and the compile cache use the session's own
// pipeline instead (JitSession::emitObject).
#pragma once

#include "resin/support/Diagnostic.h"

#include <string>

namespace llvm {
class Module;
}

namespace resin::aot {

enum class CodeFileType { Object, Assembly };

/// A position-independent ELF object or assembly text of `module`.
Result<std::string> emitMachineCode(llvm::Module &module, const std::string &cpu,
                                    const std::string &features, CodeFileType type);

} // namespace resin::aot
