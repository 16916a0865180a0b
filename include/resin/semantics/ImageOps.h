// What the image ops compute (sample, sample_nearest), written once over the
// value vocabulary of math/Scalar.h like every pure op (PureOps.h): the
// C++ engines instantiate it with float, and a compiled engine can
// instantiate it with its own value type (the one vocabulary word it needs
// beyond the others is `gather`). The order of operations is the one
// docs/reference/field-language.md ("Images") states; keep them in step.
#pragma once

#include "resin/semantics/OpConstants.h"
#include "resin/semantics/PureOps.h"

#include <span>

namespace resin::semantics {

/// The numbers an image op needs, as the templates use them.
struct ImageShape {
  std::span<const float> samples; // interleaved, row 0 first (support/Raster.h)
  float width = 0, height = 0;    // W and H, exact (at most 65536)
  float lastColumn = 0, lastRow = 0;
  uint32_t rowStride = 0; // samples per row: W * channels
  uint32_t channels = 0;
  uint32_t channel = 0; // the channel read
};

/// The shape of the image `k` holds (k.image must be bound).
inline ImageShape imageShape(const OpConstants &k) {
  const Raster &r = *k.image;
  ImageShape s;
  s.samples = r.samples;
  s.width = float(r.width);
  s.height = float(r.height);
  s.lastColumn = float(r.width - 1);
  s.lastRow = float(r.height - 1);
  s.rowStride = uint32_t(r.width * r.channels);
  s.channels = uint32_t(r.channels);
  s.channel = k.imageChannel;
  return s;
}

/// `v` clamped to [0, last] with f32's max then min: a NaN gives 0.
template <class F> F clampToEdge(F v, float last) {
  return minOf(maxOf(v, zeroLikeOf(v)), zeroLikeOf(v) + last);
}

/// The sample of texel (i, j), both whole floats within the image.
template <class F> F texel(const ImageShape &im, F i, F j) {
  return gather(im.samples, toUint(j) * im.rowStride + toUint(i) * im.channels + im.channel);
}

/// A NaN x or y gives that NaN (x's first), else `r`.
template <class F> F nanFromCoordinates(F x, F y, F r) {
  return select(x != x, x, select(y != y, y, r));
}

/// Bilinear between texel centres ((i + 0.5)/W, (j + 0.5)/H), clamped to
/// the edge texels.
template <class F> F sampleBilinear(const ImageShape &im, F x, F y) {
  F u = clampToEdge(x * im.width - 0.5f, im.lastColumn);
  F v = clampToEdge(y * im.height - 0.5f, im.lastRow);
  F i0 = vfloor(u);
  F j0 = vfloor(v);
  F a = u - i0;
  F b = v - j0;
  F i1 = minOf(i0 + 1.0f, zeroLikeOf(u) + im.lastColumn);
  F j1 = minOf(j0 + 1.0f, zeroLikeOf(v) + im.lastRow);
  F t00 = texel(im, i0, j0);
  F t10 = texel(im, i1, j0);
  F t01 = texel(im, i0, j1);
  F t11 = texel(im, i1, j1);
  F top = t00 + a * (t10 - t00);
  F bottom = t01 + a * (t11 - t01);
  return nanFromCoordinates(x, y, top + b * (bottom - top));
}

/// The texel whose cell [i/W, (i+1)/W) x [j/H, (j+1)/H) holds (x, y),
/// clamped to the edge texels.
template <class F> F sampleNearest(const ImageShape &im, F x, F y) {
  F i = clampToEdge(vfloor(x * im.width), im.lastColumn);
  F j = clampToEdge(vfloor(y * im.height), im.lastRow);
  return nanFromCoordinates(x, y, texel(im, i, j));
}

} // namespace resin::semantics
