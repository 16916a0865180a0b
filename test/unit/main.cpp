// doctest's main for the unit tests. It waits for any tiered engine's
// optimizing compile still running on its worker before static destructors
// run (an engine dropped before its switch leaves one behind).
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "resin/tiered/TieredEngines.h"

#include <chrono>
#include <thread>

int main(int argc, char **argv) {
  int status = doctest::Context(argc, argv).run();
  while (resin::tiered::backgroundCompilesRunning() > 0)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  return status;
}
