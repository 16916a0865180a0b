// The one IR for audio graphs and field expressions (docs/architecture.md, "The one IR").
//
// A Graph is a list of nodes; each node has one entry per slot of its op
// (see Op.h): for a port, the node wired into it (or kNoNode) and the value
// used when it is unwired; for a const param, its value. A field is a graph
// whose inputs are channels 0..3 (x, y, z, t) and whose single output is the
// expression's value; an audio graph's lanes are samples.
#pragma once

#include "resin/ir/Op.h"
#include "resin/ir/ParamExpr.h"
#include "resin/support/Diagnostic.h"
#include "resin/support/Limits.h"
#include "resin/support/Raster.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace resin {

using NodeId = uint32_t;
inline constexpr NodeId kNoNode = UINT32_MAX;

/// The defaults of two limits that protect memory (support/Limits.h, whose
/// environment variables may raise them): nodes per graph, and the delay
/// lines' total length in samples (256 MiB of floats).
inline constexpr size_t kMaxNodes = size_t(kLimits[int(Limit::Nodes)].defaultValue);
inline constexpr int64_t kMaxTotalDelaySamples = kLimits[int(Limit::DelaySamples)].defaultValue;

enum class GraphKind : uint8_t { Audio, Field };

struct Node {
  Op op = Op::Const;
  std::string name;                 // empty: anonymous (printers invent a name)
  std::vector<NodeId> inputs;       // per slot: the node wired into a port, or kNoNode
  std::vector<double> values;       // per slot: port value when unwired, param value
  std::vector<SourceLoc> valueLocs; // per slot: where the value was written, if anywhere
  SourceLoc loc;
  /// The nodes a pass fused into this one (canonicalize, fuse-affine,
  /// contract, merge-delay, cse), described as written ("lp", "gain@3:7"), so a
  /// diagram of an optimized graph says what each node came from. Only
  /// diagrams read it: printers, engines and sameIR ignore it.
  std::vector<std::string> origins;
  /// Const params given as an expression of the graph's params
  /// (`freq=cutoff * 2`); `values` holds its value at the params' defaults.
  struct BoundSlot {
    uint32_t slot;
    ParamExpr expr;
    bool operator==(const BoundSlot &) const = default;
  };
  std::vector<BoundSlot> bound;

  const OpInfo &info() const { return opInfo(op); }
  bool wired(size_t slot) const { return inputs[slot] != kNoNode; }
  double value(size_t slot) const { return values[slot]; }
  /// The value of a named slot (the op must have it).
  double value(std::string_view slotName) const;
  /// The expression a const param is bound to, or null for a literal.
  const ParamExpr *boundExpr(size_t slot) const;
};

struct Graph {
  GraphKind kind = GraphKind::Audio;
  std::string name;
  double sampleRate = 44100;
  SourceLoc sampleRateLoc; // where sample_rate was written, if anywhere
  std::vector<Node> nodes;
  /// The declared params (docs/reference/graph-format.md, "Params"); a
  /// `param` node's index and a ParamExpr's params refer to this list.
  std::vector<ParamDecl> params;
  /// The images bound to a field's `image` declarations, by name
  /// (syntax/Load.h, bindImages). Shared, so copying a graph (every pass
  /// does) copies no pixels; sameIR and the printers ignore them.
  std::map<std::string, std::shared_ptr<const Raster>, std::less<>> images;

  bool isField() const { return kind == GraphKind::Field; }
  /// Appends a node of `op` with every slot at its default.
  NodeId addNode(Op op, std::string name = {}, SourceLoc loc = {});
  Node &operator[](NodeId id) { return nodes[id]; }
  const Node &operator[](NodeId id) const { return nodes[id]; }
  size_t size() const { return nodes.size(); }

  /// Input and output nodes sorted by channel.
  std::vector<NodeId> inputsByChannel() const;
  std::vector<NodeId> outputsByChannel() const;
  /// For each node, how many ports read it.
  std::vector<uint32_t> useCounts() const;
  /// The index of the param named `name`, if declared.
  std::optional<uint32_t> findParam(std::string_view name) const;
  /// Whether any node reads a param (a `param` node or a bound const param).
  bool readsParams() const;
  /// Makes `value` param `index`'s default (as `--set` does: init() then
  /// starts from it) and refreshes the values of bound const params. False,
  /// and no change, when the param does not accept it.
  bool setParamDefault(uint32_t index, float value);
  /// The params' default values, in order.
  std::vector<float> paramDefaults() const;
};

/// The channel names of a field's inputs.
inline constexpr std::string_view kFieldVariables[4] = {"x", "y", "z", "t"};

/// Whether two graphs are the same IR: the same kind and sample rate, and a
/// one-to-one mapping of nodes that preserves ops, values and wiring (starting
/// from outputs and inputs by channel). Node names must agree where both
/// graphs name a node; anonymous nodes match by structure only. Source
/// locations are ignored. On a difference, `why` (if given) says where.
bool sameIR(const Graph &a, const Graph &b, std::string *why = nullptr);

} // namespace resin
