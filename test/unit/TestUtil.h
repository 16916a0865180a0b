// Helpers for the unit tests: parse text from a string, expect an error.
#pragma once

#include "resin/syntax/Load.h"

#include <doctest/doctest.h>

#include <string>

namespace resin::test {

inline Result<Graph> parse(const std::string &text, SourceFormat format,
                           const std::string &name = "test") {
  SourceFile file(name, text);
  return parseSource(file, format);
}

inline Graph parseOk(const std::string &text, SourceFormat format) {
  auto g = parse(text, format);
  if (!g)
    FAIL("unexpected error: " << g.errors()[0].str());
  return std::move(*g);
}

/// The first error's `FILE:LINE:COL: message`, or "" when parsing succeeded.
inline std::string firstError(const std::string &text, SourceFormat format) {
  auto g = parse(text, format);
  return g ? std::string() : g.errors()[0].str();
}

inline bool contains(const std::string &haystack, const std::string &needle) {
  return haystack.find(needle) != std::string::npos;
}

} // namespace resin::test
