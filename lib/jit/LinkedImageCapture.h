// The JITLink plugin that records a linked kernel as a LinkedImage (for the
// compile cache), private to lib/jit: JitSession installs it on its object
// linking layer and arms it around the links whose image it wants.
#pragma once

#include "resin/jit/LinkedImage.h"

#include <llvm/ExecutionEngine/Orc/ObjectLinkingLayer.h>

#include <optional>

namespace resin::jit {

class ImageCapture final : public llvm::orc::ObjectLinkingLayer::Plugin {
public:
  /// The next link writes its image to `*into`: the image, or nullopt when
  /// the code is not position-independent on its own (an absolute fixup, or
  /// a reference outside the object). nullptr: record nothing.
  void captureNext(std::optional<LinkedImage> *into) { into_ = into; }

  void modifyPassConfig(llvm::orc::MaterializationResponsibility &responsibility,
                        llvm::jitlink::LinkGraph &graph,
                        llvm::jitlink::PassConfiguration &config) override;
  llvm::Error notifyFailed(llvm::orc::MaterializationResponsibility &) override {
    return llvm::Error::success();
  }
  llvm::Error notifyRemovingResources(llvm::orc::JITDylib &, llvm::orc::ResourceKey) override {
    return llvm::Error::success();
  }
  void notifyTransferringResources(llvm::orc::JITDylib &, llvm::orc::ResourceKey,
                                   llvm::orc::ResourceKey) override {}

private:
  // A plain pointer: JitSession arms it under its mutex, and LLJIT links in
  // place (no task dispatcher threads), so modifyPassConfig runs on the
  // thread that armed it, inside the same lock.
  std::optional<LinkedImage> *into_ = nullptr;
};

} // namespace resin::jit
