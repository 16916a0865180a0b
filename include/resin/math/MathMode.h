// The two accuracy levels of the math functions (docs/reference/field-language.md): a header of its
// own so that the JIT's value vocabulary (codegen/IRValue.h), which must be
// included before Math.h, can name it.
#pragma once

#include <cstdint>

namespace resin::math {

enum class MathMode : uint8_t { Precise, Fast };

} // namespace resin::math
