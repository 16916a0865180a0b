// Reading a PNG for a field to sample, through libpng's classic interface
// (its simplified one converts 16-bit images to linear light, and resinc
// does no implicit colour management).
//
// As in Png.cpp, libpng reports errors by longjmp: decode() calls setjmp and
// holds only trivially destructible locals, and the buffers it fills belong
// to its caller, so jumping out of libpng skips no C++ destructor. The size
// in the header is checked against the limits before anything is allocated.
#include "resin/io/Image.h"

#include "resin/support/Limits.h"
#include "resin/support/OutOfMemory.h"

#include <png.h>

#include <cerrno>
#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <memory>

namespace resin::io {

namespace {

/// What decode() fills: the header, the file's bytes row by row, and the
/// message of whatever failed.
struct PngRead {
  png_uint_32 width = 0, height = 0;
  int channels = 0, bitDepth = 0;
  std::vector<png_byte> bytes;
  std::vector<png_bytep> rows;
  char message[256] = "";
  bool tooLarge = false; // the header's size is beyond the limits (message says which)
};

void onPngError(png_structp png, png_const_charp message) {
  auto *read = static_cast<PngRead *>(png_get_error_ptr(png));
  std::snprintf(read->message, sizeof read->message, "%s", message);
  png_longjmp(png, 1);
}

void onPngWarning(png_structp, png_const_charp) {}

/// The header's size against kMaxRasterSide and Limit::ImagePixels; false
/// with `read.message` set when it is beyond them.
bool sizeAllowed(PngRead &read) {
  if (read.width > kMaxRasterSide || read.height > kMaxRasterSide) {
    std::snprintf(read.message, sizeof read.message,
                  "the image is %lux%lu; each side may be at most %lld", (unsigned long)read.width,
                  (unsigned long)read.height, (long long)kMaxRasterSide);
    return false;
  }
  int64_t pixels = int64_t(read.width) * int64_t(read.height);
  if (!withinLimit(Limit::ImagePixels, pixels)) {
    std::string what = "the image is " + std::to_string(read.width) + "x" +
                       std::to_string(read.height) + " (" + std::to_string(pixels) + " pixels)";
    std::snprintf(read.message, sizeof read.message, "%s",
                  limitMessage(Limit::ImagePixels, what, pixels).c_str());
    return false;
  }
  return true;
}

/// Decodes an open PNG into `read`; false with `read.message` set on failure.
bool decode(std::FILE *file, PngRead &read) {
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &read, onPngError, onPngWarning);
  if (!png) {
    std::snprintf(read.message, sizeof read.message, "out of memory");
    return false;
  }
  png_infop info = png_create_info_struct(png);
  if (!info || setjmp(png_jmpbuf(png))) {
    png_destroy_read_struct(&png, info ? &info : nullptr, nullptr);
    if (!read.message[0])
      std::snprintf(read.message, sizeof read.message, "out of memory");
    return false;
  }
  png_init_io(png, file);
  // libpng's own size limit (1000000 a side by default) would speak first;
  // resinc's limits, checked below, say how to raise them.
  png_set_user_limits(png, PNG_UINT_31_MAX, PNG_UINT_31_MAX);
  png_read_info(png, info);
  int colorType = 0;
  png_get_IHDR(png, info, &read.width, &read.height, &read.bitDepth, &colorType, nullptr, nullptr,
               nullptr);
  if (!sizeAllowed(read)) {
    read.tooLarge = true;
    png_destroy_read_struct(&png, &info, nullptr);
    return false;
  }
  // Palettes become RGB and grey below 8 bits becomes 8 bits; 16-bit
  // samples stay 16-bit (big-endian bytes, read as such below).
  if (colorType == PNG_COLOR_TYPE_PALETTE)
    png_set_palette_to_rgb(png);
  if (colorType == PNG_COLOR_TYPE_GRAY && read.bitDepth < 8)
    png_set_expand_gray_1_2_4_to_8(png);
  png_set_interlace_handling(png);
  png_read_update_info(png, info);
  read.channels = png_get_channels(png, info);
  read.bitDepth = png_get_bit_depth(png, info);
  size_t rowBytes = png_get_rowbytes(png, info);
  try {
    CatchesBadAlloc caught;
    read.bytes.resize(rowBytes * read.height);
    read.rows.resize(read.height);
  } catch (const std::bad_alloc &) {
    std::snprintf(read.message, sizeof read.message, "not enough memory for the image");
    png_destroy_read_struct(&png, &info, nullptr);
    return false;
  }
  for (png_uint_32 j = 0; j < read.height; ++j)
    read.rows[j] = &read.bytes[j * rowBytes];
  png_read_image(png, read.rows.data());
  png_read_end(png, nullptr);
  png_destroy_read_struct(&png, &info, nullptr);
  return true;
}

struct CloseFile {
  void operator()(std::FILE *f) const { std::fclose(f); }
};

} // namespace

Result<Raster> readPng(const std::string &path) {
  std::unique_ptr<std::FILE, CloseFile> file(std::fopen(path.c_str(), "rb"));
  if (!file)
    return Diagnostic{path, {}, std::string("cannot open: ") + std::strerror(errno)};
  PngRead read;
  if (!decode(file.get(), read))
    return Diagnostic{path,
                      {},
                      read.tooLarge
                          ? std::string(read.message)
                          : std::string("truncated or corrupt PNG (libpng: ") + read.message + ")"};
  Raster raster;
  raster.width = read.width;
  raster.height = read.height;
  raster.channels = read.channels;
  try {
    CatchesBadAlloc caught;
    raster.samples.resize(size_t(raster.width * raster.height * raster.channels));
  } catch (const std::bad_alloc &) {
    return Diagnostic{path, {}, "not enough memory for the image"};
  }
  // 8-bit v/255, 16-bit v/65535 (big-endian), each one division in float.
  const size_t perRow = size_t(raster.width * raster.channels);
  for (int64_t j = 0; j < raster.height; ++j) {
    const png_byte *row = read.rows[size_t(j)];
    float *out = &raster.samples[size_t(j) * perRow];
    if (read.bitDepth == 16)
      for (size_t s = 0; s < perRow; ++s)
        out[s] = float(unsigned(row[2 * s]) << 8 | row[2 * s + 1]) / 65535.0f;
    else
      for (size_t s = 0; s < perRow; ++s)
        out[s] = float(row[s]) / 255.0f;
  }
  return raster;
}

} // namespace resin::io
