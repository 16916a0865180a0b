// The names of ahead-of-time output: what -o's extension or --emit asks for,
// and the kernel name that prefixes the ABI's symbols (NAME_process, ...).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace resin::aot {

enum class EmitKind { Object, Assembly, LlvmIr, Header };

/// "obj", "asm", "llvm", "header".
std::optional<EmitKind> emitKindFromName(std::string_view name);
/// The kind a file name's extension suggests (.o .obj, .s .asm, .ll, .h).
std::optional<EmitKind> emitKindFromPath(std::string_view path);

/// Whether `name` can prefix the ABI symbols: a C identifier of at most 200
/// characters ([A-Za-z_][A-Za-z0-9_]*).
bool isKernelName(std::string_view name);
/// A kernel name made from a file name: its stem, every other character
/// replaced by '_', a leading '_' before a digit; "kernel" if nothing is left.
std::string kernelNameFromPath(std::string_view path);

} // namespace resin::aot
