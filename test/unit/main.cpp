// doctest's main for the unit tests. A tiered engine dropped before its
// switch waits for its worker in its destructor, so nothing runs on after
// the tests: the count is checked to prove it.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "resin/tiered/TieredEngines.h"

#include <cstdio>

int main(int argc, char **argv) {
  int status = doctest::Context(argc, argv).run();
  if (size_t running = resin::tiered::backgroundCompilesRunning()) {
    std::fprintf(stderr, "unit: %zu optimizing compile(s) outlived their engines\n", running);
    return 1;
  }
  return status;
}
