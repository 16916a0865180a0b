// 16-bit grayscale PNG through libpng (never a hand-written encoder).
//
// libpng reports errors by longjmp; the function that calls setjmp holds only
// trivially destructible locals, so jumping out of libpng skips no C++
// destructor. The message is copied into a buffer the caller owns. A file
// whose writing fails is removed.
#include "resin/io/Image.h"

#include "PartialFile.h"

#include <png.h>

#include <cerrno>
#include <cmath>
#include <csetjmp>
#include <cstdio>
#include <cstring>

namespace resin::io {

uint16_t toUnorm16(float v) {
  if (!(v > 0)) // NaN and v <= 0
    return 0;
  if (v >= 1)
    return 65535;
  return uint16_t(std::lround(double(v) * 65535.0));
}

namespace {

struct PngError {
  char message[256] = "";
};

void onPngError(png_structp png, png_const_charp message) {
  auto *error = static_cast<PngError *>(png_get_error_ptr(png));
  std::snprintf(error->message, sizeof error->message, "%s", message);
  png_longjmp(png, 1);
}

void onPngWarning(png_structp, png_const_charp) {}

/// Encodes the image into an open file. `row` has room for 2 * width bytes.
/// Returns false with `error` set when libpng fails.
bool encode(std::FILE *file, const Image &image, png_bytep row, PngError &error) {
  png_structp png =
      png_create_write_struct(PNG_LIBPNG_VER_STRING, &error, onPngError, onPngWarning);
  if (!png) {
    std::snprintf(error.message, sizeof error.message, "out of memory");
    return false;
  }
  png_infop info = png_create_info_struct(png);
  if (!info || setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, info ? &info : nullptr);
    if (!error.message[0])
      std::snprintf(error.message, sizeof error.message, "out of memory");
    return false;
  }
  png_init_io(png, file);
  png_set_IHDR(png, info, png_uint_32(image.width), png_uint_32(image.height), 16,
               PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
               PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  for (int64_t j = 0; j < image.height; ++j) {
    // PNG samples are big-endian; written byte by byte so the host's
    // endianness does not matter (no png_set_swap).
    for (int64_t i = 0; i < image.width; ++i) {
      uint16_t q = toUnorm16(image.at(i, j));
      row[2 * i] = png_byte(q >> 8);
      row[2 * i + 1] = png_byte(q & 0xff);
    }
    png_write_row(png, row);
  }
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  return true;
}

} // namespace

std::optional<Diagnostic> writePng(const std::string &path, const Image &image) {
  if (image.width < 1 || image.height < 1 || image.width > PNG_USER_WIDTH_MAX ||
      image.height > PNG_USER_HEIGHT_MAX)
    return Diagnostic{path, {}, "a PNG cannot hold an image of this size"};
  // "-" is standard output: flushed, not closed, and never removed.
  const bool toStdout = path == "-";
  std::FILE *file = toStdout ? stdout : std::fopen(path.c_str(), "wb");
  if (!file)
    return Diagnostic{
        path, {}, std::string("cannot write the output file: ") + std::strerror(errno)};
  std::vector<png_byte> row(size_t(image.width) * 2);
  PngError error;
  bool ok = encode(file, image, row.data(), error);
  bool closed = toStdout ? std::fflush(file) == 0 : std::fclose(file) == 0;
  if ((!ok || !closed) && !toStdout)
    removePartialFile(path);
  if (!ok)
    return Diagnostic{path, {}, std::string("writing the PNG failed: ") + error.message};
  if (!closed)
    return Diagnostic{path, {}, "writing the PNG failed: the file could not be closed"};
  return std::nullopt;
}

} // namespace resin::io
