// The io library: WAV through libsndfile, PNG through libpng (read back with
// libpng here), PFM header and row order, raw .f32 bytes, point files.
#include "resin/io/Image.h"
#include "resin/io/Points.h"
#include "resin/io/Wav.h"

#include <doctest/doctest.h>
#include <png.h>
#include <sndfile.h>

#include <bit>
#include <cmath>
#include <csetjmp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <unistd.h>

using namespace resin;
using namespace resin::io;

namespace {

/// A file name in the temporary directory, removed when the test ends.
struct TempFile {
  std::string path;
  explicit TempFile(const std::string &name)
      : path((std::filesystem::temp_directory_path() /
              ("resin-iotest-" + std::to_string(getpid()) + "-" + name))
                 .string()) {}
  ~TempFile() { std::filesystem::remove(path); }
};

std::string readBytes(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct PngData {
  png_uint_32 width = 0, height = 0;
  int bitDepth = 0, colorType = 0;
  std::vector<uint16_t> samples; // row 0 first, decoded from big endian
  std::vector<png_byte> row;     // scratch, owned here so a longjmp skips no destructor
};

/// Reads with libpng's classic API and no transforms, so bit depth, color
/// type and the stored samples are what the file holds. Only trivially
/// destructible locals live between setjmp and libpng's longjmp.
bool readPng(const char *path, PngData *out) {
  std::FILE *file = std::fopen(path, "rb");
  if (!file)
    return false;
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png_create_info_struct(png);
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_read_struct(&png, &info, nullptr);
    std::fclose(file);
    return false;
  }
  png_init_io(png, file);
  png_read_info(png, info);
  out->width = png_get_image_width(png, info);
  out->height = png_get_image_height(png, info);
  out->bitDepth = png_get_bit_depth(png, info);
  out->colorType = png_get_color_type(png, info);
  size_t rowBytes = png_get_rowbytes(png, info);
  out->samples.clear();
  out->row.resize(rowBytes);
  for (png_uint_32 j = 0; j < out->height; ++j) {
    png_read_row(png, out->row.data(), nullptr);
    for (size_t b = 0; b + 1 < rowBytes; b += 2)
      out->samples.push_back(uint16_t(out->row[b] << 8 | out->row[b + 1]));
  }
  png_read_end(png, nullptr);
  png_destroy_read_struct(&png, &info, nullptr);
  std::fclose(file);
  return true;
}

float littleEndianFloat(const std::string &bytes, size_t offset) {
  uint32_t bits = 0;
  for (int b = 0; b < 4; ++b)
    bits |= uint32_t(uint8_t(bytes[offset + size_t(b)])) << (8 * b);
  return std::bit_cast<float>(bits);
}

/// A 3x2 image whose pixel (i, j) is 10 * j + i.
Image ramp() {
  Image image{3, 2, {}};
  for (int j = 0; j < 2; ++j)
    for (int i = 0; i < 3; ++i)
      image.pixels.push_back(float(10 * j + i));
  return image;
}

} // namespace

TEST_CASE("WAV round trip through libsndfile: float format, channels, rate, samples") {
  TempFile file("roundtrip.wav");
  AudioBuffer audio;
  audio.sampleRate = 48000;
  audio.channels = {{0.0f, 0.25f, -1.0f, 1.5f, 1e-30f}, {-0.0f, 3.0f, -2.5f, 0.125f, -7.0f}};
  REQUIRE_FALSE(writeWav(file.path, audio));

  SF_INFO info{};
  SNDFILE *sf = sf_open(file.path.c_str(), SFM_READ, &info);
  REQUIRE(sf);
  CHECK((info.format & SF_FORMAT_TYPEMASK) == SF_FORMAT_WAV);
  CHECK((info.format & SF_FORMAT_SUBMASK) == SF_FORMAT_FLOAT);
  CHECK(info.channels == 2);
  CHECK(info.samplerate == 48000);
  CHECK(info.frames == 5);
  sf_close(sf);

  auto back = readWav(file.path);
  REQUIRE(back);
  CHECK(back->sampleRate == 48000);
  REQUIRE(back->channels.size() == 2);
  for (size_t c = 0; c < 2; ++c)
    for (size_t f = 0; f < 5; ++f)
      CHECK(std::bit_cast<uint32_t>(back->channels[c][f]) ==
            std::bit_cast<uint32_t>(audio.channels[c][f]));
}

