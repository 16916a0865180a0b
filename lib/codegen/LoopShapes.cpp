// The loops and buffer helpers kernels are built from (LoopShapes.h).
#include "LoopShapes.h"

#include <algorithm>
#include <bit>

namespace resin::codegen {

using llvm::Value;

llvm::Type *lanesType(llvm::Type *scalar, unsigned width) {
  return width == 1 ? scalar : llvm::FixedVectorType::get(scalar, width);
}

llvm::Constant *laneSteps(llvm::LLVMContext &ctx, unsigned width) {
  std::vector<llvm::Constant *> steps;
  for (unsigned j = 0; j < width; ++j)
    steps.push_back(llvm::ConstantInt::get(llvm::Type::getInt64Ty(ctx), j));
  return llvm::ConstantVector::get(steps);
}

Value *emitLoop(llvm::IRBuilder<> &b, llvm::Function *fn, Value *start, Value *end, unsigned step,
                const char *name, const std::function<void(Value *)> &body,
                std::vector<Value *> *carried) {
  std::vector<Value *> none;
  std::vector<Value *> &values = carried ? *carried : none;
  llvm::BasicBlock *preheader = b.GetInsertBlock();
  llvm::BasicBlock *loop = llvm::BasicBlock::Create(b.getContext(), name, fn);
  llvm::BasicBlock *exit = llvm::BasicBlock::Create(b.getContext(), "after", fn);
  Value *width = b.getInt64(step);
  b.CreateCondBr(b.CreateICmpSLE(b.CreateAdd(start, width), end), loop, exit);
  b.SetInsertPoint(loop);
  llvm::PHINode *i = b.CreatePHI(b.getInt64Ty(), 2, "i");
  i->addIncoming(start, preheader);
  std::vector<Value *> incoming = values;
  std::vector<llvm::PHINode *> phis;
  for (Value *&v : values) {
    phis.push_back(b.CreatePHI(v->getType(), 2));
    phis.back()->addIncoming(v, preheader);
    v = phis.back();
  }
  body(i);
  Value *next = b.CreateAdd(i, width);
  llvm::BasicBlock *latch = b.GetInsertBlock();
  i->addIncoming(next, latch);
  for (size_t k = 0; k < values.size(); ++k)
    phis[k]->addIncoming(values[k], latch);
  b.CreateCondBr(b.CreateICmpSLE(b.CreateAdd(next, width), end), loop, exit);
  b.SetInsertPoint(exit);
  llvm::PHINode *stop = b.CreatePHI(b.getInt64Ty(), 2, "stop");
  stop->addIncoming(start, preheader);
  stop->addIncoming(next, latch);
  for (size_t k = 0; k < values.size(); ++k) {
    llvm::PHINode *out = b.CreatePHI(values[k]->getType(), 2);
    out->addIncoming(incoming[k], preheader);
    out->addIncoming(values[k], latch);
    values[k] = out;
  }
  return stop;
}

void emitCopy(llvm::IRBuilder<> &b, llvm::Function *fn, Value *dst, Value *src, Value *count) {
  llvm::Type *f32 = b.getFloatTy();
  emitLoop(b, fn, b.getInt64(0), count, 1, "copy", [&](Value *k) {
    Value *v = b.CreateLoad(f32, b.CreateInBoundsGEP(f32, src, k));
    b.CreateStore(v, b.CreateInBoundsGEP(f32, dst, k));
  });
}

void emitZeroFill(llvm::IRBuilder<> &b, llvm::Function *fn, Value *to, uint64_t bytes) {
  llvm::Type *i64 = b.getInt64Ty(), *i8 = b.getInt8Ty();
  if (bytes >= 8)
    emitLoop(b, fn, b.getInt64(0), b.getInt64(int64_t(bytes / 8)), 1, "zero", [&](Value *k) {
      b.CreateAlignedStore(b.getInt64(0), b.CreateInBoundsGEP(i64, to, k), llvm::Align(8));
    });
  for (uint64_t at = bytes & ~uint64_t(7); at < bytes; ++at)
    b.CreateStore(b.getInt8(0), b.CreateConstInBoundsGEP1_64(i8, to, at));
}

Value *nonNegative(llvm::IRBuilder<> &b, Value *len) {
  return b.CreateSelect(b.CreateICmpSLT(len, b.getInt64(0)), b.getInt64(0), len, "len");
}

void emitChunkLoop(llvm::IRBuilder<> &b, llvm::Function *fn, Value *len, unsigned step,
                   const std::function<void(Value *)> &body) {
  llvm::BasicBlock *preheader = b.GetInsertBlock();
  llvm::BasicBlock *loop = llvm::BasicBlock::Create(b.getContext(), "chunk", fn);
  llvm::BasicBlock *exit = llvm::BasicBlock::Create(b.getContext(), "after", fn);
  b.CreateCondBr(b.CreateICmpSLT(b.getInt64(0), len), loop, exit);
  b.SetInsertPoint(loop);
  llvm::PHINode *i = b.CreatePHI(b.getInt64Ty(), 2, "i");
  i->addIncoming(b.getInt64(0), preheader);
  body(i);
  Value *next = b.CreateAdd(i, b.getInt64(step));
  i->addIncoming(next, b.GetInsertBlock());
  b.CreateCondBr(b.CreateICmpSLT(next, len), loop, exit);
  b.SetInsertPoint(exit);
}

unsigned chooseUnroll(const KernelOptions &options, size_t nodes, unsigned width) {
  // The loop's last-pass arithmetic (len & ~(chunk - 1)) needs a power of two.
  if (options.unroll)
    return std::bit_floor(std::min(options.unroll, 8u));
  if (width == 1)
    return 1; // jit-scalar: one sample per iteration
  return nodes <= 64 ? 4 : nodes <= 256 ? 2 : 1;
}

} // namespace resin::codegen
