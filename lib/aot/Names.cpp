// Names in ahead-of-time output: the --emit kinds, and kernel names (the
// prefix of the exported symbols), which must be C identifiers.
#include "resin/aot/Names.h"

#include <filesystem>

namespace resin::aot {

namespace {

bool isIdentifierChar(char c, bool first) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' ||
         (!first && c >= '0' && c <= '9');
}

bool endsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

} // namespace

std::optional<EmitKind> emitKindFromName(std::string_view name) {
  if (name == "obj")
    return EmitKind::Object;
  if (name == "asm")
    return EmitKind::Assembly;
  if (name == "llvm")
    return EmitKind::LlvmIr;
  if (name == "header")
    return EmitKind::Header;
  return std::nullopt;
}

std::optional<EmitKind> emitKindFromPath(std::string_view path) {
  if (endsWith(path, ".o") || endsWith(path, ".obj"))
    return EmitKind::Object;
  if (endsWith(path, ".s") || endsWith(path, ".asm"))
    return EmitKind::Assembly;
  if (endsWith(path, ".ll"))
    return EmitKind::LlvmIr;
  if (endsWith(path, ".h"))
    return EmitKind::Header;
  return std::nullopt;
}

bool isKernelName(std::string_view name) {
  if (name.empty() || name.size() > 200)
    return false;
  for (size_t i = 0; i < name.size(); ++i)
    if (!isIdentifierChar(name[i], i == 0))
      return false;
  return true;
}

std::string kernelNameFromPath(std::string_view path) {
  std::string stem = std::filesystem::path(path).stem().string();
  std::string name;
  for (char c : stem)
    name += isIdentifierChar(c, false) ? c : '_';
  if (name.size() > 200)
    name.resize(200);
  if (!name.empty() && name[0] >= '0' && name[0] <= '9')
    name = "_" + name.substr(0, 199);
  bool onlyUnderscores = name.find_first_not_of('_') == std::string::npos;
  return onlyUnderscores ? "kernel" : name;
}

} // namespace resin::aot
