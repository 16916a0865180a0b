// The loops and buffer helpers kernels are built from: counted loops with
// values carried in phis, the pure kernels' chunked loop, copies and zero
// fills that call nothing, and the unroll choice (used by KernelLowering.cpp
// and its BodyEmitter). Internal to lib/codegen.
#pragma once

#include "resin/codegen/KernelLowering.h"

#include <cstdint>
#include <functional>
#include <vector>

#include <llvm/IR/IRBuilder.h>

namespace resin::codegen {

/// `scalar` at one lane, <width x scalar> at more.
llvm::Type *lanesType(llvm::Type *scalar, unsigned width);

/// <0, 1, ..., width-1> as i64 lanes.
llvm::Constant *laneSteps(llvm::LLVMContext &ctx, unsigned width);

/// Emits `for (i = start; i + step <= end; i += step) body(i)`, tested at the
/// bottom (one branch per iteration), and leaves the builder after the loop.
/// Values in `carried` flow through the loop as phis: the body reads and
/// replaces them, and after the loop they hold the last iteration's (or,
/// without an iteration, the incoming) values. Returns where the loop stopped.
llvm::Value *emitLoop(llvm::IRBuilder<> &b, llvm::Function *fn, llvm::Value *start,
                      llvm::Value *end, unsigned step, const char *name,
                      const std::function<void(llvm::Value *)> &body,
                      std::vector<llvm::Value *> *carried = nullptr);

/// Copies `count` floats from `src` to `dst` one at a time (a loop, not a
/// call to memcpy: kernels call nothing outside their module).
void emitCopy(llvm::IRBuilder<> &b, llvm::Function *fn, llvm::Value *dst, llvm::Value *src,
              llvm::Value *count);

/// Zeroes `bytes` bytes at `to` (8-aligned) with a loop of 8-byte stores and
/// then single bytes, not llvm.memset: for a large state (delay lines) code
/// generation turns memset into a call to libc's, and a kernel that calls
/// nothing outside itself is position-independent on its own (the compile
/// cache stores it as a linked image) and links into C without libc. (The
/// padded last pass's memsets of at most 512 bytes are expanded inline; the
/// real-time test checks that kernel_process calls nothing outside it.)
void emitZeroFill(llvm::IRBuilder<> &b, llvm::Function *fn, llvm::Value *to, uint64_t bytes);

/// `len` clamped to 0 from below: the kernels' loops and the count n treat
/// a negative length as an empty call.
llvm::Value *nonNegative(llvm::IRBuilder<> &b, llvm::Value *len);

/// Emits `for (i = 0; i < len; i += step) body(i)`, where the last
/// iteration may have fewer than `step` items left (the body redirects it to
/// padded buffers). Pure kernels run their one body this way instead of
/// adding a second, scalar copy of the body for the tail: half the code to
/// generate.
void emitChunkLoop(llvm::IRBuilder<> &b, llvm::Function *fn, llvm::Value *len, unsigned step,
                   const std::function<void(llvm::Value *)> &body);

/// Independent iterations per loop pass for a pure kernel of `nodes`
/// scheduled nodes at `width` lanes: enough dependency chains side by side to
/// fill the core's floating-point pipes, while the body stays small enough
/// that code generation time stays low.
unsigned chooseUnroll(const KernelOptions &options, size_t nodes, unsigned width);

} // namespace resin::codegen
