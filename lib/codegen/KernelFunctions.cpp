// The attributes of kernel functions and the MXCSR wrapper of ahead-of-time
// kernels (KernelFunctions.h).
#include "KernelFunctions.h"

#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/IntrinsicsX86.h>

#include <string>
#include <vector>

namespace resin::codegen {

using llvm::Value;

void setKernelAttributes(llvm::Function *fn, const KernelOptions &options, bool audio) {
  const char *mode = audio && options.flushDenormals ? "preserve-sign,preserve-sign" : "ieee,ieee";
  fn->addFnAttr("denormal-fp-math", mode);
  fn->addFnAttr("denormal-fp-math-f32", mode);
  fn->addFnAttr(llvm::Attribute::NoUnwind);
  if (options.width >= 16) {
    fn->addFnAttr("prefer-vector-width", "512");
    fn->addFnAttr("min-legal-vector-width", "512");
  }
}

void wrapWithFloatEnv(llvm::Function *fn, bool flush) {
  std::string name = fn->getName().str();
  fn->setName(name + ".body");
  fn->setLinkage(llvm::GlobalValue::InternalLinkage);
  auto *wrapper = llvm::Function::Create(fn->getFunctionType(), llvm::Function::ExternalLinkage,
                                         name, fn->getParent());
  wrapper->copyAttributesFrom(fn);
  fn->addFnAttr(llvm::Attribute::NoInline);
  llvm::IRBuilder<> b(llvm::BasicBlock::Create(fn->getContext(), "entry", wrapper));
  llvm::Type *i32 = b.getInt32Ty();
  Value *saved = b.CreateAlloca(i32, nullptr, "mxcsr.saved");
  Value *mode = b.CreateAlloca(i32, nullptr, "mxcsr.mode");
  b.CreateIntrinsic(llvm::Intrinsic::x86_sse_stmxcsr, {}, {saved});
  Value *old = b.CreateLoad(i32, saved);
  constexpr uint32_t kFtzDaz = 0x8040; // FTZ (bit 15) and DAZ (bit 6)
  b.CreateStore(flush ? b.CreateOr(old, kFtzDaz) : b.CreateAnd(old, ~kFtzDaz), mode);
  b.CreateIntrinsic(llvm::Intrinsic::x86_sse_ldmxcsr, {}, {mode});
  std::vector<Value *> args;
  for (llvm::Argument &arg : wrapper->args())
    args.push_back(&arg);
  Value *result = b.CreateCall(fn, args);
  b.CreateIntrinsic(llvm::Intrinsic::x86_sse_ldmxcsr, {}, {saved});
  if (fn->getReturnType()->isVoidTy())
    b.CreateRetVoid();
  else
    b.CreateRet(result);
}

} // namespace resin::codegen
