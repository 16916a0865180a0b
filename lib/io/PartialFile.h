// Removing an output file whose writing failed midway, so that no truncated
// image or sound that looks valid is left behind. Private to lib/io.
#pragma once

#include <filesystem>
#include <string>
#include <system_error>

namespace resin::io {

/// Removes `path` if it is a plain file (never a device, a symlink's
/// target or a directory that the caller named as its output).
inline void removePartialFile(const std::string &path) {
  std::error_code ec;
  if (std::filesystem::is_regular_file(std::filesystem::symlink_status(path, ec)))
    std::filesystem::remove(path, ec);
}

} // namespace resin::io
