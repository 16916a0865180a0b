// libFuzzer target: the resin-graph/1 JSON reader (located JSON document,
// nodes, params, edges, verifier), then the round trip through both printers.
// The "format" member is not checked first, so every document reaches the
// graph reader.
#include "FuzzSupport.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  return resin::fuzz::readJsonAndCheck(
      data, size, [](const resin::JsonDocument &doc) { return resin::parseGraphJson(doc); });
}
