// The text of `resinc --version` (Version.cpp).
#pragma once

#include <string>

namespace resinc {

/// resinc's version, LLVM's, the build type, the host CPU and the SIMD
/// widths the JIT runs on it, one item a line; the first line is
/// "resinc VERSION" (what help2man reads).
std::string versionText();

} // namespace resinc
