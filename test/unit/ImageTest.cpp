// Images as fields (docs/reference/field-language.md, "Images"): the
// declaration in both forms, binding, the verifier's rules, and sample,
// sample_nearest, width and height against values worked out by hand, in
// interp and native; the readers on good, truncated and oversized files.
#include "TestUtil.h"

#include "resin/io/Image.h"
#include "resin/registry/EngineRegistry.h"
#include "resin/resin.h"
#include "resin/syntax/FieldJson.h"
#include "resin/syntax/TextPrinter.h"

#include <png.h>
#include <zlib.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

using namespace resin;
using namespace resin::test;

namespace {

/// 2x2, one channel: row 0 is 0 1, row 1 is 2 4.
std::shared_ptr<const Raster> twoByTwo() {
  return std::make_shared<const Raster>(Raster{2, 2, 1, {0, 1, 2, 4}});
}

/// The field `text` with image `src` bound to `image`, on `engine`.
std::unique_ptr<FieldEvaluator> boundField(const std::string &text,
                                           std::shared_ptr<const Raster> image,
                                           const std::string &engine) {
  Graph g = parseOk(text, SourceFormat::FieldText);
  auto unused = bindImages(g, {{"src", std::move(image)}}, "test.field");
  REQUIRE(unused);
  CHECK(unused->empty());
  auto field = makeFieldEvaluator(engine, g);
  REQUIRE(field);
  return std::move(*field);
}

std::string tempPath(const std::string &name) {
  return (std::filesystem::temp_directory_path() / ("resin-image-test-" + name)).string();
}

void writeBytes(const std::string &path, const std::string &bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

} // namespace

TEST_CASE("images: bilinear sample against hand-computed values, interp and native") {
  for (const char *engine : {"interp", "native"}) {
    CAPTURE(engine);
    auto f = boundField("image src;\nsample(src, x, y, 0)", twoByTwo(), engine);
    // Texel centres are at 0.25 and 0.75: there the texels themselves.
    CHECK(f->eval(0.25f, 0.25f, 0, 0) == 0.0f);
    CHECK(f->eval(0.75f, 0.25f, 0, 0) == 1.0f);
    CHECK(f->eval(0.25f, 0.75f, 0, 0) == 2.0f);
    CHECK(f->eval(0.75f, 0.75f, 0, 0) == 4.0f);
    // Midpoints: along row 0, along row 1, and the centre (0.5 + 0.5 * (3 - 0.5)).
    CHECK(f->eval(0.5f, 0.25f, 0, 0) == 0.5f);
    CHECK(f->eval(0.5f, 0.75f, 0, 0) == 3.0f);
    CHECK(f->eval(0.5f, 0.5f, 0, 0) == 1.75f);
    // A quarter of the way: u = 0.375 * 2 - 0.5 = 0.25, v = 0.
    CHECK(f->eval(0.375f, 0.25f, 0, 0) == 0.25f);
    // Clamped to the edge: outside the unit square and between the edge and
    // the outer texel centres.
    CHECK(f->eval(0.0f, 0.0f, 0, 0) == 0.0f);
    CHECK(f->eval(1.0f, 1.0f, 0, 0) == 4.0f);
    CHECK(f->eval(-5.0f, 0.75f, 0, 0) == 2.0f);
    CHECK(f->eval(0.1f, 0.75f, 0, 0) == 2.0f);
    CHECK(f->eval(3.0f, 0.5f, 0, 0) == 2.5f);
    CHECK(f->eval(INFINITY, -INFINITY, 0, 0) == 1.0f);
    CHECK(std::isnan(f->eval(NAN, 0.5f, 0, 0)));
    CHECK(std::isnan(f->eval(0.5f, NAN, 0, 0)));
    // row() steps x in float as eval's points do.
    float row[4];
    f->row(0.125f, 0.25f, 0.25f, 0, 0, row, 4);
    CHECK(row[0] == 0.0f);
    CHECK(row[1] == 0.25f);
    CHECK(row[2] == 0.75f);
    CHECK(row[3] == 1.0f);
  }
}

TEST_CASE("images: sample_nearest, width and height") {
  for (const char *engine : {"interp", "native"}) {
    CAPTURE(engine);
    auto nearest = boundField("image src;\nsample_nearest(src, x, y, 0)", twoByTwo(), engine);
    CHECK(nearest->eval(0.49f, 0.51f, 0, 0) == 2.0f);
    CHECK(nearest->eval(0.5f, 0.0f, 0, 0) == 1.0f);
    CHECK(nearest->eval(1.0f, 1.0f, 0, 0) == 4.0f);
    CHECK(nearest->eval(-1.0f, 7.0f, 0, 0) == 2.0f);
    CHECK(std::isnan(nearest->eval(NAN, 0, 0, 0)));
    auto size =
        boundField("image src;\nwidth(src) * 10 + height(src)",
                   std::make_shared<const Raster>(Raster{3, 5, 1, std::vector<float>(15)}), engine);
    CHECK(size->eval(0, 0, 0, 0) == 35.0f);
  }
}

TEST_CASE("images: channels of an RGBA image, and a channel the image lacks") {
  auto rgba = std::make_shared<const Raster>(Raster{1, 1, 4, {0.1f, 0.2f, 0.3f, 0.4f}});
  auto f = boundField("image src;\nsample(src, x, y, 2)", rgba, "native");
  CHECK(f->eval(0.3f, 0.6f, 0, 0) == 0.3f);

  Graph g = parseOk("image src;\nlet a = 1;\nsample(src, x, y, 3)", SourceFormat::FieldText);
  auto bound = bindImages(g, {{"src", twoByTwo()}}, "test.field");
  REQUIRE_FALSE(bound);
  CHECK(bound.errors()[0].str() ==
        "test.field:3:1: 'sample' reads channel 3 of image 'src', which has 1 channel (0 to 0)");
  Graph unbound = parseOk("image src;\nsample(src, x, y, 0)", SourceFormat::FieldText);
  auto none = bindImages(unbound, {{"other", twoByTwo()}}, "test.field");
  REQUIRE_FALSE(none);
  CHECK(none.errors()[0].str() == "test.field:1:7: image 'src' is not bound (--image src=FILE)");
  auto engine = makeFieldEvaluator("interp", unbound);
  CHECK_FALSE(engine);
}

TEST_CASE("images: the compiled engines refuse an image field with a clear error") {
  Graph g = parseOk("image src;\nsample(src, x, y, 0)", SourceFormat::FieldText);
  REQUIRE(bindImages(g, {{"src", twoByTwo()}}, "test.field"));
  for (const char *engine : {"jit", "jit-baseline", "tiered"}) {
    CAPTURE(engine);
    auto field = makeFieldEvaluator(engine, g);
    REQUIRE_FALSE(field);
    CHECK(contains(field.errors()[0].message, "cannot evaluate a field that reads images"));
  }
}

TEST_CASE("images: the verifier keeps images out of arithmetic") {
  CHECK(firstError("image src;\nsrc + 1", SourceFormat::FieldText) ==
        "test:2:5: image 'src' is not a number; read it with sample(src, x, y, channel), "
        "sample_nearest, width or height");
  CHECK(firstError("image src;\nsample(x, x, y, 0)", SourceFormat::FieldText) ==
        "test:2:1: the first argument of 'sample' must be an image declared with 'image NAME;'");
  CHECK(firstError("image src;\nsample(src, x, y, 4)", SourceFormat::FieldText) ==
        "test:2:19: param 'channel' of 'sample' expression is 4, outside [0, 3]");
  CHECK(contains(firstError("image src;\nimage src;\n0", SourceFormat::FieldText),
                 "'src' is already bound"));
  CHECK(contains(firstError("image;\n0", SourceFormat::FieldText), "after 'image'"));
}

TEST_CASE("images: both forms print and read back the same IR") {
  Graph g =
      parseOk("image src;\nlet s = sample(src, x, y, 1);\ns * width(src)", SourceFormat::FieldText);
  std::string text = printFieldText(g);
  CHECK(contains(text, "image src;\n"));
  auto fromText = parse(text, SourceFormat::FieldText);
  REQUIRE(fromText);
  std::string why;
  CHECK_MESSAGE(sameIR(g, *fromText, &why), why << "\n" << text);
  std::string json = printFieldJson(g);
  CHECK(contains(json, "{\"Image\":\"src\"}"));
  auto fromJson = parse(json, SourceFormat::Json);
  REQUIRE(fromJson);
  CHECK_MESSAGE(sameIR(g, *fromJson, &why), why << "\n" << json);
}

TEST_CASE("images: PFM grey and colour read back as written, rows turned over") {
  std::string path = tempPath("grey.pfm");
  io::Image written{3, 2, {1, 2, 3, -4, 1e-40f, INFINITY}};
  REQUIRE_FALSE(io::writePfm(path, written));
  auto read = io::readRaster(path);
  REQUIRE(read);
  CHECK(read->width == 3);
  CHECK(read->height == 2);
  CHECK(read->channels == 1);
  CHECK(read->samples == written.pixels);

  // A big-endian colour PFM by hand: "PF", scale +1, the bottom row first.
  std::string colour = "PF\n1 2\n1.0\n";
  auto bigEndian = [&](float v) {
    uint32_t bits;
    std::memcpy(&bits, &v, 4);
    for (int b = 3; b >= 0; --b)
      colour.push_back(char(bits >> (8 * b)));
  };
  for (float v : {4.f, 5.f, 6.f, 1.f, 2.f, 3.f})
    bigEndian(v);
  std::string colourPath = tempPath("colour.pfm");
  writeBytes(colourPath, colour);
  auto rgb = io::readRaster(colourPath);
  REQUIRE(rgb);
  CHECK(rgb->channels == 3);
  CHECK(rgb->samples == std::vector<float>{1, 2, 3, 4, 5, 6});

  writeBytes(colourPath, colour.substr(0, colour.size() - 5));
  auto truncated = io::readRaster(colourPath);
  REQUIRE_FALSE(truncated);
  CHECK(truncated.errors()[0].str() ==
        colourPath + ": truncated PFM: the header promises 2 rows, the file ends in row 2");
  std::remove(path.c_str());
  std::remove(colourPath.c_str());
}

TEST_CASE("images: PNG 16-bit grey reads v/65535; bad PNGs are refused naming the file") {
  std::string path = tempPath("grey.png");
  io::Image written{2, 1, {0.0f, 1000.0f / 65535.0f}};
  REQUIRE_FALSE(io::writePng(path, written));
  auto read = io::readRaster(path);
  REQUIRE(read);
  CHECK(read->channels == 1);
  CHECK(read->samples == std::vector<float>{0.0f, 1000.0f / 65535.0f});

  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  writeBytes(path, bytes.substr(0, bytes.size() - 20));
  auto truncated = io::readRaster(path);
  REQUIRE_FALSE(truncated);
  CHECK(contains(truncated.errors()[0].str(), path + ": truncated or corrupt PNG"));

  // A header claiming 65536 x 65536 is refused before any pixel is read.
  std::string huge = bytes;
  huge[16] = 0, huge[17] = 1, huge[18] = 0, huge[19] = 0; // width 65536
  huge[20] = 0, huge[21] = 1, huge[22] = 0, huge[23] = 0; // height 65536
  // The IHDR chunk's CRC (over its type and data) must still hold.
  uLong crc = crc32(0, reinterpret_cast<const Bytef *>(&huge[12]), 17);
  for (int b = 0; b < 4; ++b)
    huge[29 + size_t(b)] = char(crc >> (8 * (3 - b)));
  writeBytes(path, huge);
  auto tooBig = io::readRaster(path);
  REQUIRE_FALSE(tooBig);
  CHECK_MESSAGE(contains(tooBig.errors()[0].message, "RESIN_LIMIT_IMAGE_PIXELS"),
                tooBig.errors()[0].str());
  std::remove(path.c_str());
}

TEST_CASE("images: the embedding API binds a buffer; the images survive every -O level") {
  std::vector<float> pixels = {0, 1, 2, 4};
  auto image = imageFromBuffer(2, 2, 1, pixels);
  REQUIRE(image);
  CHECK_FALSE(imageFromBuffer(2, 2, 1, std::span<const float>(pixels).first(3)));
  CHECK_FALSE(imageFromBuffer(2, 2, 5, std::vector<float>(20)));
  CHECK_FALSE(imageFromBuffer(0, 2, 1, {}));
  for (int level = 0; level <= 3; ++level) {
    CAPTURE(level);
    // The unused let is dead code: removing it rebuilds the graph.
    auto field = parseGraph("image src;\nlet unused = x * 3;\nsample(src, x, y, 0) * 2",
                            SourceFormat::FieldText);
    REQUIRE(field);
    REQUIRE(bindImages(*field, {{"src", *image}}, "<memory>"));
    CompileOptions options;
    options.optLevel = level;
    auto f = compileField(*field, options); // tiered becomes native
    REQUIRE(f);
    CHECK((*f)->engine() == "native");
    CHECK((*f)->eval(0.5f, 0.5f, 0, 0) == 3.5f);
  }
}

namespace {

/// Writes an 8-bit PNG of `colorType` with libpng (the simplified API: no
/// colour conversion), rows of `width * channels` bytes.
bool writePng8(const std::string &path, int width, int height, int format,
               const std::vector<png_byte> &bytes) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  image.width = png_uint_32(width);
  image.height = png_uint_32(height);
  image.format = png_uint_32(format);
  return png_image_write_to_file(&image, path.c_str(), 0, bytes.data(), 0, nullptr) != 0;
}

} // namespace

