// Node params to engine constants, with the double-precision designs of
// docs/reference/graph-format.md (one-pole pole, RBJ biquads, envelope coefficients).
#include "resin/semantics/OpConstants.h"

#include <cmath>
#include <numbers>

namespace resin {

BiquadDesign designBiquad(std::string_view kind, double freq, double q, double gainDb,
                          double sampleRate) {
  // Robert Bristow-Johnson, "Cookbook formulae for audio EQ biquad filter
  // coefficients"; shelves use the Q form of alpha, as docs/reference/graph-format.md asks.
  double w0 = 2 * std::numbers::pi * freq / sampleRate;
  double cw = std::cos(w0), sw = std::sin(w0);
  double alpha = sw / (2 * q);
  double A = std::pow(10.0, gainDb / 40);
  double b0 = 1, b1 = 0, b2 = 0, a0 = 1, a1 = 0, a2 = 0;
  if (kind == "lowpass") {
    b0 = (1 - cw) / 2, b1 = 1 - cw, b2 = (1 - cw) / 2;
    a0 = 1 + alpha, a1 = -2 * cw, a2 = 1 - alpha;
  } else if (kind == "highpass") {
    b0 = (1 + cw) / 2, b1 = -(1 + cw), b2 = (1 + cw) / 2;
    a0 = 1 + alpha, a1 = -2 * cw, a2 = 1 - alpha;
  } else if (kind == "bandpass") { // constant 0 dB peak gain
    b0 = alpha, b1 = 0, b2 = -alpha;
    a0 = 1 + alpha, a1 = -2 * cw, a2 = 1 - alpha;
  } else if (kind == "notch") {
    b0 = 1, b1 = -2 * cw, b2 = 1;
    a0 = 1 + alpha, a1 = -2 * cw, a2 = 1 - alpha;
  } else if (kind == "allpass") {
    b0 = 1 - alpha, b1 = -2 * cw, b2 = 1 + alpha;
    a0 = 1 + alpha, a1 = -2 * cw, a2 = 1 - alpha;
  } else if (kind == "peak") {
    b0 = 1 + alpha * A, b1 = -2 * cw, b2 = 1 - alpha * A;
    a0 = 1 + alpha / A, a1 = -2 * cw, a2 = 1 - alpha / A;
  } else if (kind == "lowshelf") {
    double s = 2 * std::sqrt(A) * alpha;
    b0 = A * ((A + 1) - (A - 1) * cw + s);
    b1 = 2 * A * ((A - 1) - (A + 1) * cw);
    b2 = A * ((A + 1) - (A - 1) * cw - s);
    a0 = (A + 1) + (A - 1) * cw + s;
    a1 = -2 * ((A - 1) + (A + 1) * cw);
    a2 = (A + 1) + (A - 1) * cw - s;
  } else if (kind == "highshelf") {
    double s = 2 * std::sqrt(A) * alpha;
    b0 = A * ((A + 1) + (A - 1) * cw + s);
    b1 = -2 * A * ((A - 1) + (A + 1) * cw);
    b2 = A * ((A + 1) + (A - 1) * cw - s);
    a0 = (A + 1) - (A - 1) * cw + s;
    a1 = 2 * ((A - 1) - (A + 1) * cw);
    a2 = (A + 1) - (A - 1) * cw - s;
  }
  return {b0 / a0, b1 / a0, b2 / a0, a1 / a0, a2 / a0};
}

namespace {

/// exp(-1/(t*sample_rate)) in double; 0 when t <= 0 (an instant follower).
double envelopeCoefficient(double seconds, double sampleRate) {
  return seconds <= 0 ? 0.0 : std::exp(-1.0 / (seconds * sampleRate));
}

std::string_view choice(const Node &node, std::string_view slot) {
  const OpInfo &info = node.info();
  return info.slots[*info.findSlot(slot)].choiceName(node.value(slot));
}

} // namespace

OpConstants resolveConstants(const Graph &graph, const Node &node) {
  OpConstants k;
  k.sampleRate = graph.sampleRate;
  switch (node.op) {
  case Op::Input:
  case Op::Output:
    k.channel = uint32_t(node.value("channel"));
    break;
  case Op::Const:
    k.value = float(node.value("value"));
    break;
  case Op::Osc:
    k.wave = Wave(int(node.value("wave")));
    k.phase = node.value("phase");
    k.increment = node.value("freq") / graph.sampleRate;
    k.duty = float(node.value("duty"));
    break;
  case Op::Noise:
    k.noiseSeedTerm = uint32_t(node.value("seed")) * 0x9E3779B9u;
    break;
  case Op::Perlin2:
  case Op::Perlin3:
  case Op::Simplex2:
  case Op::Simplex3:
    k.fbm.seed = int32_t(node.value("seed"));
    break;
  case Op::Fbm2:
  case Op::Fbm3:
    k.fbm.octaves = int(node.value("octaves"));
    k.fbm.lacunarity = float(node.value("lacunarity"));
    k.fbm.gain = float(node.value("gain"));
    k.fbm.basis = choice(node, "basis") == "simplex" ? noise::Basis::Simplex : noise::Basis::Perlin;
    k.fbm.seed = int32_t(node.value("seed"));
    break;
  case Op::Sample:
  case Op::SampleNearest:
  case Op::Width:
  case Op::Height:
    if (node.wired(0))
      if (auto it = graph.images.find(graph[node.inputs[0]].name); it != graph.images.end())
        k.image = it->second;
    if (node.op == Op::Sample || node.op == Op::SampleNearest)
      k.imageChannel = uint32_t(node.value("channel"));
    else if (k.image)
      k.value = float(node.op == Op::Width ? k.image->width : k.image->height);
    break;
  case Op::Delay:
    k.delaySamples = int64_t(node.value("samples"));
    break;
  case Op::Vdelay:
    k.delaySamples = int64_t(node.value("max"));
    break;
  case Op::Onepole: {
    double p = std::exp(-2 * std::numbers::pi * node.value("cutoff") / graph.sampleRate);
    k.onepolePole = float(p);
    if (choice(node, "mode") == "highpass") {
      k.onepoleMode = OnepoleMode::Highpass;
      k.onepoleGain = float((1 + p) / 2);
    } else {
      k.onepoleGain = float(1 - p);
    }
    break;
  }
  case Op::Biquad: {
    std::string_view kind = choice(node, "kind");
    BiquadDesign d = kind == "raw"
                         ? BiquadDesign{node.value("b0"), node.value("b1"), node.value("b2"),
                                        node.value("a1"), node.value("a2")}
                         : designBiquad(kind, node.value("freq"), node.value("q"),
                                        node.value("gain_db"), graph.sampleRate);
    k.b0 = float(d.b0), k.b1 = float(d.b1), k.b2 = float(d.b2);
    k.a1 = float(d.a1), k.a2 = float(d.a2);
    break;
  }
  case Op::Allpass1:
    k.coeff = float(node.value("coeff"));
    break;
  case Op::Envelope: {
    double attack = envelopeCoefficient(node.value("attack"), graph.sampleRate);
    double release = envelopeCoefficient(node.value("release"), graph.sampleRate);
    k.attackC = float(attack), k.attackOneMinusC = float(1 - attack);
    k.releaseC = float(release), k.releaseOneMinusC = float(1 - release);
    break;
  }
  default:
    break;
  }
  return k;
}

} // namespace resin
