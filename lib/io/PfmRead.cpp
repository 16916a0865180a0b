// Reading a PFM for a field to sample: "Pf" (grey) or "PF" (RGB), the width
// and height, a scale whose sign gives the byte order (negative: little
// endian), then the floats with the bottom row first. Rows are turned over
// so that image row 0 is the last stored row, the inverse of writePfm: a
// PFM that resinc wrote reads back as the same image.
//
// The header is three whitespace-separated words after the magic; it is
// small enough to read by hand (no library reads PFM without bringing an
// image toolkit along). The size is checked before anything is allocated,
// and a file shorter than its header promises is refused as truncated.
#include "resin/io/Image.h"

#include "resin/support/Limits.h"
#include "resin/support/OutOfMemory.h"

#include <bit>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>

namespace resin::io {

namespace {

/// Reads the next whitespace-delimited word of the header (at most 64
/// characters); empty at the end of the file.
std::string headerWord(std::istream &in) {
  std::string word;
  int c = in.get();
  while (c != EOF && std::isspace(c))
    c = in.get();
  while (c != EOF && !std::isspace(c) && word.size() < 64) {
    word.push_back(char(c));
    c = in.get();
  }
  // The single whitespace byte after the last word ends the header.
  return word;
}

std::optional<int64_t> headerInteger(const std::string &word) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), value);
  if (ec != std::errc() || end != word.data() + word.size() || value < 1)
    return std::nullopt;
  return value;
}

} // namespace

Result<Raster> readPfm(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return Diagnostic{path, {}, std::string("cannot open: ") + std::strerror(errno)};
  auto fail = [&](const std::string &message) { return Diagnostic{path, {}, message}; };
  std::string magic = headerWord(in);
  if (magic != "Pf" && magic != "PF")
    return fail("not a PFM: it must start with Pf (grey) or PF (colour)");
  auto width = headerInteger(headerWord(in));
  auto height = headerInteger(headerWord(in));
  std::string scaleWord = headerWord(in);
  double scale = 0;
  auto [end, ec] = std::from_chars(scaleWord.data(), scaleWord.data() + scaleWord.size(), scale);
  if (!width || !height || ec != std::errc() || end != scaleWord.data() + scaleWord.size() ||
      scale == 0)
    return fail("corrupt PFM header: expected the width, the height (whole numbers from 1) and "
                "a non-zero scale after " +
                magic);
  if (*width > kMaxRasterSide || *height > kMaxRasterSide)
    return fail("the image is " + std::to_string(*width) + "x" + std::to_string(*height) +
                "; each side may be at most " + std::to_string(kMaxRasterSide));
  int64_t pixels = *width * *height;
  if (!withinLimit(Limit::ImagePixels, pixels))
    return fail(limitMessage(Limit::ImagePixels,
                             "the image is " + std::to_string(*width) + "x" +
                                 std::to_string(*height) + " (" + std::to_string(pixels) +
                                 " pixels)",
                             pixels));
  Raster raster;
  raster.width = *width;
  raster.height = *height;
  raster.channels = magic == "PF" ? 3 : 1;
  const size_t perRow = size_t(raster.width * raster.channels);
  std::vector<unsigned char> bytes;
  try {
    CatchesBadAlloc caught;
    raster.samples.resize(perRow * size_t(raster.height));
    bytes.resize(perRow * 4);
  } catch (const std::bad_alloc &) {
    return fail("not enough memory for the image");
  }
  const bool littleEndian = scale < 0;
  for (int64_t r = 0; r < raster.height; ++r) {
    if (!in.read(reinterpret_cast<char *>(bytes.data()), std::streamsize(bytes.size())))
      return fail("truncated PFM: the header promises " + std::to_string(raster.height) +
                  " rows, the file ends in row " + std::to_string(r + 1));
    float *out = &raster.samples[size_t(raster.height - 1 - r) * perRow];
    for (size_t s = 0; s < perRow; ++s) {
      const unsigned char *b = &bytes[4 * s];
      uint32_t bits =
          littleEndian
              ? uint32_t(b[0]) | uint32_t(b[1]) << 8 | uint32_t(b[2]) << 16 | uint32_t(b[3]) << 24
              : uint32_t(b[3]) | uint32_t(b[2]) << 8 | uint32_t(b[1]) << 16 | uint32_t(b[0]) << 24;
      out[s] = std::bit_cast<float>(bits);
    }
  }
  return raster;
}

} // namespace resin::io
