// png-info FILE [--samples]: reads a PNG with libpng (no transforms) and
// prints "WIDTH HEIGHT BIT_DEPTH COLOR" (COLOR: gray, rgb, ...), then with
// --samples every sample (16 or 8 bits), one a line, row 0 first. Exit 1 when libpng cannot
// read the file. For run-io.sh: the check that render's PNG reads back.
#include <png.h>

#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <vector>

namespace {

struct PngData {
  png_uint_32 width = 0, height = 0;
  int bitDepth = 0, colorType = 0;
  std::vector<png_byte> pixels; // the rows as stored, row 0 first
};

/// Only trivially destructible locals live between setjmp and libpng's longjmp.
bool readPng(std::FILE *file, PngData *out) {
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png ? png_create_info_struct(png) : nullptr;
  if (!info || setjmp(png_jmpbuf(png))) {
    png_destroy_read_struct(&png, info ? &info : nullptr, nullptr);
    return false;
  }
  png_init_io(png, file);
  png_read_info(png, info);
  out->width = png_get_image_width(png, info);
  out->height = png_get_image_height(png, info);
  out->bitDepth = png_get_bit_depth(png, info);
  out->colorType = png_get_color_type(png, info);
  size_t rowBytes = png_get_rowbytes(png, info);
  out->pixels.resize(rowBytes * out->height);
  for (png_uint_32 j = 0; j < out->height; ++j)
    png_read_row(png, &out->pixels[j * rowBytes], nullptr);
  png_read_end(png, nullptr);
  png_destroy_read_struct(&png, &info, nullptr);
  return true;
}

const char *colorName(int type) {
  switch (type) {
  case PNG_COLOR_TYPE_GRAY:
    return "gray";
  case PNG_COLOR_TYPE_GRAY_ALPHA:
    return "gray-alpha";
  case PNG_COLOR_TYPE_RGB:
    return "rgb";
  case PNG_COLOR_TYPE_RGB_ALPHA:
    return "rgba";
  case PNG_COLOR_TYPE_PALETTE:
    return "palette";
  }
  return "unknown";
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 2 || argc > 3 || (argc == 3 && std::strcmp(argv[2], "--samples") != 0)) {
    std::fprintf(stderr, "usage: png-info FILE [--samples]\n");
    return 2;
  }
  std::FILE *file = std::fopen(argv[1], "rb");
  if (!file) {
    std::fprintf(stderr, "png-info: cannot open %s\n", argv[1]);
    return 1;
  }
  PngData png;
  bool ok = readPng(file, &png);
  std::fclose(file);
  if (!ok) {
    std::fprintf(stderr, "png-info: libpng cannot read %s\n", argv[1]);
    return 1;
  }
  std::printf("%u %u %d %s\n", png.width, png.height, png.bitDepth, colorName(png.colorType));
  if (argc == 3 && png.bitDepth == 16)
    for (size_t b = 0; b + 1 < png.pixels.size(); b += 2)
      std::printf("%u\n", unsigned(png.pixels[b] << 8 | png.pixels[b + 1]));
  if (argc == 3 && png.bitDepth == 8) // render --colormap's RGB: R, G, B of each pixel in turn
    for (png_byte b : png.pixels)
      std::printf("%u\n", unsigned(b));
  return 0;
}
