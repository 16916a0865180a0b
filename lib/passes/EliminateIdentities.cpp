// STUB: eliminateIdentities does nothing yet (being written).
#include "resin/passes/Pass.h"

namespace resin {

size_t eliminateIdentities(Graph &, const PassContext &) {
  return 0;
}

} // namespace resin
