// The extension of an output path, lower-cased, for the subcommands whose
// output format follows from it (draw, analyze, bench --plot).
#pragma once

#include <algorithm>
#include <cctype>
#include <string>

namespace resinc {

/// "svg" for "out/Graph.SVG"; empty when the last path component has no dot.
inline std::string lowerExtension(const std::string &path) {
  size_t dot = path.find_last_of('.');
  if (dot == std::string::npos || path.find('/', dot) != std::string::npos)
    return {};
  std::string ext = path.substr(dot + 1);
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return char(std::tolower(c)); });
  return ext;
}

} // namespace resinc
