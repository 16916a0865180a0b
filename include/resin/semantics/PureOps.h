// What every pure op computes, written once over the value vocabulary of
// math/Scalar.h (docs/architecture.md, "Math written once"). The interpreter and the native
// engine instantiate it with float; the JIT instantiates it with its
// IR-building value type, so every engine rounds the same way.
//
// Each formula is evaluated exactly as written, left to right; docs/ops.md
// states the same order. Port values arrive in slot order (Ops.def).
#pragma once

#include "resin/ir/Op.h"
#include "resin/math/Math.h"
#include "resin/noise/Noise.h"
#include "resin/semantics/OpConstants.h"

namespace resin::semantics {

using namespace resin::math;

/// An exact +0.0f of F's shape (noise/Permutation.h).
template <class F> F zeroLikeOf(F v) {
  return noise::zeroLike(v);
}

template <class F> F clip(F v, F lo, F hi) {
  F t = select(v > lo, v, lo);
  return select(t < hi, t, hi);
}
/// Rust's f32::min and f32::max as x86-64 code computes them (LLVM's minnum
/// and maxnum): a NaN operand gives the other operand; when a and b compare
/// equal (+0 and -0), a. The `min` and `max` ops, fields and audio alike.
/// Written as x < y ? x : y (and then the NaN case), the shape every
/// compiler turns into a min or max instruction (GCC in interp and native,
/// LLVM in jit, the baseline's select): so all engines treat a subnormal
/// operand alike under DAZ.
template <class F> F minOf(F a, F b) {
  F t = select(b < a, b, a);
  return select(a != a, b, t);
}
template <class F> F maxOf(F a, F b) {
  F t = select(b > a, b, a);
  return select(a != a, b, t);
}
template <class F> F mixOf(F a, F b, F t) {
  return a + t * (b - a);
}
template <class F> F length2(F x, F y) {
  return vsqrt(x * x + y * y);
}
template <class F> F length3(F x, F y, F z) {
  return vsqrt(x * x + y * y + z * z);
}

/// Rust's `v.clamp(lo, hi)` without its assertion: `if v < lo { lo }`, then
/// `if v > hi { hi }`. NaN in v passes through; where resin panics (lo > hi,
/// or lo or hi NaN) this is what the two steps give: hi when lo > hi.
template <class F> F rustClamp(F v, F lo, F hi) {
  F t = select(v < lo, lo, v);
  return select(t > hi, hi, t);
}
template <class F> F clamp01(F v) {
  return rustClamp(v, zeroLikeOf(v), zeroLikeOf(v) + 1.0f);
}

/// Rust's `a % b` on f32 (fmod: truncated, the sign of a, exact). The
/// remainder is reduced in double with |b| * 2^(28k) for k = 9 down to 0:
/// every step's quotient is below 2^28 (|a| < 2^128 <= |b| * 2^280), so
/// trunc(r / B) is the true quotient's integer part, n * B is exact (28 + 24
/// bits) and r - n * B is exact (a multiple of ulp(B) below B * 2^28). The
/// result is below |b| and a multiple of its ulp: a float, rounded never.
/// NaN operands, b = 0 and infinite a give NaN; infinite b gives a.
template <class F> F rustRem(F a, F b) {
  auto r = widen(vabs(a));
  auto bb = widen(vabs(b));
  auto scale = 0x1p252;
  for (int k = 9; k >= 0; --k) {
    auto big = bb * scale;
    r = r - vtrunc(r / big) * big;
    scale = scale * 0x1p-28;
  }
  F mag = narrow(r);
  F signedMag = floatFromBits(bitsOf(mag) | (bitsOf(a) & 0x80000000u));
  auto keepA = vabs(b) > 3.40282347e38f && vabs(a) <= 3.40282347e38f;
  return select(keepA, a, signedMag);
}

/// The polynomial smooth union of resin's SdfSmoothUnion, as written there.
template <class F> F smoothUnion(F a, F b, F k) {
  F h = clamp01(0.5f + 0.5f * (b - a) / k);
  return b * (1.0f - h) + a * h - k * h * (1.0f - h);
}
/// resin's SdfSmoothIntersection.
template <class F> F smoothIntersection(F a, F b, F k) {
  F h = clamp01(0.5f - 0.5f * (b - a) / k);
  return b * (1.0f - h) + a * h + k * h * (1.0f - h);
}
/// resin's SdfSmoothSubtraction.
template <class F> F smoothSubtraction(F a, F b, F k) {
  F h = clamp01(0.5f - 0.5f * (b + a) / k);
  return -a * (1.0f - h) + b * h + k * h * (1.0f - h);
}

/// Whether an op is computed by evalPure (everything pure but the context
/// ops, whose values come from the engine: input, output, const, time, osc,
/// noise, and the image ops, which read the bound image: semantics/ImageOps.h).
inline bool isComputedPure(Op op) {
  switch (op) {
  case Op::Input:
  case Op::Output:
  case Op::Const:
  case Op::Var:
  case Op::Param:
  case Op::Image:
  case Op::Sample:
  case Op::SampleNearest:
  case Op::Width:
  case Op::Height:
  case Op::Time:
  case Op::Osc:
  case Op::Noise:
    return false;
  default:
    return opInfo(op).category == Category::Pure;
  }
}

/// The value of a pure op from its port values `a` (slot order).
// Always inlined so that an engine calling it with a constant op (the native
// engine's per-op loops) keeps only that op's case.
template <class F>
[[gnu::always_inline]] inline F evalPure(Op op, const F *a, const OpConstants &k, MathMode m) {
  switch (op) {
  case Op::Pass:
    return a[0];
  case Op::Gain:
    return a[0] * a[1];
  case Op::Offset:
    return a[0] + a[1];
  case Op::Affine:
    return a[0] * a[1] + a[2];
  case Op::Fma:
    return vfma(a[0], a[1], a[2]);
  case Op::Add:
    return a[0] + a[1];
  case Op::Sub:
    return a[0] - a[1];
  case Op::Mul:
    return a[0] * a[1];
  case Op::Div:
    return a[0] / a[1];
  case Op::Mod:
    return rustRem(a[0], a[1]);
  case Op::Pow:
    return math::pow(a[0], a[1], m);
  case Op::Min:
    return minOf(a[0], a[1]);
  case Op::Max:
    return maxOf(a[0], a[1]);
  case Op::Gt:
    return select(a[0] > a[1], 1.0f, 0.0f);
  case Op::Lt:
    return select(a[0] < a[1], 1.0f, 0.0f);
  case Op::Ge:
    return select(a[0] >= a[1], 1.0f, 0.0f);
  case Op::Le:
    return select(a[0] <= a[1], 1.0f, 0.0f);
  case Op::Eq:
    return select(vabs(a[0] - a[1]) < 1e-6f, 1.0f, 0.0f);
  case Op::Ne:
    return select(vabs(a[0] - a[1]) < 1e-6f, 0.0f, 1.0f);
  case Op::Select:
    return select(a[0] > 0.5f, a[1], a[2]);
  case Op::Neg:
    return -a[0];
  case Op::Abs:
    return vabs(a[0]);
  case Op::Floor:
    return vfloor(a[0]);
  case Op::Ceil:
    return vceil(a[0]);
  case Op::Fract:
    return a[0] - vtrunc(a[0]);
  case Op::Sign:
    return select(a[0] > 0.0f, 1.0f, select(a[0] < 0.0f, -1.0f, 0.0f));
  case Op::Sqrt:
    return vsqrt(a[0]);
  case Op::Sin:
    return math::sin(a[0], m);
  case Op::Cos:
    return math::cos(a[0], m);
  case Op::Tan:
    return math::tan(a[0], m);
  case Op::Exp:
    return math::exp(a[0], m);
  case Op::Ln:
    return math::ln(a[0], m);
  case Op::Tanh:
    return math::tanh(a[0], m);
  case Op::Finite:
    return select(vabs(a[0]) <= 3.40282347e38f, a[0], 0.0f);
  case Op::Clip:
    return clip(a[0], a[1], a[2]);
  case Op::Clamp:
    return rustClamp(a[0], a[1], a[2]);
  case Op::Softclip:
    return math::tanh(a[0] * a[1], m);
  case Op::Mix:
    return mixOf(a[0], a[1], a[2]);
  case Op::Smoothstep: {
    F t = clamp01((a[2] - a[0]) / (a[1] - a[0]));
    return t * t * (3.0f - 2.0f * t);
  }
  case Op::Step:
    return select(a[1] < a[0], 0.0f, 1.0f);
  case Op::Length2:
    return length2(a[0], a[1]);
  case Op::Length3:
    return length3(a[0], a[1], a[2]);
  case Op::Distance2:
    return length2(a[0] - a[2], a[1] - a[3]);
  case Op::Distance3:
    return length3(a[0] - a[3], a[1] - a[4], a[2] - a[5]);
  case Op::SdfCircle:
    return length2(a[0], a[1]) - a[2];
  case Op::SdfSphere:
    return length3(a[0], a[1], a[2]) - a[3];
  case Op::SdfBox2: {
    F zero = zeroLikeOf(a[0]);
    F dx = vabs(a[0]) - a[2], dy = vabs(a[1]) - a[3];
    F mx = maxOf(dx, zero), my = maxOf(dy, zero);
    return vsqrt(mx * mx + my * my) + minOf(maxOf(dx, dy), zero);
  }
  case Op::SdfBox3: {
    F zero = zeroLikeOf(a[0]);
    F dx = vabs(a[0]) - a[3], dy = vabs(a[1]) - a[4], dz = vabs(a[2]) - a[5];
    F mx = maxOf(dx, zero), my = maxOf(dy, zero), mz = maxOf(dz, zero);
    return vsqrt(mx * mx + my * my + mz * mz) + minOf(maxOf(maxOf(dx, dy), dz), zero);
  }
  case Op::SdfSmoothUnion:
    return smoothUnion(a[0], a[1], a[2]);
  case Op::SdfSmoothIntersection:
    return smoothIntersection(a[0], a[1], a[2]);
  case Op::SdfSmoothSubtraction:
    return smoothSubtraction(a[0], a[1], a[2]);
  case Op::Perlin2:
    return noise::perlin2(a[0], a[1], k.fbm.seed);
  case Op::Perlin3:
    return noise::perlin3(a[0], a[1], a[2], k.fbm.seed);
  case Op::Simplex2:
    return noise::simplex2(a[0], a[1], k.fbm.seed);
  case Op::Simplex3:
    return noise::simplex3(a[0], a[1], a[2], k.fbm.seed);
  case Op::Fbm2:
    return noise::fbm2(a[0], a[1], k.fbm);
  case Op::Fbm3:
    return noise::fbm3(a[0], a[1], a[2], k.fbm);
  default:
    return a[0] * 0.0f; // unreachable: not a computed pure op (isComputedPure)
  }
}

/// time: (float)(n / sample_rate) in double. `n` is the sample index as double lanes.
template <class D> auto evalTime(D n, const OpConstants &k) {
  return narrow(n / k.sampleRate);
}

/// osc: p = (float)frac(phase + n*(freq/sample_rate)) in double, then the wave
/// of p in float, times amp.
/// `k`: an OpConstants, or the JIT's struct of the same members as lanes
/// (phase, increment and duty loaded when a param can change them).
template <class F, class D, class K> F evalOsc(D n, F amp, const K &k, MathMode m) {
  D v = k.phase + n * k.increment;
  F p = narrow(v - vfloor(v));
  F y;
  switch (k.wave) {
  case Wave::Sine:
    y = math::sin(6.2831855f * p, m);
    break;
  case Wave::Saw:
    y = 2.0f * p - 1.0f;
    break;
  case Wave::Square:
    y = select(p < 0.5f, 1.0f, -1.0f);
    break;
  case Wave::Pulse:
    y = select(p < k.duty, 1.0f, -1.0f);
    break;
  case Wave::Triangle:
  default:
    y = select(p < 0.5f, 4.0f * p - 1.0f, 3.0f - 4.0f * p);
    break;
  }
  return y * amp;
}

/// noise: an integer hash of the low 32 bits of n and the seed, mapped to
/// [-1, 1) with 24 bits, times amp.
template <class F, class U> F evalNoise(U n32, F amp, const OpConstants &k) {
  U u = n32 ^ k.noiseSeedTerm;
  u = u ^ (u >> 16);
  u = u * 0x7feb352du;
  u = u ^ (u >> 15);
  u = u * 0x846ca68bu;
  u = u ^ (u >> 16);
  return (toFloat(u >> 8) * 0x1p-23f - 1.0f) * amp;
}

} // namespace resin::semantics
