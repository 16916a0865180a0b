// resinc bench: the table printed per input file: time, ns per sample or
// point, speed-ups over jit-scalar and native, compile time and break-even.
#pragma once

#include "BenchTypes.h"

#include <cstdio>
#include <optional>
#include <string>

namespace resinc::bench {

/// Items (samples or points) after which a JIT engine's compile time is paid
/// back against native: compileNs / (nativeNsPerItem - engineNsPerItem),
/// rounded up. nullopt ("never") when the engine is not faster than native.
std::optional<double> breakEven(double compileNs, double nativeNsPerItem, double engineNsPerItem);

/// Prints the table of one file; `setup` describes the flags (e.g. "-O2").
void printTable(std::FILE *out, const FileInfo &file, const Results &results,
                const std::string &setup);

/// Prints the legend of the table's columns, once after every table.
void printLegend(std::FILE *out);

} // namespace resinc::bench
