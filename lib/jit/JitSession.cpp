// LLJIT for the host. Each compiled graph gets its own JITDylib (linked to
// the main one for process symbols such as libm's fmaf on CPUs without FMA),
// removed again when the CompiledModule dies. Compile time is most of a
// kernel's cost at small sizes, so the pipeline is lean: InstCombine only
// (no loop or SLP vectorizer: resinc vectorizes explicitly, and jit-scalar
// stays one sample per iteration), code generation at -O1 without loop
// strength reduction through one pass pipeline built once
// (CodeGenPipeline.h), one TargetMachine for both.
#include "resin/jit/JitSession.h"

#include "CodeGenPipeline.h"
#include "DropUnrequested.h"
#include "LinkedImageCapture.h"

#include <llvm/Config/llvm-config.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/ExecutionEngine/Orc/ThreadSafeModule.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/Module.h>
#include <llvm/MC/MCSubtargetInfo.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Target/TargetMachine.h>
#include <llvm/TargetParser/Host.h>
#include <llvm/TargetParser/SubtargetFeature.h>
#include <llvm/Transforms/IPO/AlwaysInliner.h>
#include <llvm/Transforms/InstCombine/InstCombine.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <system_error>

namespace resin::jit {

namespace {

/// Code generation at LLVM's -O1: SelectionDAG and the greedy register
/// allocator, without -O2/-O3's extra machine passes. -O0 (FastISel, the fast
/// allocator) halves compile time again but spills every value live across
/// the loop's back edge, which cost up to 16% of run time on sin, perlin2 and
/// the affine chain (docs/architecture.md). -O0's pass list with -O1's
/// register allocation (-optimize-regalloc) is a third less work than -O1
/// but still 7% to 50% slower on jit-scalar, the affine chain, chain50, sin
/// and perlin2: -O1's machine passes do pay for themselves.
constexpr llvm::CodeGenOptLevel kCodeGenLevel = llvm::CodeGenOptLevel::Less;

/// The host's feature string names every x86 feature LLVM knows, on or off
/// (about 120 entries), and each X86Subtarget built from it (the first
/// compile in a process builds one) parses it twice, each entry walking the
/// whole feature table for what it implies. Only the differences from the
/// named CPU's own features give the same feature bits in a few entries
/// ("-pku,..." for this host): checked here, else the full string stays.
std::string shortFeatureString(const llvm::orc::JITTargetMachineBuilder &builder) {
  std::string full = builder.getFeatures().getString();
  std::string triple = builder.getTargetTriple().str(), error;
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return full;
  const std::string &cpu = builder.getCPU();
  std::unique_ptr<llvm::MCSubtargetInfo> host(target->createMCSubtargetInfo(triple, cpu, full));
  std::unique_ptr<llvm::MCSubtargetInfo> plain(target->createMCSubtargetInfo(triple, cpu, ""));
  if (!host || !plain)
    return full;
  llvm::SubtargetFeatures differences;
  for (const llvm::SubtargetFeatureKV &feature : host->getAllProcessorFeatures()) {
    bool wanted = host->getFeatureBits()[feature.Value];
    if (wanted != plain->getFeatureBits()[feature.Value])
      differences.AddFeature(feature.Key, wanted);
  }
  std::string shorter = differences.getString();
  std::unique_ptr<llvm::MCSubtargetInfo> check(target->createMCSubtargetInfo(triple, cpu, shorter));
  return check && check->getFeatureBits() == host->getFeatureBits() ? shorter : full;
}

double millisecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

std::string describe(llvm::Error error) {
  return llvm::toString(std::move(error));
}

class LoadedModule final : public CompiledModule {
public:
  LoadedModule(llvm::orc::LLJIT &jit, llvm::orc::JITDylib &dylib) : jit_(jit), dylib_(dylib) {}
  ~LoadedModule() override {
    if (llvm::Error e = jit_.getExecutionSession().removeJITDylib(dylib_))
      llvm::consumeError(std::move(e));
  }
  void *lookup(const std::string &name) override {
    auto symbol = resolve(name);
    if (!symbol) {
      llvm::consumeError(symbol.takeError());
      return nullptr;
    }
    return *symbol;
  }
  /// lookup with its error. The first lookup of a module runs code
  /// generation and linking; their errors go to the session's reporter, and
  /// this one only says that materializing failed.
  llvm::Expected<void *> resolve(const std::string &name) {
    auto symbol = jit_.lookup(dylib_, name);
    if (!symbol)
      return symbol.takeError();
    return symbol->toPtr<void *>();
  }

private:
  llvm::orc::LLJIT &jit_;
  llvm::orc::JITDylib &dylib_;
};

class HostSession final : public JitSession {
public:
  static Result<std::unique_ptr<HostSession>> create(const std::string &cpu) {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    selectWithSelectionDag();
    auto builder = llvm::orc::JITTargetMachineBuilder::detectHost();
    if (!builder)
      return Diagnostic{"jit", {}, describe(builder.takeError())};
    if (!cpu.empty() && cpu != "native") {
      // A named CPU brings its own features; the host's must not leak in.
      builder->setCPU(cpu);
      builder->getFeatures() = llvm::SubtargetFeatures();
    } else {
      builder->getFeatures() = llvm::SubtargetFeatures(shortFeatureString(*builder));
    }
    builder->setCodeGenOptLevel(kCodeGenLevel);
    // What LLJIT sets up for JITLink on x86-64 (rip-relative constants, one
    // allocation per object), here for the one shared TargetMachine.
    builder->setCodeModel(llvm::CodeModel::Small);
    builder->setRelocationModel(llvm::Reloc::PIC_);
    auto machine = builder->createTargetMachine();
    if (!machine)
      return Diagnostic{"jit", {}, describe(machine.takeError())};
    llvm::TargetMachine *shared = machine->get();
    auto jit =
        llvm::orc::LLJITBuilder()
            .setJITTargetMachineBuilder(*builder)
            // No compile threads (LLVM's default, stated because reported_
            // depends on it; see there).
            .setNumCompileThreads(0)
            // One TargetMachine for the IR passes and code generation: the
            // subtarget (X86's lowering tables) is built once, not twice.
            .setCompileFunctionCreator(
                [shared](llvm::orc::JITTargetMachineBuilder)
                    -> llvm::Expected<std::unique_ptr<llvm::orc::IRCompileLayer::IRCompiler>> {
                  return std::make_unique<ReusedPipelineCompiler>(*shared);
                })
            // Kernels have no static constructors: skip the IR platform's
            // per-JITDylib initializer bookkeeping.
            .setPlatformSetUp(llvm::orc::setUpInactivePlatform)
            .create();
    if (!jit)
      return Diagnostic{"jit", {}, describe(jit.takeError())};
    auto session = std::make_unique<HostSession>();
    session->machine_ = std::move(*machine);
    session->jit_ = std::move(*jit);
    // Materialization errors (code generation, unresolved symbols) go to the
    // session's reporter, not to the failed lookup: keep them for the
    // diagnostic instead of LLVM's default print to stderr.
    HostSession *raw = session.get();
    session->jit_->getExecutionSession().setErrorReporter(
        [raw](llvm::Error error) { raw->reported_ = describe(std::move(error)); });
    if (auto *linker =
            llvm::dyn_cast<llvm::orc::ObjectLinkingLayer>(&session->jit_->getObjLinkingLayer())) {
      auto capture = std::make_unique<ImageCapture>();
      session->capture_ = capture.get();
      linker->addPlugin(std::move(capture));
    }
    const llvm::MCSubtargetInfo *target = session->machine_->getMCSubtargetInfo();
    if (!target->isCPUStringValid(session->machine_->getTargetCPU()))
      return Diagnostic{"--target-cpu", {}, "unknown CPU " + quote(cpu)};
    session->avx2_ = target->checkFeatures("+avx2");
    session->avx512_ = target->checkFeatures("+avx512f");
    session->avx512vbmi_ = target->checkFeatures("+avx512vbmi");
    return session;
  }

