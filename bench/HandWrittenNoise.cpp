// Hand-written noise grids (see HandWritten.h): plain scalar C++ loops over
// resin's own noise templates (include/resin/noise/) instantiated on float,
// which are docs/reference/field-language.md's definitions written straight as C++. Compiled -O3
// -march=native -ffp-contract=off like the other baselines, so whatever GCC
// makes of scalar Perlin noise for this host is the baseline.
#include "HandWritten.h"

#include "resin/noise/Noise.h"

namespace resin::bench {

namespace {

template <class Point> void fillGrid(const Grid &grid, float *out, Point point) {
  for (int64_t j = 0; j < grid.height; ++j) {
    float y = grid.y0 + float(j) * grid.dy;
    float *row = out + j * grid.width;
    for (int64_t i = 0; i < grid.width; ++i)
      row[i] = point(grid.x0 + float(i) * grid.dx, y);
  }
}

} // namespace

void perlin2HandWritten(const Grid &grid, float *out) {
  fillGrid(grid, out, [](float x, float y) { return noise::perlin2(x, y, 0); });
}

void fbm2HandWritten(const Grid &grid, float *out) {
  noise::FbmParams params;
  params.octaves = 6;
  fillGrid(grid, out, [&](float x, float y) { return noise::fbm2(x, y, params); });
}

} // namespace resin::bench
