// Trimming a kernel module to the functions its caller will look up
// (DropUnrequested.h).
#include "DropUnrequested.h"

#include <llvm/IR/Module.h>

#include <algorithm>

namespace resin::jit {

void dropUnrequested(llvm::Module &module, const std::vector<std::string> &symbols) {
  std::vector<llvm::Function *> unused;
  for (llvm::Function &fn : module)
    if (!fn.isDeclaration() && fn.hasExternalLinkage() && fn.use_empty() &&
        std::find(symbols.begin(), symbols.end(), fn.getName()) == symbols.end())
      unused.push_back(&fn);
  for (llvm::Function *fn : unused)
    fn->eraseFromParent();
}

} // namespace resin::jit