  bool hasAvx2() const override { return avx2_; }
  bool hasAvx512() const override { return avx512_; }
  bool hasAvx512Vbmi() const override { return avx512vbmi_; }
  std::string cpuName() const override { return std::string(machine_->getTargetCPU()); }
  std::string featureString() const override {
    return std::string(machine_->getTargetFeatureString());
  }

  Result<std::unique_ptr<CompiledModule>> load(std::unique_ptr<llvm::MemoryBuffer> object,
                                               const std::vector<std::string> &symbols,
                                               std::optional<LinkedImage> *image) override {
    std::lock_guard<std::mutex> lock(mutex_);
    if (image)
      image->reset();
    // Armed for this load only: disarmed on every way out, so a later link
    // never writes to `image` once the caller's object is gone.
    struct Disarm {
      ImageCapture *capture;
      ~Disarm() {
        if (capture)
          capture->captureNext(nullptr);
      }
    } disarm{image ? capture_ : nullptr};
    if (disarm.capture)
      disarm.capture->captureNext(image);
    static std::atomic<uint64_t> counter{0};
    auto dylib = jit_->createJITDylib("resin_object_" + std::to_string(counter++));
    if (!dylib)
      return Diagnostic{"jit", {}, describe(dylib.takeError())};
    dylib->addToLinkOrder(jit_->getMainJITDylib());
    auto compiled = std::make_unique<LoadedModule>(*jit_, *dylib);
    if (llvm::Error e = jit_->addObjectFile(*dylib, std::move(object)))
      return Diagnostic{"jit", {}, describe(std::move(e))};
    // The link (and the capture) happens at the first lookup.
    if (auto failed = resolveAll(*compiled, symbols, "the object"))
      return *failed;
    return std::unique_ptr<CompiledModule>(std::move(compiled));
  }

