// Loading input files and mapping offsets to line:column.
#include "resin/support/SourceFile.h"

#include "resin/support/Limits.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <iterator>

namespace resin {

SourceFile::SourceFile(std::string name, std::string text)
    : name_(std::move(name)), text_(std::move(text)) {
  lineStarts_.push_back(0);
  for (size_t i = 0; i < text_.size(); ++i)
    if (text_[i] == '\n')
      lineStarts_.push_back(i + 1);
}

SourceLoc SourceFile::locate(size_t offset) const {
  offset = std::min(offset, text_.size());
  auto next = std::upper_bound(lineStarts_.begin(), lineStarts_.end(), offset);
  size_t line = static_cast<size_t>(next - lineStarts_.begin());
  size_t col = offset - lineStarts_[line - 1] + 1;
  return SourceLoc{static_cast<uint32_t>(line), static_cast<uint32_t>(col)};
}

/// Reading stops at the first buffer past the limit; a regular file's whole
/// size is known, a stream's only as far as it was read.
static std::string tooLarge(size_t read, const std::string &path) {
  std::error_code ec;
  uintmax_t size = path == "-" ? 0 : std::filesystem::file_size(path, ec);
  if (ec || size < read)
    return limitMessage(Limit::InputBytes, "input is at least " + std::to_string(read) + " bytes",
                        int64_t(read));
  return limitMessage(Limit::InputBytes, "input is " + std::to_string(size) + " bytes",
                      int64_t(size));
}

Result<SourceFile> readSourceFile(const std::string &path) {
  std::string text;
  if (path == "-") {
    char buf[65536];
    while (std::cin.read(buf, sizeof buf) || std::cin.gcount() > 0) {
      text.append(buf, static_cast<size_t>(std::cin.gcount()));
      if (!withinLimit(Limit::InputBytes, int64_t(text.size())))
        return Diagnostic{"<stdin>", SourceLoc{1, 1}, tooLarge(text.size(), path)};
    }
    return SourceFile("<stdin>", std::move(text));
  }
  std::FILE *file = std::fopen(path.c_str(), "rb");
  if (!file)
    return Diagnostic{path, {}, std::string("cannot open: ") + std::strerror(errno)};
  char buf[65536];
  size_t got;
  while ((got = std::fread(buf, 1, sizeof buf, file)) > 0) {
    text.append(buf, got);
    if (!withinLimit(Limit::InputBytes, int64_t(text.size()))) {
      std::fclose(file);
      return Diagnostic{path, SourceLoc{1, 1}, tooLarge(text.size(), path)};
    }
  }
  bool failed = std::ferror(file);
  std::fclose(file);
  if (failed)
    return Diagnostic{path, {}, "cannot read (is it a directory?)"};
  return SourceFile(path, std::move(text));
}

} // namespace resin
