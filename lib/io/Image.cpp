// Choosing an image format from the output path and dispatching to its writer.
#include "resin/io/Image.h"

#include <algorithm>
#include <cctype>

namespace resin::io {

std::optional<ImageFormat> imageFormatFromPath(std::string_view path) {
  size_t dot = path.rfind('.');
  size_t slash = path.find_last_of("/\\");
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash))
    return std::nullopt;
  std::string ext(path.substr(dot + 1));
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return char(std::tolower(c)); });
  if (ext == "png")
    return ImageFormat::Png;
  if (ext == "pfm")
    return ImageFormat::Pfm;
  if (ext == "f32")
    return ImageFormat::F32;
  return std::nullopt;
}

std::optional<Diagnostic> writeImage(const std::string &path, const Image &image,
                                     ImageFormat format) {
  switch (format) {
  case ImageFormat::Png:
    return writePng(path, image);
  case ImageFormat::Pfm:
    return writePfm(path, image);
  case ImageFormat::F32:
    return writeF32(path, image);
  }
  return Diagnostic{path, {}, "unknown image format"};
}

} // namespace resin::io
