// 16-bit PNG (grey, RGB or RGBA) through libpng (never a hand-written encoder).
//
// libpng reports errors by longjmp; the function that calls setjmp holds only
// trivially destructible locals, so jumping out of libpng skips no C++
// destructor. The message is copied into a buffer the caller owns. A file
// goes through AtomicFile, so a failed one never replaces its target.
#include "resin/io/Image.h"

#include "resin/io/AtomicFile.h"

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
  // libpng's "Write Error" does not say why; errno does (EFBIG, ENOSPC).
  if (errno != 0)
    std::snprintf(error->message, sizeof error->message, "%s: %s", message, std::strerror(errno));
  else
    std::snprintf(error->message, sizeof error->message, "%s", message);
  png_longjmp(png, 1);
}

void onPngWarning(png_structp, png_const_charp) {}

/// Encodes the image into an open file. `row` has room for 2 * width *
/// channels bytes.
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
  errno = 0;
  int colorType = image.channels == 4   ? PNG_COLOR_TYPE_RGBA
                  : image.channels == 3 ? PNG_COLOR_TYPE_RGB
                                        : PNG_COLOR_TYPE_GRAY;
  png_set_IHDR(png, info, png_uint_32(image.width), png_uint_32(image.height), 16, colorType,
               PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  for (int64_t j = 0; j < image.height; ++j) {
    // PNG samples are big-endian; written byte by byte so the host's
    // endianness does not matter (no png_set_swap).
    const float *samples = &image.pixels[size_t(j * image.width * image.channels)];
    for (int64_t s = 0; s < image.width * image.channels; ++s) {
      uint16_t q = toUnorm16(samples[s]);
      row[2 * s] = png_byte(q >> 8);
      row[2 * s + 1] = png_byte(q & 0xff);
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
  if (image.channels != 1 && image.channels != 3 && image.channels != 4)
    return Diagnostic{path, {}, "resinc writes PNGs of 1, 3 or 4 channels"};
  std::vector<png_byte> row(size_t(image.width * image.channels) * 2);
  PngError error;
  // "-" is standard output: flushed, not closed, and a stream.
  if (path == "-") {
    if (!encode(stdout, image, row.data(), error))
      return Diagnostic{path, {}, std::string("writing the PNG failed: ") + error.message};
    if (std::fflush(stdout) != 0)
      return Diagnostic{path, {}, std::string("writing the PNG failed: ") + std::strerror(errno)};
    return std::nullopt;
  }
  auto file = AtomicFile::create(path);
  if (!file)
    return file.errors()[0];
  if (!encode(file->stream(), image, row.data(), error))
    return Diagnostic{path, {}, std::string("writing the PNG failed: ") + error.message};
  return file->commit();
}

} // namespace resin::io
