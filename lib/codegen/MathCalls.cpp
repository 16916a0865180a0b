// The math functions of math/Math.h at IR lanes (codegen/IRValue.h): each
// use is either the template inlined, or a call to an internal function of
// the module whose body is that same template, built once per function,
// mode and width. Lanes::mathCalls chooses; inlining is the default.
#include "resin/codegen/IRValue.h"
// (IRValue.h first: math/ templates must see the IR overloads.)
#include "resin/math/Math.h"

#include <llvm/IR/Attributes.h>
#include <llvm/IR/CallingConv.h>
#include <llvm/IR/Function.h>

#include <array>
#include <string>

namespace resin::codegen {

namespace {

using math::MathMode;

/// The internal function `name` of `arity` float-lane arguments at these
/// lanes, its body built by `body` on first use. It takes the calling
/// function's attributes (the denormal mode LLVM folds by, the vector
/// width it may use): the body must compute what the inlined template would.
template <size_t Arity, class Body>
llvm::Function *mathFunction(const Lanes &lanes, const std::string &name, Body body) {
  if (llvm::Function *existing = lanes.module->getFunction(name))
    return existing;
  llvm::LLVMContext &context = lanes.module->getContext();
  llvm::Type *type = lanes.floatType();
  std::array<llvm::Type *, Arity> parameters;
  parameters.fill(type);
  auto *signature = llvm::FunctionType::get(type, parameters, false);
  auto *fn =
      llvm::Function::Create(signature, llvm::GlobalValue::InternalLinkage, name, *lanes.module);
  llvm::Function *caller = lanes.builder->GetInsertBlock()->getParent();
  fn->setAttributes(
      llvm::AttributeList::get(context, llvm::AttributeList::FunctionIndex,
                               llvm::AttrBuilder(context, caller->getAttributes().getFnAttrs())));
  fn->removeFnAttr(llvm::Attribute::AlwaysInline); // a field's points body has it
  fn->addFnAttr(llvm::Attribute::NoInline);
  fn->addFnAttr(llvm::Attribute::NoUnwind);
  fn->addFnAttr(llvm::Attribute::WillReturn);
  fn->setOnlyReadsMemory(); // constant tables at most
  fn->setCallingConv(llvm::CallingConv::Fast);

  llvm::IRBuilder<> builder(llvm::BasicBlock::Create(context, "entry", fn));
  Lanes inner = lanes;
  inner.builder = &builder;
  inner.mathCalls = nullptr; // the body is the template itself
  std::array<FV, Arity> arguments;
  for (size_t i = 0; i < Arity; ++i)
    arguments[i] = FV{&inner, fn->getArg(unsigned(i))};
  FV result = std::apply(body, arguments);
  builder.CreateRet(result.value);
  return fn;
}

/// One use of a math function: inlined while the budget lasts, else a call.
template <class Body, class... Args>
FV useMath(const char *function, MathMode mode, Body body, FV first, Args... rest) {
  const Lanes &lanes = *first.lanes;
  MathCalls *calls = lanes.mathCalls;
  if (!calls || calls->inlineBudget > 0) {
    if (calls)
      --calls->inlineBudget;
    return body(first, rest...);
  }
  std::string name = std::string("resin.") + function +
                     (mode == MathMode::Fast ? ".fast" : ".precise") + ".w" +
                     std::to_string(lanes.width);
  llvm::Function *fn = mathFunction<1 + sizeof...(Args)>(lanes, name, body);
  llvm::CallInst *call = lanes.builder->CreateCall(fn, {first.value, rest.value...});
  call->setCallingConv(llvm::CallingConv::Fast);
  return FV{&lanes, call};
}

} // namespace

// Each body names the template explicitly (math::sin<FV>): the overloads
// below would otherwise be chosen again.
FV sin(FV x, MathMode m) {
  return useMath(
      "sin", m, [m](FV a) { return math::sin<FV>(a, m); }, x);
}
FV cos(FV x, MathMode m) {
  return useMath(
      "cos", m, [m](FV a) { return math::cos<FV>(a, m); }, x);
}
FV tan(FV x, MathMode m) {
  return useMath(
      "tan", m, [m](FV a) { return math::tan<FV>(a, m); }, x);
}
FV exp(FV x, MathMode m) {
  return useMath(
      "exp", m, [m](FV a) { return math::exp<FV>(a, m); }, x);
}
FV ln(FV x, MathMode m) {
  return useMath(
      "ln", m, [m](FV a) { return math::ln<FV>(a, m); }, x);
}
FV tanh(FV x, MathMode m) {
  return useMath(
      "tanh", m, [m](FV a) { return math::tanh<FV>(a, m); }, x);
}
FV pow(FV x, FV y, MathMode m) {
  return useMath(
      "pow", m, [m](FV a, FV b) { return math::pow<FV>(a, b, m); }, x, y);
}

} // namespace resin::codegen
