// resinc --version: what a bug report needs in one paste: the resinc and LLVM
// versions, the build type, and the SIMD widths this host runs (which decide
// which engines `verify` and `bench` use and what `jit` means here).
#include "Version.h"

#include "resin/registry/EngineRegistry.h"

#ifndef RESINC_VERSION
#define RESINC_VERSION "unknown"
#endif
#ifndef RESINC_BUILD_TYPE
#define RESINC_BUILD_TYPE "unknown"
#endif

namespace resinc {

namespace {

/// "1, 4, 8, 16 lanes (jit-scalar, jit-f32x4, jit-f32x8, jit-f32x16)".
std::string jitWidths() {
  std::string lanes, names;
  for (std::string_view name : resin::hostEngineNames()) {
    if (resin::engineKind(name) != resin::EngineKind::Optimizing || name == "jit")
      continue;
    std::optional<unsigned> width = resin::engineWidth(name);
    if (!width)
      continue;
    lanes += (lanes.empty() ? "" : ", ") + std::to_string(*width);
    names += (names.empty() ? "" : ", ") + std::string(name);
  }
  if (lanes.empty())
    return "none";
  std::string text = lanes + " lanes (" + names + ")";
  if (std::optional<unsigned> widest = resin::engineWidth("jit"))
    text += "; jit is " + std::to_string(*widest) + " lanes";
  return text;
}

bool hostRunsBaseline() {
  for (std::string_view name : resin::hostEngineNames())
    if (resin::engineKind(name) == resin::EngineKind::Baseline)
      return true;
  return false;
}

} // namespace

std::string versionText() {
  std::string text = "resinc " RESINC_VERSION "\n";
  text += resin::codeGeneratorVersion() + "\n";
  text += "build type: " RESINC_BUILD_TYPE "\n";
  auto cpu = resin::targetCpuName();
  text += "host CPU: " + (cpu ? *cpu : std::string("unknown")) + "\n";
  text += "host SIMD widths: " + jitWidths() + "\n";
  text += std::string("baseline tier (jit-baseline-*): ") +
          (hostRunsBaseline() ? "available" : "not available (needs AVX2 and FMA)") + "\n";
  return text;
}

} // namespace resinc