TEST_CASE("WAV writer streams blocks and the reader returns them in blocks") {
  TempFile file("blocks.wav");
  auto writer = WavWriter::create(file.path, 1, 44100);
  REQUIRE(writer);
  std::vector<float> block(1000);
  for (int b = 0; b < 5; ++b) {
    for (size_t i = 0; i < block.size(); ++i)
      block[i] = float(b * 1000 + int(i));
    const float *in[] = {block.data()};
    REQUIRE_FALSE(writer->write(in, int64_t(block.size())));
  }
  REQUIRE_FALSE(writer->close());

  auto reader = WavReader::open(file.path);
  REQUIRE(reader);
  CHECK(reader->info().frames == 5000);
  std::vector<float> got(3000);
  float *out[] = {got.data()};
  auto n = reader->read(out, 3000);
  REQUIRE(n);
  CHECK(*n == 3000);
  CHECK(got[2999] == 2999.0f);
  n = reader->read(out, 3000);
  REQUIRE(n);
  CHECK(*n == 2000);
  CHECK(got[1999] == 4999.0f);
  n = reader->read(out, 3000);
  REQUIRE(n);
  CHECK(*n == 0);
}

TEST_CASE("WAV writer: the target keeps its bytes until close, and discard leaves it as it was") {
  TempFile file("discard.wav");
  { std::ofstream(file.path, std::ios::binary) << "previous"; }
  auto writer = WavWriter::create(file.path, 1, 44100);
  REQUIRE(writer);
  float sample = 0.5f;
  const float *in[] = {&sample};
  REQUIRE_FALSE(writer->write(in, 1));
  CHECK(readBytes(file.path) == "previous");
  writer->discard();
  CHECK(readBytes(file.path) == "previous");

  auto second = WavWriter::create(file.path, 1, 44100);
  REQUIRE(second);
  REQUIRE_FALSE(second->write(in, 1));
  REQUIRE_FALSE(second->close());
  auto audio = readWav(file.path);
  REQUIRE(audio);
  REQUIRE(audio->frames() == 1);
  CHECK(audio->channels[0][0] == 0.5f);
}

TEST_CASE("WAV reader reads integer formats as floats") {
  TempFile file("pcm16.wav");
  SF_INFO info{};
  info.channels = 1;
  info.samplerate = 8000;
  info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
  SNDFILE *sf = sf_open(file.path.c_str(), SFM_WRITE, &info);
  REQUIRE(sf);
  short samples[] = {0, 16384, -32768};
  sf_writef_short(sf, samples, 3);
  sf_close(sf);
  auto audio = readWav(file.path);
  REQUIRE(audio);
  CHECK(audio->sampleRate == 8000);
  REQUIRE(audio->frames() == 3);
  CHECK(audio->channels[0][1] == 0.5f);
  CHECK(audio->channels[0][2] == -1.0f);
}

TEST_CASE("WAV errors name the file") {
  TempFile empty("empty.wav");
  { std::ofstream(empty.path, std::ios::binary); }
  auto reader = WavReader::open(empty.path);
  REQUIRE_FALSE(reader);
  CHECK(reader.errors()[0].file == empty.path);

  auto missing = readWav("/nonexistent/dir/x.wav");
  REQUIRE_FALSE(missing);
  CHECK(missing.errors()[0].str().rfind("/nonexistent/dir/x.wav: ", 0) == 0);

  auto unwritable = WavWriter::create("/nonexistent/dir/y.wav", 1, 44100);
  REQUIRE_FALSE(unwritable);
  CHECK(unwritable.errors()[0].file == "/nonexistent/dir/y.wav");
  CHECK_FALSE(WavWriter::create(empty.path, 0, 44100));
}

TEST_CASE("PNG quantization: clamp to [0, 1], scale by 65535, round to nearest, NaN is 0") {
  CHECK(toUnorm16(0.0f) == 0);
  CHECK(toUnorm16(-0.0f) == 0);
  CHECK(toUnorm16(1.0f) == 65535);
  CHECK(toUnorm16(0.5f) == 32768); // 32767.5 rounds away from zero
  CHECK(toUnorm16(0.25f) == 16384);
  CHECK(toUnorm16(1.0f / 65535.0f) == 1);
  CHECK(toUnorm16(0.4f / 65535.0f) == 0);
  CHECK(toUnorm16(-3.0f) == 0);
  CHECK(toUnorm16(7.0f) == 65535);
  CHECK(toUnorm16(std::numeric_limits<float>::infinity()) == 65535);
  CHECK(toUnorm16(-std::numeric_limits<float>::infinity()) == 0);
  CHECK(toUnorm16(std::numeric_limits<float>::quiet_NaN()) == 0);
}

TEST_CASE("PNG written with libpng reads back: size, 16-bit gray, samples") {
  TempFile file("image.png");
  Image image{
      4, 2, {0.0f, 1.0f, 0.5f, std::numeric_limits<float>::quiet_NaN(), -1.0f, 2.0f, 0.25f, 1e-6f}};
  REQUIRE_FALSE(writePng(file.path, image));
  PngData png;
  REQUIRE(readPng(file.path.c_str(), &png));
  CHECK(png.width == 4);
  CHECK(png.height == 2);
  CHECK(png.bitDepth == 16);
  CHECK(png.colorType == PNG_COLOR_TYPE_GRAY);
  std::vector<uint16_t> want = {0, 65535, 32768, 0, 0, 65535, 16384, 0};
  CHECK(png.samples == want);
}

