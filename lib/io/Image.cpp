// Choosing an image format from the output path and dispatching to its
// writer; telling the input formats apart by their first bytes.
#include "resin/io/Image.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>

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

Result<Raster> readRaster(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return Diagnostic{path, {}, std::string("cannot open: ") + std::strerror(errno)};
  char start[8] = {};
  in.read(start, sizeof start);
  // PNG's signature (the PNG specification, section 5.2).
  static constexpr char kPngSignature[8] = {'\x89', 'P', 'N', 'G', '\r', '\n', '\x1a', '\n'};
  if (in.gcount() == 8 && std::memcmp(start, kPngSignature, 8) == 0)
    return readPng(path);
  if (in.gcount() >= 2 && start[0] == 'P' && (start[1] == 'f' || start[1] == 'F'))
    return readPfm(path);
  return Diagnostic{path, {}, "not an image resinc reads: expected a PNG or a PFM (Pf or PF)"};
}

} // namespace resin::io
