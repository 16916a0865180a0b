// resinc compile's options and its two halves: the JIT summary (Compile.cpp)
// and ahead-of-time output with -o (CompileAot.cpp).
#pragma once

#include "CommonFlags.h"

#include <nlohmann/json.hpp>

#include <string>

namespace resinc {

struct CompileFlags {
  std::string file;
  std::string json;
  CommonFlags common;
  std::string output;   // -o: compile ahead of time into this file
  std::string emit;     // obj, asm, llvm, header (empty: from -o's extension, else obj)
  std::string name;     // --name: the ABI symbols' prefix (empty: from the file name)
  std::string cacheDir; // --cache-dir (empty: $XDG_CACHE_HOME/resinc or ~/.cache/resinc)
  bool noCache = false;
};

/// What both halves report: the docs/reference/cli.md compile JSON fields, filled in.
struct CompileSummary {
  unsigned width = 1;
  size_t nodesBefore = 0, nodesAfter = 0, pure = 0, stateful = 0;
  double parseMs = 0, passesMs = 0, irMs = 0, llvmOptMs = 0, codegenMs = 0;
  std::string cache = "off";
};

/// The docs/reference/cli.md compile JSON (plus "cache") for a summary.
nlohmann::ordered_json compileJson(const CompileFlags &options, const CompileSummary &summary);

/// Checks --emit and --name for -o; returns kSuccess or the exit code after
/// reporting (a bad --name is exit 1).
int checkAotFlags(const CompileFlags &options);

/// Compiles the optimized `graph` ahead of time into options.output.
int compileAot(const CompileFlags &options, const resin::Graph &graph, CompileSummary &summary);

} // namespace resinc
