// PFM and raw .f32: the floats as they are, little endian whatever the host.
// Both stream one row at a time through a small buffer into an AtomicFile,
// so a failed file never replaces its target.
#include "resin/io/Image.h"

#include "resin/io/AtomicFile.h"

#include <bit>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace resin::io {

namespace {

/// Appends `v` as four little-endian bytes.
void putLittleEndian(float v, unsigned char *out) {
  uint32_t bits = std::bit_cast<uint32_t>(v);
  for (int b = 0; b < 4; ++b)
    out[b] = static_cast<unsigned char>(bits >> (8 * b));
}

/// Writes `header`, then the image's rows in the order `bottomUp` says.
std::optional<Diagnostic> writeFloats(const std::string &path, const Image &image,
                                      const std::string &header, bool bottomUp) {
  auto file = AtomicFile::create(path);
  if (!file)
    return file.errors()[0];
  if (auto error = file->write(header))
    return error;
  const int64_t perRow = image.width * image.channels;
  std::vector<unsigned char> row(size_t(perRow) * 4);
  for (int64_t r = 0; r < image.height; ++r) {
    int64_t j = bottomUp ? image.height - 1 - r : r;
    const float *samples = &image.pixels[size_t(j * perRow)];
    for (int64_t s = 0; s < perRow; ++s)
      putLittleEndian(samples[s], &row[size_t(s) * 4]);
    if (auto error = file->write({reinterpret_cast<const char *>(row.data()), row.size()}))
      return error;
  }
  return file->commit();
}

} // namespace

std::optional<Diagnostic> writePfm(const std::string &path, const Image &image) {
  // "Pf": one channel; a negative scale means little-endian samples. PFM's
  // first stored row is the bottom of the picture, so row 0 (the PNG's top)
  // goes last.
  if (image.channels != 1 && image.channels != 3)
    return Diagnostic{path,
                      {},
                      "PFM holds grey (Pf) or RGB (PF) images, not " +
                          std::to_string(image.channels) + " channels"};
  std::string header = std::string(image.channels == 3 ? "PF" : "Pf") + "\n" +
                       std::to_string(image.width) + " " + std::to_string(image.height) +
                       "\n-1.0\n";
  return writeFloats(path, image, header, /*bottomUp=*/true);
}

std::optional<Diagnostic> writeF32(const std::string &path, const Image &image) {
  return writeFloats(path, image, "", /*bottomUp=*/false);
}

} // namespace resin::io
