// libFuzzer target: the .field text reader (lets, the expression parser,
// lowering, verifier), then the round trip through both printers.
#include "FuzzSupport.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  return resin::fuzz::readAndCheck(data, size, [](const uint8_t *bytes, size_t n) {
    return resin::parseFieldText(resin::fuzz::sourceFrom(bytes, n, "fuzz.field"));
  });
}
