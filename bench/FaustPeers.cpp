// The Faust peers (see Peers.h). bench/CMakeLists.txt runs `faust` on
// bench/faust/*.dsp at build time, once plain (scalar) and once with -vec,
// into headers under the build tree (never checked in), and defines
// RESIN_HAVE_FAUST when it did. The generated headers come in through a
// SYSTEM include path: they are Faust's code, not ours, so our warning flags
// do not apply to them. Compiled -O3 -march=native -ffp-contract=off like
// the hand-written baselines.
#include "Peers.h"

#ifdef RESIN_HAVE_FAUST

#include <faust/dsp/dsp.h>
#include <faust/gui/UI.h>
#include <faust/gui/meta.h>

// Each defines one class deriving from Faust's `dsp` (named with -cn).
#include "FaustAffineChain.h"
#include "FaustAffineChainVec.h"
#include "FaustBiquad.h"
#include "FaustBiquadVec.h"
#include "FaustOnepole.h"
#include "FaustOnepoleVec.h"

#include <memory>

namespace resin::bench {

namespace {

constexpr int kSampleRate = 44100;

template <class Dsp> Peer faustPeer(std::string workload, std::string row) {
  auto dsp = std::make_shared<Dsp>();
  dsp->init(kSampleRate);
  BlockFn run = [dsp](const float *in, float *out, int64_t len) {
    // Fresh state per call, as the other baselines: clearing a few floats.
    dsp->instanceClear();
    float *ins[] = {const_cast<float *>(in)}; // Faust's signature is not const
    float *outs[] = {out};
    dsp->compute(int(len), ins, outs);
  };
  return {std::move(workload), std::move(row), std::move(run)};
}

} // namespace

std::vector<Peer> faustPeers() {
  return {
      faustPeer<FaustAffineChain>("affine_chain", "faust"),
      faustPeer<FaustAffineChainVec>("affine_chain", "faust-vec"),
      faustPeer<FaustOnepole>("onepole", "faust"),
      faustPeer<FaustOnepoleVec>("onepole", "faust-vec"),
      faustPeer<FaustBiquad>("biquad", "faust"),
      faustPeer<FaustBiquadVec>("biquad", "faust-vec"),
  };
}

} // namespace resin::bench

#else

std::vector<resin::bench::Peer> resin::bench::faustPeers() {
  return {};
}

#endif
