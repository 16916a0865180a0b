// STUB: fuseAffine does nothing yet (being written).
#include "resin/passes/Pass.h"

namespace resin {

size_t fuseAffine(Graph &, const PassContext &) {
  return 0;
}

} // namespace resin
