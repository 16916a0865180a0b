// fold-const: a pure op whose ports are all constant (unwired values or
// wired const nodes) becomes a const node holding its value; the const nodes
// it read are left for dce. Folding runs to a fixpoint inside the pass, so a
// whole constant expression (sin(0.5) * 2) becomes one const.
//
// Why it is exact: the value is computed by the very function the engines
// run, semantics::evalPure<float>, with the port values as the engines read
// them (float(value)), the node's resolved constants and the graph's math
// level (context.math); a const node then gives back exactly that float.
// Audio engines run with FTZ/DAZ (unless --no-ftz), fields without, so for
// an audio graph the value is computed both ways and folded only when the
// two agree bit for bit (a subnormal operand or result is left alone).
// Results that are NaN or infinite are not folded: a const must be finite.
// Ops that read the context (input, time, osc, noise) and stateful ops are
// never folded (semantics::isComputedPure).
#include "resin/passes/GraphEdit.h"
#include "resin/passes/Pass.h"
#include "resin/semantics/PureOps.h"
#include "resin/support/FloatEnv.h"

#include <cmath>
#include <cstring>

namespace resin {

namespace {

constexpr size_t kMaxPorts = 8;

bool sameFloatBits(float a, float b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

class ConstantFolder {
public:
  ConstantFolder(Graph &graph, const PassContext &context) : g_(graph), context_(context) {}

  size_t run() {
    std::vector<std::vector<NodeId>> readers = readersOf(g_);
    std::vector<NodeId> work;
    for (NodeId id = g_.size(); id-- > 0;)
      work.push_back(id);
    size_t folded = 0;
    while (!work.empty()) {
      NodeId id = work.back();
      work.pop_back();
      if (!fold(g_[id]))
        continue;
      ++folded;
      for (NodeId reader : readers[id])
        work.push_back(reader);
    }
    return folded;
  }

private:
  bool fold(Node &node) {
    // A node whose const params follow params changes when they do.
    if (!semantics::isComputedPure(node.op) || !node.bound.empty())
      return false;
    const OpInfo &info = node.info();
    if (info.numPorts > kMaxPorts)
      return false;
    float ports[kMaxPorts] = {};
    for (size_t s = 0; s < info.numPorts; ++s) {
      std::optional<double> v = constantPort(g_, node, s);
      if (!v)
        return false;
      ports[s] = asFloat(*v);
    }
    OpConstants constants = resolveConstants(g_, node);
    float value = evaluate(node.op, ports, constants, !g_.isField());
    if (!g_.isField() && !sameFloatBits(value, evaluate(node.op, ports, constants, false)))
      return false;
    if (!std::isfinite(value))
      return false;
    rewriteAs(node, Op::Const);
    node.values[0] = double(value);
    return true;
  }

  /// evalPure in the given floating-point environment. The empty asm
  /// statements keep the compiler from moving the arithmetic out of the
  /// scope of the environment (or merging the two evaluations).
  [[gnu::noinline]] float evaluate(Op op, const float *ports, const OpConstants &constants,
                                   bool flush) const {
    ScopedFlushDenormals env(flush);
    float a[kMaxPorts];
    std::memcpy(a, ports, sizeof a);
    asm volatile("" : : "r"(a) : "memory");
    float value = semantics::evalPure<float>(op, a, constants, context_.math);
    asm volatile("" : "+m"(value));
    return value;
  }

  Graph &g_;
  const PassContext &context_;
};

} // namespace

size_t foldConstants(Graph &graph, const PassContext &context) {
  return ConstantFolder(graph, context).run();
}

} // namespace resin