  void prepare(llvm::Module &module) override {
    module.setDataLayout(machine_->createDataLayout());
    module.setTargetTriple(machine_->getTargetTriple().str());
    for (llvm::Function &fn : module)
      if (!fn.isDeclaration()) {
        fn.addFnAttr("target-cpu", machine_->getTargetCPU());
        fn.addFnAttr("target-features", machine_->getTargetFeatureString());
      }
  }

  Result<std::unique_ptr<CompiledModule>> compile(std::unique_ptr<llvm::Module> module,
                                                  std::unique_ptr<llvm::LLVMContext> context,
                                                  const std::vector<std::string> &symbols,
                                                  PhaseTimes &times) override {
    std::lock_guard<std::mutex> lock(mutex_);
    prepare(*module);
    auto start = std::chrono::steady_clock::now();
    dropUnrequested(*module, symbols);
    runPipeline(*module);
    times.llvmOpt = millisecondsSince(start);

    start = std::chrono::steady_clock::now();
    static std::atomic<uint64_t> counter{0};
    auto dylib = jit_->createJITDylib("resin_graph_" + std::to_string(counter++));
    if (!dylib)
      return Diagnostic{"jit", {}, describe(dylib.takeError())};
    dylib->addToLinkOrder(jit_->getMainJITDylib());
    if (llvm::Error e = jit_->addIRModule(
            *dylib, llvm::orc::ThreadSafeModule(std::move(module), std::move(context))))
      return Diagnostic{"jit", {}, describe(std::move(e))};
    auto compiled = std::make_unique<LoadedModule>(*jit_, *dylib);
    // Looking the symbols up materializes them: code generation happens
    // here, inside the measured phase, not at the first call.
    if (auto failed = resolveAll(*compiled, symbols, "the compiled module"))
      return *failed;
    times.codegen = millisecondsSince(start);
    return std::unique_ptr<CompiledModule>(std::move(compiled));
  }

  Result<std::string> assembly(llvm::Module &module) override {
    std::lock_guard<std::mutex> lock(mutex_);
    llvm::SmallString<4096> text;
    llvm::raw_svector_ostream stream(text);
    llvm::legacy::PassManager passes;
    bool failed = buildJitPipeline([&] {
      return machine_->addPassesToEmitFile(passes, stream, nullptr,
                                           llvm::CodeGenFileType::AssemblyFile);
    });
    if (failed)
      return Diagnostic{"jit", {}, "the target cannot emit assembly"};
    passes.run(module);
    return std::string(text.str());
  }

