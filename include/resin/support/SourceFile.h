// A whole input file in memory with its display name, and the mapping from
// byte offsets to line and column that every reader shares.
#pragma once

#include "resin/support/Diagnostic.h"
#include "resin/support/Limits.h"

#include <cstddef>
#include <string>
#include <vector>

namespace resin {

/// The default input size limit (Limit::InputBytes in Limits.h, which may
/// raise it): larger files are refused before parsing.
inline constexpr size_t kMaxInputBytes = size_t(kLimits[int(Limit::InputBytes)].defaultValue);

class SourceFile {
public:
  SourceFile(std::string name, std::string text);

  const std::string &name() const { return name_; }
  const std::string &text() const { return text_; }

  /// Line and column (1-based, columns count bytes) of a byte offset.
  SourceLoc locate(size_t offset) const;

  Diagnostic error(SourceLoc loc, std::string message) const {
    return Diagnostic{name_, loc, std::move(message)};
  }
  Diagnostic errorAt(size_t offset, std::string message) const {
    return error(locate(offset), std::move(message));
  }

private:
  std::string name_;
  std::string text_;
  std::vector<size_t> lineStarts_;
};

/// Reads a file (or standard input for "-") into memory, refusing files over
/// the input size limit (Limit::InputBytes).
Result<SourceFile> readSourceFile(const std::string &path);

} // namespace resin
