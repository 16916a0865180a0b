// Reader and printer for the graph JSON form (resin-graph/1).
//
// Several edges into one port are summed in edge order (docs/reference/graph-format.md); the reader
// makes that sum explicit as a chain of anonymous 'add' nodes, so the IR has
// one wire per port in every form.
#include "resin/syntax/GraphJson.h"
#include "JsonCommon.h"
#include "ParamJson.h"
#include "PrintPlan.h"
#include "VerifiedRead.h"
#include "resin/support/Format.h"
#include "resin/support/Limits.h"

#include <cctype>
#include <map>

namespace resin {

using nlohmann::json;
using nlohmann::ordered_json;

Result<std::string> jsonFormat(const JsonDocument &doc) {
  const json &root = doc.root;
  // resin's bare FieldExpr, as serde_json writes it: a unit variant ("X") or
  // an object with one key naming a variant ({"Perlin2": {...}}).
  if (root.is_string() || (root.is_object() && root.size() == 1 && !root.contains("format")))
    return std::string(kFieldExprFormat);
  if (!root.is_object())
    return doc.error("", "a resin JSON file is an object with a \"format\" member or a bare "
                         "FieldExpr, not " +
                             std::string(jsonTypeName(root)));
  if (!root.contains("format"))
    return doc.error("", "missing \"format\" (\"" + std::string(kGraphFormat) + "\" or \"" +
                             std::string(kFieldFormat) +
                             "\"); a bare FieldExpr is an object with exactly one key, its "
                             "variant, not " +
                             std::to_string(root.size()));
  const json &format = root["format"];
  if (!format.is_string())
    return doc.error("/format",
                     "\"format\" must be a string, not " + std::string(jsonTypeName(format)));
  const std::string &name = format.get_ref<const std::string &>();
  if (name == kGraphFormat || name == kFieldFormat)
    return name;
  for (std::string_view known : {kGraphFormat, kFieldFormat}) {
    std::string_view family = known.substr(0, known.find('/') + 1);
    if (name.rfind(family, 0) == 0)
      return doc.error("/format", "unsupported format version " + quote(name) +
                                      " (this resinc reads " + std::string(known) + ")");
  }
  return doc.error("/format", "unknown format " + quote(name) + " (expected \"" +
                                  std::string(kGraphFormat) + "\" or \"" +
                                  std::string(kFieldFormat) + "\")");
}

namespace {

class GraphJsonReader {
public:
  explicit GraphJsonReader(const JsonDocument &doc) : doc_(doc) {}

  Result<Graph> read() {
    auto format = jsonFormat(doc_);
    if (!format)
      return format.takeErrors();
    if (*format != kGraphFormat)
      return doc_.error("/format", "expected \"" + std::string(kGraphFormat) + "\" here");
    return readVerified(graph_, doc_.file().name(), [&] { readRoot(); });
  }

private:
  void readRoot() {
    const json &root = doc_.root;
    jsonOnlyKeys(doc_, root, "", {"format", "name", "sample_rate", "params", "nodes", "edges"},
                 "a resin-graph/1 document");
    if (root.contains("name"))
      graph_.name = jsonString(doc_, root["name"], "/name", "\"name\"");
    if (root.contains("sample_rate")) {
      graph_.sampleRate = jsonNumber(doc_, root["sample_rate"], "/sample_rate", "\"sample_rate\"");
      graph_.sampleRateLoc = doc_.at("/sample_rate");
    }
    readParamsSection(doc_, root, graph_);
    for (uint32_t i = 0; i < graph_.params.size(); ++i) {
      // One node reads each param as a signal; edges name it by the param's name.
      NodeId id = graph_.addNode(Op::Param, {}, graph_.params[i].loc);
      graph_[id].values[0] = double(i);
      paramNodes_.emplace(graph_.params[i].name, id);
    }
    if (!root.contains("nodes"))
      jsonFail(doc_, "", "missing \"nodes\" (an array of nodes)");
    const json &nodes = jsonArray(doc_, root, "/nodes", "nodes");
    if (!withinLimit(Limit::Nodes, int64_t(nodes.size())))
      jsonFail(doc_, "/nodes",
               limitMessage(Limit::Nodes, "graph has " + std::to_string(nodes.size()) + " nodes",
                            int64_t(nodes.size())));
    for (size_t i = 0; i < nodes.size(); ++i)
      readNode(nodes[i], jsonPointer("/nodes", i));
    if (root.contains("edges")) {
      const json &edges = jsonArray(doc_, root, "/edges", "edges");
      for (size_t i = 0; i < edges.size(); ++i)
        readEdge(edges[i], jsonPointer("/edges", i));
    }
    wirePorts();
  }

