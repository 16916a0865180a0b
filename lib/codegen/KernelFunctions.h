// What every kernel function carries (the denormal mode LLVM folds by, the
// vector width it may use) and the MXCSR wrapper of ahead-of-time kernels.
// Internal to lib/codegen.
#pragma once

#include "resin/codegen/KernelLowering.h"

#include <llvm/IR/Function.h>

namespace resin::codegen {

/// Attributes every kernel function carries: the denormal mode LLVM must
/// assume when folding, and for 16 lanes permission to use 512-bit vectors.
void setKernelAttributes(llvm::Function *fn, const KernelOptions &options, bool audio);

/// KernelOptions::setsFloatEnv: `fn` becomes an internal, never-inlined
/// body, and a new function under its name saves MXCSR, sets the mode, calls
/// the body and restores MXCSR. The call is what keeps the float operations
/// inside: LLVM does not order plain float arithmetic against MXCSR writes,
/// but it never moves code across a call it may not inline.
void wrapWithFloatEnv(llvm::Function *fn, bool flush);

} // namespace resin::codegen
