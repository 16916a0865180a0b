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

/// A node's slot values with its bound const params evaluated for the
/// current param values, in a fixed array: recomputing constants when a
/// param changes must not allocate (a real-time thread may do it).
class SlotValues {
public:
  SlotValues(const Node &node, std::span<const float> paramValues) : info_(node.info()) {
    for (size_t s = 0; s < node.values.size() && s < kMaxSlots; ++s)
      values_[s] = node.values[s];
    if (!paramValues.empty())
      for (const Node::BoundSlot &b : node.bound)
        values_[b.slot] = evaluate(b.expr, paramValues);
  }
  double operator()(std::string_view slot) const { return values_[*info_.findSlot(slot)]; }
  std::string_view choice(std::string_view slot) const {
    return info_.slots[*info_.findSlot(slot)].choiceName((*this)(slot));
  }

private:
  static constexpr size_t kMaxSlots = 24; // more than any op has (OpConstantsTest checks)
  const OpInfo &info_;
  double values_[kMaxSlots] = {};
};

} // namespace

OpConstants resolveConstants(const Graph &graph, const Node &node) {
  if (node.bound.empty())
    return resolveConstants(graph, node, {});
  return resolveConstants(graph, node, graph.paramDefaults());
}

OpConstants resolveConstants(const Graph &graph, const Node &node,
                             std::span<const float> paramValues) {
  SlotValues value(node, paramValues);
  OpConstants k;
  k.sampleRate = graph.sampleRate;
  switch (node.op) {
  case Op::Input:
  case Op::Output:
    k.channel = uint32_t(value("channel"));
    break;
  case Op::Const:
    k.value = float(value("value"));
    break;
  case Op::Param:
    k.paramIndex = uint32_t(value("index"));
    break;
  case Op::Osc:
    k.wave = Wave(int(value("wave")));
    k.phase = value("phase");
    k.increment = value("freq") / graph.sampleRate;
    k.duty = float(value("duty"));
    break;
  case Op::Noise:
    k.noiseSeedTerm = uint32_t(value("seed")) * 0x9E3779B9u;
    break;
  case Op::Perlin2:
  case Op::Perlin3:
  case Op::Simplex2:
  case Op::Simplex3:
    k.fbm.seed = int32_t(value("seed"));
    break;
  case Op::Fbm2:
  case Op::Fbm3:
    k.fbm.octaves = int(value("octaves"));
    k.fbm.lacunarity = float(value("lacunarity"));
    k.fbm.gain = float(value("gain"));
    k.fbm.basis = value.choice("basis") == "simplex" ? noise::Basis::Simplex : noise::Basis::Perlin;
    k.fbm.seed = int32_t(value("seed"));
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
    k.delaySamples = int64_t(value("samples"));
    break;
  case Op::Vdelay:
    k.delaySamples = int64_t(value("max"));
    break;
  case Op::Onepole: {
    double p = std::exp(-2 * std::numbers::pi * value("cutoff") / graph.sampleRate);
    k.onepolePole = float(p);
    if (value.choice("mode") == "highpass") {
      k.onepoleMode = OnepoleMode::Highpass;
      k.onepoleGain = float((1 + p) / 2);
    } else {
      k.onepoleGain = float(1 - p);
    }
    break;
  }
  case Op::Biquad: {
    std::string_view kind = value.choice("kind");
    BiquadDesign d =
        kind == "raw"
            ? BiquadDesign{value("b0"), value("b1"), value("b2"), value("a1"), value("a2")}
            : designBiquad(kind, value("freq"), value("q"), value("gain_db"), graph.sampleRate);
    k.b0 = float(d.b0), k.b1 = float(d.b1), k.b2 = float(d.b2);
    k.a1 = float(d.a1), k.a2 = float(d.a2);
    break;
  }
  case Op::Allpass1:
    k.coeff = float(value("coeff"));
    break;
  case Op::Envelope: {
    double attack = envelopeCoefficient(value("attack"), graph.sampleRate);
    double release = envelopeCoefficient(value("release"), graph.sampleRate);
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

namespace resin {

void updateConstants(const Graph &graph, const Node &node, std::span<const float> paramValues,
                     int64_t n, OpConstants &k) {
  OpConstants next = resolveConstants(graph, node, paramValues);
  if (node.op == Op::Osc) {
    // The phase runs on from where the old frequency left it at sample n.
    double v = k.phase + double(n - k.phaseOrigin) * k.increment;
    next.phase = v - std::floor(v);
    next.phaseOrigin = n;
  }
  k = next;
}

} // namespace resin