TEST_CASE("PNG and float writers report unwritable files") {
  Image image = ramp();
  for (auto format : {ImageFormat::Png, ImageFormat::Pfm, ImageFormat::F32}) {
    auto error = writeImage("/nonexistent/dir/out", image, format);
    REQUIRE(error);
    CHECK(error->file == "/nonexistent/dir/out");
  }
}

TEST_CASE("PFM: grayscale little-endian header, rows stored bottom to top") {
  TempFile file("image.pfm");
  REQUIRE_FALSE(writePfm(file.path, ramp()));
  std::string bytes = readBytes(file.path);
  const std::string header = "Pf\n3 2\n-1.0\n";
  REQUIRE(bytes.size() == header.size() + 6 * 4);
  CHECK(bytes.substr(0, header.size()) == header);
  // The first stored row is the picture's bottom: image row 1 (10, 11, 12).
  std::vector<float> stored;
  for (size_t k = 0; k < 6; ++k)
    stored.push_back(littleEndianFloat(bytes, header.size() + 4 * k));
  CHECK(stored == std::vector<float>{10, 11, 12, 0, 1, 2});
}

TEST_CASE(".f32: little-endian floats, row 0 first, no header") {
  TempFile file("image.f32");
  REQUIRE_FALSE(writeF32(file.path, ramp()));
  std::string bytes = readBytes(file.path);
  REQUIRE(bytes.size() == 6 * 4);
  CHECK(bytes.substr(4, 4) == std::string("\x00\x00\x80\x3f", 4)); // 1.0f
  std::vector<float> stored;
  for (size_t k = 0; k < 6; ++k)
    stored.push_back(littleEndianFloat(bytes, 4 * k));
  CHECK(stored == std::vector<float>{0, 1, 2, 10, 11, 12});
}

TEST_CASE("image format from the output path") {
  CHECK(imageFormatFromPath("a.png") == ImageFormat::Png);
  CHECK(imageFormatFromPath("dir.x/A.PNG") == ImageFormat::Png);
  CHECK(imageFormatFromPath("a.pfm") == ImageFormat::Pfm);
  CHECK(imageFormatFromPath("a.f32") == ImageFormat::F32);
  CHECK_FALSE(imageFormatFromPath("a.jpg"));
  CHECK_FALSE(imageFormatFromPath("png"));
  CHECK_FALSE(imageFormatFromPath("dir.png/a"));
}

TEST_CASE("point files: one to four numbers a line, the rest 0 as with --at") {
  auto points = parsePoints(SourceFile("p.txt", "0.5\n1 2\n1,2,3 # z\n-1 -2 -3 -4\n"));
  REQUIRE(points);
  REQUIRE(points->size() == 4);
  CHECK((*points)[0] == Point{0.5f, 0, 0, 0});
  CHECK((*points)[1] == Point{1, 2, 0, 0});
  CHECK((*points)[2] == Point{1, 2, 3, 0});
  CHECK((*points)[3] == Point{-1, -2, -3, -4});
}

TEST_CASE("point files: separators, comments, blank lines, located errors") {
  SourceFile ok("p.txt", "# x y z t\n1 2 3 4\n\n0.5,\t-1e3 ,nan,inf  # trailing\r\n+2 0 0 0");
  auto points = parsePoints(ok);
  REQUIRE(points);
  REQUIRE(points->size() == 3);
  CHECK((*points)[0] == Point{1, 2, 3, 4});
  CHECK((*points)[1][1] == -1000.0f);
  CHECK(std::isnan((*points)[1][2]));
  CHECK(std::isinf((*points)[1][3]));
  CHECK((*points)[2][0] == 2.0f);

  auto first = [](const std::string &text) {
    auto result = parsePoints(SourceFile("p.txt", text));
    return result ? std::string() : result.errors()[0].str();
  };
  CHECK(first("1 2 3 4\n1 2 3 4 5\n") ==
        "p.txt:2:9: expected 1 to 4 numbers (x y z t), found a fifth: '5'");
  CHECK(first("1 2 abc 4") == "p.txt:1:5: 'abc' is not a number within the float range");
  CHECK(first("1 2 1e39 4") == "p.txt:1:5: '1e39' is not a number within the float range");
  CHECK(first("0x10 0 0 0") == "p.txt:1:1: '0x10' is not a number within the float range");
}

TEST_CASE("numbers: one rounding straight to float") {
  CHECK(parseFloat("0.1") == 0.1f);
  CHECK(parseFloat("-2.5e-3") == -2.5e-3f);
  CHECK(parseFloat("+1") == 1.0f);
  CHECK_FALSE(parseFloat(""));
  CHECK_FALSE(parseFloat("+"));
  CHECK_FALSE(parseFloat("1.0x"));
  CHECK_FALSE(parseFloat("--1"));
  CHECK(parseDouble("1e300") == 1e300);
}
