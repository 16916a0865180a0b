// The hash of resin's noise (crates/unshape-noise `perm`): Ken Perlin's permutation P (Improved
// Noise, 2002) as constant uint8 tables for lookup(), and the lattice helpers that turn a float
// cell coordinate into a table index without int32 conversion.
//
// h1(i) = P[(i + s) & 255] only depends on the low 8 bits of i and s, so every
// index is kept in 0..255 and the seed's low byte is added as a constant. The
// tables are P repeated three times (768 entries), which makes every index
// this noise forms (at most 255 + 255 + 255 + 1) valid without a `& 255`:
// lookups are gathers and the masks would be extra instructions per lane.
#pragma once

#include "resin/math/Scalar.h"

#include <array>
#include <cstdint>

namespace resin::noise {

// Unqualified calls: a value type's own overloads (the JIT's, by ADL) and
// the scalar ones from math/Scalar.h are found alike, whatever the include order.
using namespace resin::math;

/// Ken Perlin's reference permutation of 0..255.
inline constexpr std::array<uint8_t, 256> kPerm = {
    151, 160, 137, 91,  90,  15,  131, 13,  201, 95,  96,  53,  194, 233, 7,   225, 140, 36,  103,
    30,  69,  142, 8,   99,  37,  240, 21,  10,  23,  190, 6,   148, 247, 120, 234, 75,  0,   26,
    197, 62,  94,  252, 219, 203, 117, 35,  11,  32,  57,  177, 33,  88,  237, 149, 56,  87,  174,
    20,  125, 136, 171, 168, 68,  175, 74,  165, 71,  134, 139, 48,  27,  166, 77,  146, 158, 231,
    83,  111, 229, 122, 60,  211, 133, 230, 220, 105, 92,  41,  55,  46,  245, 40,  244, 102, 143,
    54,  65,  25,  63,  161, 1,   216, 80,  73,  209, 76,  132, 187, 208, 89,  18,  169, 200, 196,
    135, 130, 116, 188, 159, 86,  164, 100, 109, 198, 173, 186, 3,   64,  52,  217, 226, 250, 124,
    123, 5,   202, 38,  147, 118, 126, 255, 82,  85,  212, 207, 206, 59,  227, 47,  16,  58,  17,
    182, 189, 28,  42,  223, 183, 170, 213, 119, 248, 152, 2,   44,  154, 163, 70,  221, 153, 101,
    155, 167, 43,  172, 9,   129, 22,  39,  253, 19,  98,  108, 110, 79,  113, 224, 232, 178, 185,
    112, 104, 218, 246, 97,  228, 251, 34,  242, 193, 238, 210, 144, 12,  191, 179, 162, 241, 81,
    51,  145, 235, 249, 14,  239, 107, 49,  192, 214, 31,  181, 199, 106, 157, 184, 84,  204, 176,
    115, 121, 50,  45,  127, 4,   150, 254, 138, 236, 205, 93,  222, 114, 67,  29,  24,  72,  243,
    141, 128, 195, 78,  66,  215, 61,  156, 180};

/// Entries of the extended tables: every index a hash chain can form.
inline constexpr uint32_t kHashTableSize = 768;

namespace detail {
// P[i & 255] for i < 768.
constexpr std::array<uint8_t, kHashTableSize> extendedPerm() {
  std::array<uint8_t, kHashTableSize> t{};
  for (uint32_t i = 0; i < kHashTableSize; ++i)
    t[i] = kPerm[i & 255];
  return t;
}
} // namespace detail

/// kHash[i] = P[i & 255] for i in 0..767.
inline constexpr std::array<uint8_t, kHashTableSize> kHash = detail::extendedPerm();

/// The seed's low byte, `s & 255` of the int32 seed in two's complement: all
/// of the seed that h1 sees. Seeds s and s + 256 give the same noise.
inline constexpr uint32_t seedByte(int32_t seed) {
  return uint32_t(seed) & 255u;
}

/// An exact +0.0f of F's shape, whatever x holds (x * 0 would be NaN for
/// infinite x). The JIT folds it to a constant.
template <class F> F zeroLike(F x) {
  return floatFromBits(bitsOf(x) & 0u);
}

/// resin's `(floor(v) as i32 + s) & 255` without the addition: the low byte
/// of Rust's saturating `as i32` of an integral float vi (a floor). For vi in
/// [-2^31, 2^31): vi * (1/256) scales by a power of two, its floor times 256
/// is a multiple of 256 not above vi, and the difference is an integer in
/// [0, 256); all three operations are exact, so this is int32(vi) & 255.
/// Below -2^31 (and -inf, and NaN) `as i32` gives i32::MIN or 0, low byte 0,
/// which the formula gives too (multiples of 256; NaN through toUint); at
/// 2^31 and above (+inf included) it saturates to i32::MAX, low byte 255.
template <class F> math::UintOf<F> latticeByte(F vi) {
  F m = vi - 256.0f * vfloor(vi * 0.00390625f);
  return select(vi >= 2147483648.0f, 255u, toUint(m));
}

/// Rust's `v.clamp(0.0, 1.0)` (f32::clamp): `if v < 0 { 0 }`, then
/// `if v > 1 { 1 }`. NaN passes through unchanged, as in resin.
template <class F> F clamp01(F v) {
  F zero = zeroLike(v);
  F t = select(v < 0.0f, zero, v);
  return select(t > 1.0f, zero + 1.0f, t);
}

/// -v when bit 31 of `sign` is set, else v: the sign-bit XOR that IEEE
/// negation is, bit for bit (NaN included), without a compare and select.
template <class F, class U> F flipSign(F v, U sign) {
  return floatFromBits(bitsOf(v) ^ sign);
}

} // namespace resin::noise