TEST_CASE("images: 8-bit PNGs (grey+alpha, RGB, RGBA) read as v/255 per channel") {
  std::string path = tempPath("eight.png");
  REQUIRE(writePng8(path, 2, 1, PNG_FORMAT_GA, {0, 255, 51, 102}));
  auto ga = io::readRaster(path);
  REQUIRE(ga);
  CHECK(ga->channels == 2);
  CHECK(ga->samples == std::vector<float>{0.0f, 1.0f, 51.0f / 255.0f, 102.0f / 255.0f});

  REQUIRE(writePng8(path, 1, 2, PNG_FORMAT_RGB, {255, 0, 17, 1, 2, 3}));
  auto rgb = io::readRaster(path);
  REQUIRE(rgb);
  CHECK(rgb->width == 1);
  CHECK(rgb->height == 2);
  CHECK(rgb->channels == 3);
  CHECK(rgb->at(0, 0, 2) == 17.0f / 255.0f);
  CHECK(rgb->at(0, 1, 0) == 1.0f / 255.0f);

  REQUIRE(writePng8(path, 1, 1, PNG_FORMAT_RGBA, {10, 20, 30, 40}));
  auto rgba = io::readRaster(path);
  REQUIRE(rgba);
  CHECK(rgba->channels == 4);
  CHECK(rgba->samples[3] == 40.0f / 255.0f);
  // Sampled through a field: channel 3 of an RGBA image.
  auto f = boundField("image src;\nsample(src, x, y, 3)",
                      std::make_shared<const Raster>(std::move(*rgba)), "interp");
  CHECK(f->eval(0.5f, 0.5f, 0, 0) == 40.0f / 255.0f);
  std::remove(path.c_str());
}
