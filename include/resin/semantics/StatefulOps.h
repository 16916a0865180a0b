// One sample of each stateful op of docs/reference/graph-format.md, written once over the value
// type (float in the interpreter and the native engine; the JIT's scalar IR
// type later). State is passed by reference; delay-line storage belongs to
// the engine, which hands in the taps it read.
#pragma once

#include "resin/math/Scalar.h"
#include "resin/semantics/OpConstants.h"

namespace resin::semantics {

using namespace resin::math;

// The filters' and the envelope's constants `k` are an OpConstants, or, in
// the JIT, a struct with the same members as lane values: constants a param
// can change are loaded from the kernel's state (engine/StateLayout.h).

template <class F> struct OnepoleState { F x1, y1; };
template <class F, class K> F onepoleStep(const K &k, OnepoleState<F> &s, F in) {
  F y = k.onepoleMode == OnepoleMode::Lowpass ? k.onepoleGain * in + k.onepolePole * s.y1
                                              : k.onepoleGain * (in - s.x1) + k.onepolePole * s.y1;
  s.x1 = in;
  s.y1 = y;
  return y;
}

template <class F> struct BiquadState { F z1, z2; };
/// Direct Form II Transposed in float.
template <class F, class K> F biquadStep(const K &k, BiquadState<F> &s, F x) {
  F y = k.b0 * x + s.z1;
  s.z1 = k.b1 * x - k.a1 * y + s.z2;
  s.z2 = k.b2 * x - k.a2 * y;
  return y;
}

template <class F> struct AllpassState { F x1, y1; };
template <class F, class K> F allpassStep(const K &k, AllpassState<F> &s, F x) {
  F y = k.coeff * x + s.x1 - k.coeff * s.y1;
  s.x1 = x;
  s.y1 = y;
  return y;
}

/// Peak follower: attack coefficients while |in| rises above the level.
template <class F, class K> F envelopeStep(const K &k, F &level, F in) {
  F magnitude = vabs(in);
  auto rising = magnitude > level;
  F c = select(rising, k.attackC, k.releaseC);
  F oneMinusC = select(rising, k.attackOneMinusC, k.releaseOneMinusC);
  level = c * level + oneMinusC * magnitude;
  return level;
}

/// vdelay's read position: d = clip(time, 1, max) (NaN gives 1); the engine
/// reads a = in[n-i] and b = in[n-i-1] with i = floor(d).
template <class F> F vdelayClampedTime(const OpConstants &k, F time) {
  F t = select(time > 1.0f, time, 1.0f);
  return select(t < float(k.delaySamples), t, float(k.delaySamples));
}
/// y = a + f*(b-a) with f = d - floor(d).
template <class F> F vdelayInterpolate(F d, F a, F b) {
  F f = d - vfloor(d);
  return a + f * (b - a);
}

} // namespace resin::semantics
