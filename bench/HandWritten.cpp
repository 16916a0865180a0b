// Hand-written baselines (see HandWritten.h). This file alone is compiled
// with -O3 -march=native (bench/CMakeLists.txt); -ffp-contract=off comes from
// resin_warnings, so no multiply-add is fused and the loops round exactly as
// the graphs do. The compiler vectorizes the loops for the host's widest
// vectors; no fast-math, so it cannot reassociate the chain either.
#include "HandWritten.h"

#include <cstring>
#include <utility>

namespace resin::bench {

namespace {

template <size_t I> inline float applyStep(float v) {
  constexpr ChainStep step = chainStep(I);
  if constexpr (step.op == ChainOp::Gain || step.op == ChainOp::Mul)
    return v * step.value;
  else
    return v + step.value;
}

// Straight-line code for all 50 steps (a plain loop over the steps would be
// left rolled or partly unrolled at the compiler's discretion).
template <size_t... I> inline float applyChain(float v, std::index_sequence<I...>) {
  ((v = applyStep<I>(v)), ...);
  return v;
}

} // namespace

void affineChainHandWritten(const float *__restrict in, float *__restrict out, int64_t len) {
  for (int64_t i = 0; i < len; ++i) {
    float v = in[i] * 0.5f;
    v = v + 1.0f;
    v = v * 2.0f;
    out[i] = v + -0.5f;
  }
}

void chain50HandWritten(const float *__restrict in, float *__restrict out, int64_t len) {
  for (int64_t i = 0; i < len; ++i)
    out[i] = applyChain(in[i], std::make_index_sequence<kChainLength>());
}

void copyHandWritten(const float *in, float *out, int64_t len) {
  std::memcpy(out, in, size_t(len) * sizeof(float));
}

} // namespace resin::bench
