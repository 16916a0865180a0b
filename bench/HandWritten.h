// Hand-written C++ baselines for EngineBench (docs/performance.md): the same
// work as the benchmarked graphs and fields, written as plain loops and
// compiled with -O3 -march=native -ffp-contract=off (so every float operation
// rounds as the graph says), plus a memcpy of the same buffer as the
// bandwidth floor, and the one-pole once more in the loop shape of the JIT's
// vector kernels (intrinsics), to tell that shape's cost from the JIT's.
//
// The 50-op chain is described here once: EngineBench.cpp prints it as graph
// text and HandWritten.cpp unrolls it at compile time, so both compute the
// same thing. The filters' constants are the ones of bench/graphs/onepole.graph
// and biquad.graph, designed here in double from docs/reference/graph-format.md's formulas.
#pragma once

#include <cstddef>
#include <cstdint>

namespace resin::bench {

/// One step of the 50-op chain: y = v*value (gain, mul) or v+value (offset, add).
enum class ChainOp { Gain, Offset, Mul, Add };

struct ChainStep {
  ChainOp op;
  float value; // a short decimal, exact in float and in the graph text
};

inline constexpr size_t kChainLength = 50;

/// Step i: gain, offset, mul, add in turn, with constants that alternate
/// every four steps so the signal stays bounded (products of gains near 1,
/// small offsets). All constants are positive (a negative literal would add a
/// `neg` node to the graph at -O0).
constexpr ChainStep chainStep(size_t i) {
  bool odd = (i / 4) % 2 != 0;
  switch (i % 4) {
  case 0:
    return {ChainOp::Gain, odd ? 1.25f : 0.75f};
  case 1:
    return {ChainOp::Offset, odd ? 0.125f : 0.25f};
  case 2:
    return {ChainOp::Mul, odd ? 0.875f : 1.125f};
  default:
    return {ChainOp::Add, odd ? 0.0625f : 0.5f};
  }
}

/// y = x -> gain(0.5) -> offset(1) -> gain(2) -> offset(-0.5), four roundings
/// (graphs/affine_chain.graph, unfused).
void affineChainHandWritten(const float *in, float *out, int64_t len);
/// The 50 steps of chainStep() on every sample.
void chain50HandWritten(const float *in, float *out, int64_t len);
/// memcpy of len floats.
void copyHandWritten(const float *in, float *out, int64_t len);

/// bench/graphs/onepole.graph: onepole(mode=lowpass, cutoff=1000) at 44100 Hz,
/// y = a*x + c*y1 from zero state (each call is a fresh filter).
void onepoleHandWritten(const float *in, float *out, int64_t len);
/// The same filter in the loop shape of the jit-f32x4 kernel: four samples an
/// iteration, gathered with inserts into one vector store.
void onepoleUnrolledHandWritten(const float *in, float *out, int64_t len);
/// bench/graphs/biquad.graph: the RBJ lowpass at 1000 Hz, q = 0.70710678,
/// 44100 Hz, Direct Form II Transposed in float, from zero state.
void biquadHandWritten(const float *in, float *out, int64_t len);

/// sin over a buffer with a straightforward polynomial (HandWrittenSin.cpp):
/// reduction by pi/2 in three float parts, then sin or cos polynomials on
/// [-pi/4, pi/4]. Measured: within 1.5 ULP of sin for |x| <= 100 (between
/// the u10 and u35 classes of docs/reference/field-language.md), 4.5 ULP for |x| <= 1000.
void sinPolyHandWritten(const float *in, float *out, int64_t len);
/// glibc's sinf on every sample (a scalar call per sample).
void sinfGlibc(const float *in, float *out, int64_t len);

/// A grid of points for the field benchmarks: x = x0 + float(i)*dx for
/// i < width (FieldEvaluator::row's rule), y = y0 + float(j)*dy for j < height.
struct Grid {
  float x0, dx, y0, dy;
  int64_t width, height;
};

/// perlin2(x, y) of docs/reference/field-language.md on every grid point, row-major into out
/// (HandWrittenNoise.cpp: resin's noise templates instantiated on float).
void perlin2HandWritten(const Grid &grid, float *out);
/// fbm2(x, y, octaves=6) with the defaults (lacunarity 2, gain 0.5, perlin).
void fbm2HandWritten(const Grid &grid, float *out);

} // namespace resin::bench