  void readNode(const json &node, const std::string &at) {
    if (!node.is_object())
      jsonFail(doc_, at, "a node must be an object, not " + std::string(jsonTypeName(node)));
    jsonOnlyKeys(doc_, node, at, {"id", "type", "params"}, "a node");
    if (!node.contains("id"))
      jsonFail(doc_, at, "node has no \"id\"");
    if (!node.contains("type"))
      jsonFail(doc_, at, "node has no \"type\"");
    std::string idAt = jsonPointer(at, "id"), typeAt = jsonPointer(at, "type");
    const std::string &id = jsonString(doc_, node["id"], idAt, "\"id\"");
    if (!isIdentifier(id))
      jsonFail(doc_, idAt, "node id " + quote(id) + " is not a name ([A-Za-z_][A-Za-z0-9_]*)");
    if (paramNodes_.count(id))
      jsonFail(doc_, idAt, "node id " + quote(id) + " is also the name of a param");
    if (auto it = ids_.find(id); it != ids_.end()) {
      SourceLoc first = graph_[it->second].loc;
      jsonFail(doc_, idAt,
               "duplicate node id " + quote(id) + " (first at " + std::to_string(first.line) + ":" +
                   std::to_string(first.col) + ")");
    }
    const std::string &type = jsonString(doc_, node["type"], typeAt, "\"type\"");
    auto op = findOp(type);
    if (!op) {
      std::string hint = closestMatch(type, opNames());
      jsonFail(doc_, typeAt,
               "unknown op " + quote(type) +
                   (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
    }
    NodeId nid = graph_.addNode(*op, id, doc_.at(at));
    ids_.emplace(id, nid);
    if (!node.contains("params"))
      return;
    std::string paramsAt = jsonPointer(at, "params");
    const json &params = node["params"];
    if (!params.is_object())
      jsonFail(doc_, paramsAt,
               "\"params\" must be an object, not " + std::string(jsonTypeName(params)));
    const OpInfo &info = opInfo(*op);
    for (auto it = params.begin(); it != params.end(); ++it) {
      std::string valueAt = jsonPointer(paramsAt, it.key());
      std::optional<size_t> slot;
      for (size_t s = 0; s < info.slots.size(); ++s)
        if (info.slots[s].name == it.key())
          slot = s;
      if (!slot) {
        std::vector<std::string_view> names;
        for (const SlotInfo &s : info.slots)
          names.push_back(s.name);
        std::string hint = closestMatch(it.key(), names);
        throw doc_.keyError(valueAt, "op '" + std::string(info.name) + "' has no param " +
                                         quote(it.key()) +
                                         (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
      }
      setParam(nid, *slot, it.value(), valueAt);
    }
  }

  void setParam(NodeId nid, size_t slot, const json &value, const std::string &at) {
    const SlotInfo &info = graph_[nid].info().slots[slot];
    std::string what = "param '" + std::string(info.name) + "' of node '" + graph_[nid].name + "'";
    if (info.kind == SlotKind::Choice) {
      if (!value.is_string())
        jsonFail(doc_, at, what + " must be a string, one of " + std::string(info.choices));
      const std::string &word = value.get_ref<const std::string &>();
      auto index = info.choiceIndex(word);
      if (!index) {
        std::string hint = closestMatch(word, info.choiceList());
        jsonFail(doc_, at,
                 "unknown " + std::string(info.name) + " " + quote(word) + " for " + what +
                     " (one of " + std::string(info.choices) + ")" +
                     (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
      }
      graph_[nid].values[slot] = *index;
    } else if (value.is_string() && !info.isPort()) {
      ParamExpr expr =
          paramExprFromString(doc_, at, value.get_ref<const std::string &>(), info, graph_, what);
      graph_[nid].values[slot] = evaluate(expr, graph_.paramDefaults());
      if (expr.kind != ParamExpr::Kind::Number)
        graph_[nid].bound.push_back({uint32_t(slot), std::move(expr)});
    } else {
      graph_[nid].values[slot] = jsonNumber(doc_, value, at, what);
    }
    graph_[nid].valueLocs[slot] = doc_.at(at);
  }

  NodeId findNode(const std::string &id, const std::string &at) {
    auto it = ids_.find(id);
    if (it != ids_.end())
      return it->second;
    if (auto param = paramNodes_.find(id); param != paramNodes_.end())
      return param->second;
    std::vector<std::string_view> known;
    for (auto &[name, nid] : ids_)
      known.push_back(name);
    for (auto &[name, nid] : paramNodes_)
      known.push_back(name);
    std::string hint = closestMatch(id, known);
    jsonFail(doc_, at,
             "edge names unknown node " + quote(id) +
                 (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
  }

  void readEdge(const json &edge, const std::string &at) {
    if (!edge.is_array() || edge.size() != 2)
      jsonFail(doc_, at,
               "an edge is [from, to], not " + (edge.is_array()
                                                    ? "an array of " + std::to_string(edge.size())
                                                    : std::string(jsonTypeName(edge))));
    std::string fromAt = jsonPointer(at, 0), toAt = jsonPointer(at, 1);
    const std::string &from = jsonString(doc_, edge[0], fromAt, "an edge's source");
    const std::string &to = jsonString(doc_, edge[1], toAt, "an edge's target");
    if (from.find(':') != std::string::npos)
      jsonFail(doc_, fromAt, "an edge's source names a node, not a port: " + quote(from));
    NodeId source = findNode(from, fromAt);
    size_t colon = to.find(':');
    NodeId target = findNode(to.substr(0, colon), toAt);
    const OpInfo &info = graph_[target].info();
    size_t slot = 0;
    if (colon != std::string::npos) {
      std::string port = to.substr(colon + 1);
      auto found = info.findSlot(port);
      if (!found || !info.slots[*found].isPort()) {
        std::vector<std::string_view> ports;
        for (size_t s = 0; s < info.numPorts; ++s)
          ports.push_back(info.slots[s].name);
        std::string hint = closestMatch(port, ports);
        jsonFail(doc_, toAt,
                 (found ? "'" + port + "' of op '" + std::string(info.name) +
                              "' is a const param and cannot be wired"
                        : "op '" + std::string(info.name) + "' has no port " + quote(port) +
                              (hint.empty() ? "" : "; did you mean '" + hint + "'?")));
      }
      slot = *found;
    } else if (info.numPorts == 0) {
      jsonFail(doc_, toAt, "op '" + std::string(info.name) + "' has no ports to wire into");
    }
    sources_[{target, slot}].push_back({source, doc_.at(at)});
  }

  /// Wires every port, summing several sources in edge order with add nodes.
  void wirePorts() {
    for (auto &[key, list] : sources_) {
      auto [target, slot] = key;
      if (graph_[target].valueLocs[slot].known())
        throw doc_.file().error(list[0].second,
                                "port '" + std::string(graph_[target].info().slots[slot].name) +
                                    "' of node '" + graph_[target].name +
                                    "' is both wired and set in \"params\"");
      NodeId sum = list[0].first;
      for (size_t i = 1; i < list.size(); ++i) {
        NodeId add = graph_.addNode(Op::Add, {}, list[i].second);
        graph_[add].inputs[0] = sum;
        graph_[add].inputs[1] = list[i].first;
        sum = add;
      }
      graph_[target].inputs[slot] = sum;
    }
  }

  const JsonDocument &doc_;
  Graph graph_;
  std::map<std::string, NodeId> ids_;
  std::map<std::string, NodeId> paramNodes_;
  std::map<std::pair<NodeId, size_t>, std::vector<std::pair<NodeId, SourceLoc>>> sources_;
};

} // namespace

Result<Graph> parseGraphJson(const JsonDocument &doc) {
  return GraphJsonReader(doc).read();
}

std::string printGraphJson(const Graph &graph) {
  PrintPlan plan(graph);
  // Invent ids in node order; a param node is named by its param.
  auto nameOf = [&](NodeId id) -> std::string {
    return graph[id].op == Op::Param ? graph.params[size_t(graph[id].values[0])].name
                                     : plan.name(id);
  };
  for (NodeId id = 0; id < graph.size(); ++id)
    if (graph[id].op != Op::Param)
      plan.name(id);
  std::string out = "{\n  \"format\": \"" + std::string(kGraphFormat) + "\",\n";
  if (!graph.name.empty())
    out += "  \"name\": " + ordered_json(graph.name).dump() + ",\n";
  out += "  \"sample_rate\": " + jsonValue(graph.sampleRate).dump() + ",\n";
  if (!graph.params.empty()) {
    out += "  \"params\": [";
    ordered_json params = paramsJson(graph);
    for (size_t i = 0; i < params.size(); ++i)
      out += std::string(i ? "," : "") + "\n    " + params[i].dump();
    out += "\n  ],\n";
  }
  out += "  \"nodes\": [";
  std::vector<ordered_json> edges;
  bool firstNode = true;
  for (NodeId id = 0; id < graph.size(); ++id) {
    const Node &n = graph[id];
    if (n.op == Op::Param)
      continue;
    const OpInfo &info = n.info();
    ordered_json node;
    node["id"] = plan.name(id);
    node["type"] = info.name;
    ordered_json params = ordered_json::object();
    for (size_t s = 0; s < info.slots.size(); ++s) {
      const SlotInfo &slot = info.slots[s];
      if (n.wired(s)) {
        std::string to = plan.name(id);
        if (s != 0)
          to += ":" + std::string(slot.name);
        edges.push_back(ordered_json::array({nameOf(n.inputs[s]), to}));
        continue;
      }
      if (const ParamExpr *bound = n.boundExpr(s)) {
        params[std::string(slot.name)] = formatParamExpr(*bound, graph.params);
        continue;
      }
      double v = n.values[s];
      if (std::isnan(v) || (slot.hasDefault() && sameBits(v, slot.defaultValue)))
        continue;
      params[std::string(slot.name)] =
          slot.kind == SlotKind::Choice ? ordered_json(slot.choiceName(v)) : jsonValue(v);
    }
    if (!params.empty())
      node["params"] = params;
    out += std::string(firstNode ? "" : ",") + "\n    " + node.dump();
    firstNode = false;
  }
  out += "\n  ],\n  \"edges\": [";
  for (size_t i = 0; i < edges.size(); ++i)
    out += std::string(i ? "," : "") + "\n    " + edges[i].dump();
  out += edges.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

} // namespace resin
