// libFuzzer target: the resin-field/1 JSON reader (the externally tagged
// FieldExpr form, lets, verifier), then the round trip through both printers.
// The "format" member is not checked first, so every document reaches the
// field reader.
#include "FuzzSupport.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  return resin::fuzz::readJsonAndCheck(
      data, size, [](const resin::JsonDocument &doc) { return resin::parseFieldJson(doc); });
}
