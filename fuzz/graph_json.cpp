// libFuzzer target: the resin-graph/1 JSON reader (located JSON document,
// nodes, params, edges, verifier), then the round trip through both printers.
// The "format" member is not checked first, so every document reaches the
// graph reader.
#include "FuzzSupport.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  return resin::fuzz::readAndCheck(
      data, size, [](const uint8_t *bytes, size_t n) -> resin::Result<resin::Graph> {
        resin::SourceFile file = resin::fuzz::sourceFrom(bytes, n, "fuzz.json");
        auto doc = resin::parseJson(file);
        if (!doc)
          return doc.takeErrors();
        return resin::parseGraphJson(*doc);
      });
}
