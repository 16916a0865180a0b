// Trimming a kernel module to the functions its caller will look up, before
// LLVM's pipelines run on it (the JIT's compile and the compile cache's miss).
#pragma once

#include <string>
#include <vector>

namespace llvm {
class Module;
}

namespace resin::jit {

/// Removes from `module` the functions nobody asked for (kernel_state_size
/// when the caller knows the state size, kernel_init for the jit-* audio
/// engines, which zero the state themselves): each costs a full run of the
/// machine passes. Only external definitions that nothing calls go.
void dropUnrequested(llvm::Module &module, const std::vector<std::string> &symbols);

} // namespace resin::jit
