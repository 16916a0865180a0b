// The random graph generator of RandomGraph.h.
//
// A graph grows from a pool of values (inputs and sources) by motifs: each
// motif reads values from the pool and adds a few nodes whose results join
// the pool. Every value carries a generous bound on its magnitude; a value
// that may exceed kTameAbove is squashed (tanh, softclip, clip or a gain)
// before anything reads it. At the end the unread values are averaged
// pairwise into the outputs, and a few are left dead for dce.
#include "RandomGraph.h"

#include "resin/ir/Op.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

namespace resin::test {

uint64_t Rng::next() {
  uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

namespace {

constexpr double kTameAbove = 2.5;

/// A value the generator may read.
struct Value {
  NodeId id = kNoNode;
  double bound = 1;   // |value| <= bound (generously)
  bool clean = false; // an input or one gain of an input: every pass keeps it exact
};

class Builder {
public:
  Builder(uint64_t seed, bool field, const RandomGraphOptions &options)
      : rng_(seed * 0x2545F4914F6CDD1Dull + (field ? 0xF1E1Dull : 0xA0D10ull)),
        finiteRng_(seed * 0x9E3779B97F4A7C15ull + 0xF1417Eull), field_(field), options_(options) {}

  Graph build() {
    g_.kind = field_ ? GraphKind::Field : GraphKind::Audio;
    g_.name = field_ ? "random_field" : "random_graph";
    g_.sampleRate = 44100;
    if (field_) {
      for (int c = 0; c < 4; ++c)
        pool_.push_back({input(c, std::string(kFieldVariables[c])), 2.0, true});
    } else {
      int inputs = rng_.between(1, 2);
      for (int c = 0; c < inputs; ++c)
        pool_.push_back({input(c, "in" + std::to_string(c)), 1.0, true});
      if (rng_.chance(0.5))
        source();
    }
    int motifs = rng_.between(options_.minMotifs, options_.maxMotifs);
    for (int i = 0; i < motifs; ++i)
      motif();
    finish();
    sprinkleFinite();
    return std::move(g_);
  }

private:
  // ---- nodes ------------------------------------------------------------

  size_t slot(NodeId id, std::string_view name) const { return *g_[id].info().findSlot(name); }
  NodeId node(Op op) { return g_.addNode(op); }
  void set(NodeId id, std::string_view name, double v) { g_[id].values[slot(id, name)] = v; }
  void wire(NodeId id, std::string_view name, NodeId from) { g_[id].inputs[slot(id, name)] = from; }
  /// A node with its first ports wired, in order.
  NodeId make(Op op, std::initializer_list<NodeId> ports) {
    NodeId id = node(op);
    size_t s = 0;
    for (NodeId from : ports)
      g_[id].inputs[s++] = from;
    return id;
  }
  NodeId constant(double v) {
    NodeId id = node(Op::Const);
    g_[id].values[0] = v;
    return id;
  }
  NodeId input(int channel, std::string name) {
    NodeId id = g_.addNode(Op::Input, std::move(name));
    set(id, "channel", channel);
    return id;
  }
  /// A port set to a constant: its unwired value, or sometimes a const node.
  void constPort(NodeId id, std::string_view name, double v) {
    if (rng_.chance(0.3))
      wire(id, name, constant(v));
    else
      set(id, name, v);
  }

  // ---- constants --------------------------------------------------------

  /// Sometimes a human-looking decimal, sometimes a double no float equals.
  double roundish(double v) {
    switch (rng_.below(3)) {
    case 0:
      return std::round(v * 1000) / 1000;
    case 1:
      return std::round(v * 4) / 4;
    default:
      return v;
    }
  }
  double gainConstant(double lo = 0.5, double hi = 1.25) {
    double g = roundish(rng_.uniform(lo, hi));
    if (g == 0)
      g = 0.5;
    return rng_.chance(0.3) ? -g : g;
  }
  double offsetConstant() { return roundish(rng_.uniform(-0.5, 0.5)); }

  // ---- the pool ---------------------------------------------------------

  /// A value to read: often one of the newest (deep graphs), else any.
  Value pick() {
    size_t n = frozen_ ? *frozen_ : pool_.size();
    if (rng_.chance(0.5))
      return pool_[n - 1 - size_t(rng_.below(int(std::min<size_t>(n, 4))))];
    return pool_[size_t(rng_.below(int(n)))];
  }
  Value pickClean() {
    size_t n = frozen_ ? *frozen_ : pool_.size();
    std::vector<Value> clean;
    for (size_t i = 0; i < n; ++i)
      if (pool_[i].clean)
        clean.push_back(pool_[i]);
    return clean[size_t(rng_.below(int(clean.size())))];
  }
  /// A value with a bound of at most `limit`.
  Value pickAtMost(double limit) {
    Value v = pick();
    return v.bound <= limit ? v : tame(v, limit);
  }
  Value tame(Value v, double limit = 1.0) {
    switch (rng_.below(4)) {
    case 0:
      return {make(Op::Tanh, {v.id}), std::min(1.0, limit)};
    case 1: {
      NodeId id = make(Op::Softclip, {v.id});
      constPort(id, "drive", roundish(rng_.uniform(0.5, 1.0)));
      return {id, std::min(1.0, limit)};
    }
    case 2: {
      double edge = std::min(limit, 2.0);
      NodeId id = make(Op::Clip, {v.id});
      set(id, "lo", -edge);
      set(id, "hi", edge);
      return {id, edge};
    }
    default: {
      double g = std::min(1.0, limit) / std::ceil(v.bound);
      NodeId id = make(Op::Gain, {v.id});
      constPort(id, "gain", g);
      return {id, v.bound * g};
    }
    }
  }
  void push(Value v) {
    if (v.bound > kTameAbove)
      v = tame(v);
    pool_.push_back(v);
  }

  // ---- motifs -----------------------------------------------------------

  void motif() {
    struct Choice {
      double weight;
      void (Builder::*make)();
      bool audio, field;
    };
    static const Choice choices[] = {
        {3, &Builder::unaryMotif, true, true},  {3, &Builder::binaryMotif, true, true},
        {2, &Builder::affineChain, true, true}, {1.5, &Builder::constantSubtree, true, true},
        {1.5, &Builder::duplicate, true, true}, {1.5, &Builder::mulAdd, true, true},
        {2, &Builder::identity, true, true},    {1, &Builder::delayChain, true, false},
        {1, &Builder::feedback, true, false},   {2, &Builder::stateful, true, false},
        {0.7, &Builder::source, true, false},   {0.3, &Builder::statefulOfConstant, true, false},
        {2, &Builder::fieldShape, false, true}, {0.7, &Builder::perlin, false, true},
    };
    double total = 0;
    for (const Choice &c : choices)
      if (field_ ? c.field : c.audio)
        total += c.weight;
    double r = rng_.uniform(0, total);
    for (const Choice &c : choices) {
      if (!(field_ ? c.field : c.audio))
        continue;
      if (r < c.weight) {
        (this->*c.make)();
        return;
      }
      r -= c.weight;
    }
    unaryMotif();
  }

  /// One continuous unary op.
  Value unary(Value v) {
    switch (rng_.below(11)) {
    case 0: {
      NodeId id = make(Op::Gain, {v.id});
      double g = gainConstant();
      constPort(id, "gain", g);
      return {id, v.bound * std::abs(g)};
    }
    case 1: {
      NodeId id = make(Op::Offset, {v.id});
      double o = offsetConstant();
      constPort(id, "offset", o);
      return {id, v.bound + std::abs(o)};
    }
    case 2: {
      NodeId id = make(Op::Affine, {v.id});
      double g = gainConstant(), o = offsetConstant();
      constPort(id, "gain", g);
      constPort(id, "offset", o);
      return {id, v.bound * std::abs(g) + std::abs(o)};
    }
    case 3:
      return {make(Op::Neg, {v.id}), v.bound};
    case 4:
      return {make(Op::Abs, {v.id}), v.bound};
    case 5:
      return {make(Op::Tanh, {v.id}), 1};
    case 6:
      return {make(Op::Sin, {v.id}), 1};
    case 7:
      return {make(Op::Cos, {v.id}), 1};
    case 8: {
      NodeId id = make(Op::Softclip, {v.id});
      constPort(id, "drive", roundish(rng_.uniform(0.5, 2)));
      return {id, 1};
    }
    case 9: {
      NodeId id = make(Op::Clip, {v.id});
      double lo = roundish(rng_.uniform(-1.2, -0.3)), hi = roundish(rng_.uniform(0.3, 1.2));
      set(id, "lo", lo);
      set(id, "hi", hi);
      return {id, std::min(v.bound, std::max(-lo, hi))};
    }
    default:
      return {make(Op::Pass, {v.id}), v.bound, v.clean};
    }
  }
  void unaryMotif() { push(unary(pick())); }

  /// One continuous binary op of two values (or of a value and a constant).
  Value binary(Value a, Value b) {
    if (rng_.chance(0.5))
      std::swap(a, b);
    switch (rng_.below(6)) {
    case 0:
      return {make(Op::Add, {a.id, b.id}), a.bound + b.bound};
    case 1:
      return {make(Op::Sub, {a.id, b.id}), a.bound + b.bound};
    case 2:
      return {make(Op::Mul, {a.id, b.id}), a.bound * b.bound};
    case 3:
      return {make(Op::Min, {a.id, b.id}), std::max(a.bound, b.bound)};
    case 4:
      return {make(Op::Max, {a.id, b.id}), std::max(a.bound, b.bound)};
    default: {
      NodeId id = make(Op::Mix, {a.id, b.id});
      double t = 1;
      if (rng_.chance(0.7))
        constPort(id, "mix", roundish(rng_.uniform(0, 1)));
      else {
        Value m = pickAtMost(1);
        wire(id, "mix", m.id);
        t = m.bound;
      }
      return {id, a.bound + t * (a.bound + b.bound)};
    }
    }
  }
  void binaryMotif() {
    Value a = pickAtMost(2);
    if (rng_.chance(0.2)) {
      // A value and a constant port: canonicalize's mul/add/sub with a constant.
      Op op = std::array{Op::Add, Op::Sub, Op::Mul}[size_t(rng_.below(3))];
      NodeId id = make(op, {a.id});
      double c = op == Op::Mul ? gainConstant() : offsetConstant();
      size_t port = rng_.below(2);
      g_[id].inputs[0] = kNoNode;
      g_[id].inputs[port] = a.id;
      if (rng_.chance(0.5))
        g_[id].inputs[1 - port] = constant(c);
      else
        g_[id].values[1 - port] = c;
      push({id, op == Op::Mul ? a.bound * std::abs(c) : a.bound + std::abs(c)});
      return;
    }
    push(binary(a, pickAtMost(2)));
  }

  /// A chain of gain/offset/affine/pass (and mul/add/sub/neg by constants,
  /// which canonicalize turns into them): fuse-affine's food.
  void affineChain() {
    Value v = pickAtMost(2);
    int length = rng_.between(2, 5);
    for (int i = 0; i < length; ++i) {
      if (v.bound > 2.5) {
        NodeId id = make(Op::Gain, {v.id});
        constPort(id, "gain", 0.5);
        v = {id, v.bound * 0.5};
        continue;
      }
      switch (rng_.below(8)) {
      case 0: {
        NodeId id = make(Op::Gain, {v.id});
        double g = gainConstant();
        constPort(id, "gain", g);
        v = {id, v.bound * std::abs(g)};
        break;
      }
      case 1: {
        NodeId id = make(Op::Offset, {v.id});
        double o = offsetConstant();
        constPort(id, "offset", o);
        v = {id, v.bound + std::abs(o)};
        break;
      }
      case 2: {
        NodeId id = make(Op::Affine, {v.id});
        double g = gainConstant(), o = offsetConstant();
        constPort(id, "gain", g);
        constPort(id, "offset", o);
        v = {id, v.bound * std::abs(g) + std::abs(o)};
        break;
      }
      case 3:
        v = {make(Op::Pass, {v.id}), v.bound};
        break;
      case 4: {
        double g = gainConstant();
        NodeId c = constant(g);
        v = {rng_.chance(0.5) ? make(Op::Mul, {v.id, c}) : make(Op::Mul, {c, v.id}),
             v.bound * std::abs(g)};
        break;
      }
      case 5: {
        double o = offsetConstant();
        NodeId c = constant(o);
        v = {rng_.chance(0.5) ? make(Op::Add, {v.id, c}) : make(Op::Add, {c, v.id}),
             v.bound + std::abs(o)};
        break;
      }
      case 6: {
        double o = offsetConstant();
        NodeId c = constant(o);
        v = {rng_.chance(0.5) ? make(Op::Sub, {v.id, c}) : make(Op::Sub, {c, v.id}),
             v.bound + std::abs(o)};
        break;
      }
      default:
        v = {make(Op::Neg, {v.id}), v.bound};
        break;
      }
    }
    push(v);
  }

  /// A tree of pure ops over const nodes: fold-const's food.
  Value constantTree(int depth) {
    if (depth == 0 || rng_.chance(0.2)) {
      double c = roundish(rng_.uniform(-1, 1));
      return {constant(c), std::abs(c)};
    }
    Value a = constantTree(depth - 1);
    switch (rng_.below(9)) {
    case 0:
    case 1:
    case 2:
    case 3:
      return binary(a, constantTree(depth - 1));
    case 4:
      return {make(Op::Neg, {a.id}), a.bound};
    case 5:
      return {make(Op::Sin, {a.id}), 1};
    case 6:
      return {make(Op::Tanh, {a.id}), 1};
    case 7:
      return {make(Op::Abs, {a.id}), a.bound};
    default:
      return unary(a);
    }
  }
  void constantSubtree() {
    Value c = constantTree(rng_.between(1, 3));
    if (c.bound > 1.5)
      c = tame(c);
    switch (rng_.below(3)) {
    case 0: // a constant signal
      push(c);
      break;
    case 1: { // a constant gain or offset port of a signal
      Value v = pickAtMost(2);
      bool gain = rng_.chance(0.5);
      NodeId id = make(gain ? Op::Gain : Op::Offset, {v.id});
      wire(id, gain ? "gain" : "offset", c.id);
      push({id, gain ? v.bound * c.bound : v.bound + c.bound});
      break;
    }
    default: // an operand of mul or add
      push(binary(pickAtMost(2), c));
      break;
    }
  }

  /// The same subexpression built twice (cse's food): the motif runs twice
  /// from the same generator state, reading the same pool.
  void duplicate() {
    static void (Builder::*const motifs[])() = {&Builder::unaryMotif,  &Builder::binaryMotif,
                                                &Builder::affineChain, &Builder::constantSubtree,
                                                &Builder::mulAdd,      &Builder::stateful,
                                                &Builder::fieldShape,  &Builder::perlin};
    auto chosen = motifs[rng_.below(field_ ? 8 : 6)];
    if (field_ && chosen == &Builder::stateful)
      chosen = &Builder::fieldShape;
    frozen_ = pool_.size();
    Rng saved = rng_;
    (this->*chosen)();
    Value first = pool_.back();
    rng_ = saved;
    (this->*chosen)();
    Value second = pool_.back();
    frozen_.reset();
    if (rng_.chance(0.5))
      push(binary(first, second));
  }

  /// A mul whose only reader is an add (contract's food), sometimes with a
  /// second reader.
  void mulAdd() {
    Value a = pickAtMost(1.5), b = pickAtMost(1.5), c = pickAtMost(2);
    NodeId m = make(Op::Mul, {a.id, b.id});
    NodeId s = rng_.chance(0.5) ? make(Op::Add, {m, c.id}) : make(Op::Add, {c.id, m});
    if (rng_.chance(0.2))
      push({m, a.bound * b.bound});
    push({s, a.bound * b.bound + c.bound});
  }

  /// Identities elim-identity removes (exactly or, at -O2, up to zero signs).
  void identity() {
    Value v = pick();
    NodeId id = kNoNode;
    switch (rng_.below(field_ ? 11 : 12)) {
    case 0:
      id = make(Op::Gain, {v.id});
      constPort(id, "gain", 1);
      break;
    case 1:
      id = make(Op::Offset, {v.id});
      constPort(id, "offset", rng_.chance(0.5) ? 0.0 : -0.0);
      break;
    case 2:
      id = make(Op::Affine, {v.id});
      constPort(id, "gain", 1);
      constPort(id, "offset", rng_.chance(0.5) ? 0.0 : -0.0);
      break;
    case 3:
      id = rng_.chance(0.5) ? make(Op::Mul, {v.id, constant(1)})
                            : make(Op::Mul, {constant(1), v.id});
      break;
    case 4:
      id = make(Op::Mul, {v.id}); // b unwired: 1
      break;
    case 5:
      id = rng_.chance(0.5) ? make(Op::Add, {v.id, constant(0)})
                            : make(Op::Add, {constant(0), v.id});
      break;
    case 6:
      id = make(Op::Add, {v.id}); // b unwired: 0
      break;
    case 7:
      id = make(Op::Sub, {v.id, constant(rng_.chance(0.5) ? 0.0 : -0.0)});
      break;
    case 8: { // a clip that cannot clip
      NodeId t = make(rng_.chance(0.5) ? Op::Tanh : Op::Sin, {v.id});
      id = make(Op::Clip, {t});
      set(id, "lo", rng_.chance(0.5) ? -1 : -1.5);
      set(id, "hi", rng_.chance(0.5) ? 1 : 2);
      push({id, 1});
      return;
    }
    case 9: { // clamp of a squashed value
      NodeId t = make(Op::Tanh, {v.id});
      id = make(Op::Clamp, {t, constant(-1), constant(1)});
      push({id, 1});
      return;
    }
    case 10:
      id = make(Op::Pass, {v.id});
      break;
    default: {
      id = make(Op::Delay, {v.id});
      set(id, "samples", 0);
      break;
    }
    }
    push({id, v.bound, v.clean && g_[id].op == Op::Pass});
  }

  /// delay -> delay (-> delay) (merge-delay's food).
  void delayChain() {
    Value v = pick();
    int length = rng_.between(2, 3);
    for (int i = 0; i < length; ++i) {
      NodeId id = make(Op::Delay, {v.id});
      set(id, "samples", rng_.below(5) == 0 ? 0 : rng_.between(1, 40));
      v = {id, v.bound};
      if (i + 1 < length && rng_.chance(0.2))
        pool_.push_back(v); // the middle has another reader (sometimes)
    }
    push(v);
  }

  /// y = x + body(delay(y, k)) with a loop gain below 1.
  void feedback() {
    Value x = pickAtMost(1.5);
    NodeId sum = make(Op::Add, {x.id});
    NodeId tap = sum;
    int delays = rng_.between(1, 2);
    for (int i = 0; i < delays; ++i) {
      tap = make(Op::Delay, {tap});
      set(tap, "samples", i == 0 ? rng_.between(1, 300) : rng_.between(0, 50));
    }
    double fb = roundish(rng_.uniform(0.2, 0.6)) * (rng_.chance(0.3) ? -1 : 1);
    NodeId body = tap;
    bool squashed = false;
    switch (rng_.below(4)) {
    case 0:
      body = make(Op::Tanh, {body});
      squashed = true;
      break;
    case 1: {
      body = make(Op::Onepole, {body});
      set(body, "mode", 0);
      set(body, "cutoff", roundish(rng_.uniform(500, 8000)));
      break;
    }
    default:
      break;
    }
    if (rng_.chance(0.5)) {
      body = make(Op::Gain, {body});
      constPort(body, "gain", fb);
    } else {
      body = rng_.chance(0.5) ? make(Op::Mul, {body, constant(fb)})
                              : make(Op::Mul, {constant(fb), body});
    }
    wire(sum, "b", body);
    double bound = squashed ? x.bound + std::abs(fb) : x.bound / (1 - std::abs(fb));
    if (rng_.chance(0.3))
      push({tap, bound});
    push({sum, bound});
  }

  /// One filter, envelope or delay.
  Value statefulOf(Value v) {
    switch (rng_.below(5)) {
    case 0: {
      NodeId id = make(Op::Onepole, {v.id});
      bool high = rng_.chance(0.3);
      set(id, "mode", high ? 1 : 0);
      set(id, "cutoff", roundish(rng_.uniform(30, 12000)));
      return {id, high ? 2 * v.bound : v.bound};
    }
    case 1: {
      NodeId id = make(Op::Biquad, {v.id});
      int kind = rng_.below(8); // every kind but raw
      set(id, "kind", kind);
      set(id, "freq", roundish(rng_.uniform(50, 12000)));
      set(id, "q", roundish(rng_.uniform(0.5, 2)));
      if (kind >= 5)
        set(id, "gain_db", roundish(rng_.uniform(-6, 6)));
      return {id, 4 * v.bound};
    }
    case 2: {
      NodeId id = make(Op::Allpass1, {v.id});
      set(id, "coeff", roundish(rng_.uniform(-0.7, 0.7)));
      return {id, 3 * v.bound};
    }
    case 3: {
      NodeId id = make(Op::Envelope, {v.id});
      set(id, "attack", roundish(rng_.uniform(0, 0.02)));
      set(id, "release", roundish(rng_.uniform(0, 0.2)));
      return {id, v.bound};
    }
    default: {
      NodeId id = make(Op::Delay, {v.id});
      set(id, "samples", rng_.between(1, 200));
      return {id, v.bound};
    }
    }
  }
  void stateful() {
    if (field_)
      return fieldShape();
    push(statefulOf(pickAtMost(2)));
  }
  /// A stateful op of a constant: not a constant (fold-const must leave it).
  void statefulOfConstant() {
    double c = roundish(rng_.uniform(-1, 1));
    push(statefulOf({constant(c), std::abs(c)}));
  }

  /// osc, noise or time.
  void source() {
    NodeId id = kNoNode;
    switch (rng_.below(4)) {
    case 0:
    case 1:
      id = node(Op::Osc);
      set(id, "wave", rng_.below(5));
      set(id, "freq", roundish(rng_.uniform(20, 3000)));
      set(id, "phase", roundish(rng_.uniform(0, 1)));
      set(id, "duty", roundish(rng_.uniform(0.1, 0.9)));
      break;
    case 2:
      id = node(Op::Noise);
      set(id, "seed", rng_.below(1000));
      break;
    default:
      push({node(Op::Time), 1});
      return;
    }
    if (rng_.chance(0.3))
      wire(id, "amp", pickAtMost(1).id);
    else
      constPort(id, "amp", roundish(rng_.uniform(0.2, 1)));
    push({id, 1});
  }

  /// length2, sdf_circle, smoothstep.
  void fieldShape() {
    switch (rng_.below(3)) {
    case 0: {
      Value a = pickAtMost(2), b = pickAtMost(2);
      push({make(Op::Length2, {a.id, b.id}), a.bound + b.bound});
      break;
    }
    case 1: {
      Value a = pickAtMost(2), b = pickAtMost(2);
      NodeId id = make(Op::SdfCircle, {a.id, b.id});
      double r = roundish(rng_.uniform(0.1, 0.8));
      constPort(id, "radius", r);
      push({id, a.bound + b.bound + r});
      break;
    }
    default: {
      Value x = pickAtMost(2);
      NodeId id = node(Op::Smoothstep);
      constPort(id, "edge0", roundish(rng_.uniform(-2, -0.5)));
      constPort(id, "edge1", roundish(rng_.uniform(0.5, 2)));
      wire(id, "x", x.id);
      push({id, 1});
      break;
    }
    }
  }

  /// perlin2 of inputs (or one gain of an input): nothing upstream of it
  /// may change by rounding, since noise amplifies input differences.
  void perlin() {
    if (!field_)
      return unaryMotif();
    auto coordinate = [&]() {
      Value v = pickClean();
      if (rng_.chance(0.5)) {
        NodeId id = make(Op::Gain, {v.id});
        constPort(id, "gain", double(rng_.between(2, 8)));
        Value scaled{id, v.bound * 8, true};
        pool_.push_back(Value{id, 2, false}); // readable elsewhere, but not as clean
        return scaled;
      }
      return v;
    };
    Value x = coordinate(), y = coordinate();
    NodeId id = make(Op::Perlin2, {x.id, y.id});
    set(id, "seed", rng_.below(100));
    push({id, 1});
  }

  // ---- outputs ----------------------------------------------------------

  void finish() {
    std::vector<uint32_t> uses = g_.useCounts();
    std::vector<Value> unread;
    for (const Value &v : pool_)
      if (uses[v.id] == 0 && g_[v.id].op != Op::Input)
        unread.push_back(v);
    // Leave a few dead (dce's food), but never all of them.
    std::vector<Value> live;
    for (const Value &v : unread)
      if (!rng_.chance(0.1))
        live.push_back(v);
    if (live.empty())
      live.push_back(pool_.back());
    int outputs = field_ ? 1 : rng_.between(1, 2);
    std::vector<std::vector<Value>> groups(static_cast<size_t>(outputs));
    for (size_t i = 0; i < live.size(); ++i)
      groups[i % size_t(outputs)].push_back(live[i]);
    for (int c = 0; c < outputs; ++c) {
      std::vector<Value> group = groups[size_t(c)];
      if (group.empty())
        group.push_back(pool_[size_t(rng_.below(int(pool_.size())))]);
      // Average pairwise, so sums stay as small as their terms.
      while (group.size() > 1) {
        std::vector<Value> next;
        for (size_t i = 0; i + 1 < group.size(); i += 2) {
          Value a = group[i], b = group[i + 1];
          NodeId id;
          if (rng_.chance(0.5)) {
            id = make(Op::Mix, {a.id, b.id});
            set(id, "mix", 0.5);
          } else {
            id = make(Op::Gain, {make(Op::Add, {a.id, b.id})});
            set(id, "gain", 0.5);
          }
          next.push_back({id, std::max(a.bound, b.bound)});
        }
        if (group.size() % 2)
          next.push_back(group.back());
        group = std::move(next);
      }
      NodeId out = make(Op::Output, {group[0].id});
      set(out, "channel", c);
    }
    // Sometimes one more output reads a value directly, where a wrong sign
    // of zero or a last-bit change is not averaged away.
    if (!field_ && rng_.chance(0.5)) {
      NodeId out =
          make(Op::Output,
               {pool_[pool_.size() - 1 - size_t(rng_.below(int(std::min<size_t>(pool_.size(), 6))))]
                    .id});
      set(out, "channel", outputs);
    }
  }

  /// `finite` between a few nodes and all their readers. Drawn from a stream
  /// of its own, after the graph is complete, so every seed keeps the graph
  /// it had before `finite` existed, plus these nodes. Every value here is
  /// finite for inputs in [-2, 2], so each is an identity that elim-identity
  /// may prove (range analysis) or fold-const fold (over a constant); with
  /// the edge inputs of the parity tests (NaN, +-inf) they map to 0.
  void sprinkleFinite() {
    const NodeId existing = NodeId(g_.size());
    for (NodeId id = 0; id < existing; ++id) {
      if (g_[id].op == Op::Output || !finiteRng_.chance(0.08))
        continue;
      NodeId guard = make(Op::Finite, {id});
      for (NodeId reader = 0; reader < existing; ++reader)
        for (NodeId &from : g_[reader].inputs)
          if (from == id)
            from = guard;
    }
  }

  Graph g_;
  Rng rng_;
  Rng finiteRng_;
  bool field_;
  RandomGraphOptions options_;
  std::vector<Value> pool_;
  std::optional<size_t> frozen_; // during duplicate(): read only the first N values
};

} // namespace

Graph randomAudioGraph(uint64_t seed, const RandomGraphOptions &options) {
  return Builder(seed, false, options).build();
}

Graph randomField(uint64_t seed, const RandomGraphOptions &options) {
  return Builder(seed, true, options).build();
}

} // namespace resin::test
