// The LLVM tier's compilation stages as text (`resinc dump-ir --stage
// llvm|llvm-opt|asm`): the module as lowered, after LLVM's optimization
// pipeline, and the machine code the session would generate for it.
#include "resin/jit/JitEngines.h"

#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/Support/raw_ostream.h>

namespace resin::jit {

namespace {

std::string moduleText(const llvm::Module &module) {
  std::string text;
  llvm::raw_string_ostream stream(text);
  module.print(stream, nullptr);
  return text;
}

} // namespace

Result<std::string> stageText(std::string_view engine, const Graph &graph,
                              const EngineOptions &options, std::string_view stage) {
  llvm::LLVMContext context;
  CompileReport report;
  auto module = lowerForEngine(engine, graph, options, context, report);
  if (!module)
    return module.errors();
  if (stage == "llvm")
    return moduleText(**module);
  auto session = JitSession::forTarget(options.targetCpu);
  if (!session)
    return session.errors();
  (*session)->optimize(**module);
  if (stage == "llvm-opt")
    return moduleText(**module);
  if (stage == "asm")
    return (*session)->assembly(**module);
  return Diagnostic{graph.name, {}, "unknown compilation stage " + quote(stage)};
}

} // namespace resin::jit