  Result<std::unique_ptr<llvm::MemoryBuffer>> emitObject(llvm::Module &module) override {
    std::lock_guard<std::mutex> lock(mutex_); // the pipeline is not reentrant
    auto object = jit_->getIRCompileLayer().getCompiler()(module);
    if (!object)
      return Diagnostic{"jit", {}, describe(object.takeError())};
    return std::move(*object);
  }

  void optimize(llvm::Module &module) override {
    std::lock_guard<std::mutex> lock(mutex_);
    runPipeline(module);
  }

private:
  /// Looks up every one of `symbols` in `module` (the first lookup
  /// generates and links its code), or says why one is missing: what the
  /// session's reporter got meanwhile if anything (the lookup's own error
  /// only says that materializing failed), else the lookup's error. Call
  /// with mutex_ held.
  std::optional<Diagnostic> resolveAll(LoadedModule &module,
                                       const std::vector<std::string> &symbols,
                                       const std::string &what) {
    reported_.clear();
    for (const std::string &name : symbols)
      if (auto symbol = module.resolve(name); !symbol) {
        std::string why = describe(symbol.takeError());
        std::string detail = reported_.empty() ? why : reported_;
        // Mapping the code's memory fails with only strerror(ENOMEM) when
        // the address space runs out: say it as every out-of-memory error is said.
        if (detail.find(std::make_error_code(std::errc::not_enough_memory).message()) !=
            std::string::npos)
          detail = "out of memory (" + detail + ")";
        return Diagnostic{"jit", {}, what + " lacks " + name + ": " + detail};
      }
    return std::nullopt;
  }

  void runPipeline(llvm::Module &module) {
    llvm::PassBuilder passes(machine_.get());
    llvm::LoopAnalysisManager lam;
    llvm::FunctionAnalysisManager fam;
    llvm::CGSCCAnalysisManager cgam;
    llvm::ModuleAnalysisManager mam;
    passes.registerModuleAnalyses(mam);
    passes.registerCGSCCAnalyses(cgam);
    passes.registerFunctionAnalyses(fam);
    passes.registerLoopAnalyses(lam);
    passes.crossRegisterProxies(lam, fam, cgam, mam);
    // The lowered IR is already straight-line code of exact operations;
    // after the always-inline pass, InstCombine folds what the templates leave (constants, lane
    // inserts and extracts, redundant state loads). LLVM's O2 pipeline
    // (inliner, loop passes, GVN) took more time than code generation and
    // made no kernel faster.
    llvm::FunctionPassManager function;
    function.addPass(llvm::InstCombinePass());
    llvm::ModulePassManager pipeline;
    pipeline.addPass(llvm::AlwaysInlinerPass()); // a field's body into eval and row
    pipeline.addPass(llvm::createModuleToFunctionPassAdaptor(std::move(function)));
    pipeline.run(module, mam);
  }

  // Declared before jit_, which reports errors into it until destroyed.
  // Written by the reporter during resolveAll, under mutex_: the
  // LLJIT has no compile threads, so materialization runs in place on the
  // thread that looks up.
  std::string reported_;
  std::unique_ptr<llvm::TargetMachine> machine_;
  std::unique_ptr<llvm::orc::LLJIT> jit_;
  ImageCapture *capture_ = nullptr; // owned by jit_'s object linking layer
  bool avx2_ = false, avx512_ = false, avx512vbmi_ = false;
  std::mutex mutex_;
};

} // namespace

Result<JitSession *> JitSession::forTarget(const std::string &cpu) {
  // One session per target CPU, made on first use and kept for the process:
  // an LLJIT is costly to build and holds the code of every engine made from
  // it. "native" and "" are both the host.
  static std::mutex mutex;
  static std::map<std::string, Result<std::unique_ptr<HostSession>>> sessions;
  std::string key = cpu == "native" ? std::string() : cpu;
  std::lock_guard<std::mutex> lock(mutex);
  auto found = sessions.find(key);
  if (found == sessions.end())
    found = sessions.emplace(key, HostSession::create(key)).first;
  if (!found->second)
    return found->second.errors();
  return static_cast<JitSession *>(found->second->get());
}

std::string JitSession::llvmVersion() {
  return LLVM_VERSION_STRING;
}

Result<JitSession *> JitSession::host() {
  return forTarget({});
}

} // namespace resin::jit
