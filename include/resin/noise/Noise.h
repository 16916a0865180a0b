// resin's noise (crates/unshape-noise), exactly: perlin2/3, simplex2/3 and fbm2/3 with seeds, as
// templates over the value vocabulary of math/Scalar.h. With F = float they
// are the interpreter's reference; the JIT instantiates the same templates
// with its IR-building value type. docs/noise.md states every definition and
// float operation order.
#pragma once

#include "resin/noise/Fbm.h"
#include "resin/noise/Perlin.h"
#include "resin/noise/Permutation.h"
#include "resin/noise/Simplex.h"
