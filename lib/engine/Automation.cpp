// Blocks split at automation events.
#include "resin/engine/Automation.h"

#include <vector>

namespace resin {

bool processAutomated(AudioProcessor &processor, const float *const *in, float *const *out,
                      int64_t len, int64_t n0, std::span<const ParamEvent> events, size_t &next) {
  // Pointer arrays advanced to each piece; a graph has at most 256 channels.
  const float *pieceIn[256];
  float *pieceOut[256];
  size_t inputs = processor.numInputs(), outputs = processor.numOutputs();
  int64_t done = 0;
  while (done < len) {
    while (next < events.size() && events[next].sample <= n0 + done) {
      if (!processor.setParam(events[next].param, events[next].value))
        return false;
      ++next;
    }
    int64_t end = len;
    if (next < events.size() && events[next].sample < n0 + len)
      end = events[next].sample - n0;
    for (size_t c = 0; c < inputs; ++c)
      pieceIn[c] = in[c] + done;
    for (size_t c = 0; c < outputs; ++c)
      pieceOut[c] = out[c] + done;
    processor.process(pieceIn, pieceOut, end - done);
    done = end;
  }
  // Events at the sample right after this block apply before the next one.
  return true;
}

} // namespace resin
