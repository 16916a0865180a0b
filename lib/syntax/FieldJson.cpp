// Reader and printer for the field JSON form (resin-field/1).
//
// An expression E is "X" | "Y" | "Z" | "T", {"Constant": number}, or an op
// tagged by its JsonTag in the op table: {"Neg": E} (Unary), {"Add": [E, E]}
// (Array) or {"Clamp": {"value": E, "min": E, "max": E}} (Object, keys are
// the slot names or their field keys). Where a port takes an E, a bare number
// is the port's value, as a bare literal argument is in the text form.
//
// Extension (documented in docs/formats.md): "lets": [{"name": N, "expr": E}]
// before "expr", and {"Var": N} to read a let, so a shared subexpression
// stays shared; resin's serializer writes trees, which are read as they are.
// {"Image": N} is the image N (the text form's `image N;`), one per name.
#include "resin/syntax/FieldJson.h"
#include "JsonCommon.h"
#include "ParamJson.h"
#include "PrintPlan.h"
#include "VerifiedRead.h"
#include "resin/support/Format.h"
#include "resin/syntax/GraphJson.h"

#include <cctype>
#include <charconv>
#include <cstdlib>
#include <map>

namespace resin {

using nlohmann::json;
using nlohmann::ordered_json;

namespace {

constexpr std::string_view kVariableTags[4] = {"X", "Y", "Z", "T"};

class FieldJsonReader {
public:
  explicit FieldJsonReader(const JsonDocument &doc) : doc_(doc) { graph_.kind = GraphKind::Field; }

  Result<Graph> read() {
    auto format = jsonFormat(doc_);
    if (!format)
      return format.takeErrors();
    if (*format != kFieldFormat && *format != kFieldExprFormat)
      return doc_.error("/format", "expected \"" + std::string(kFieldFormat) + "\" here");
    return readVerified(graph_, doc_.file().name(), [&] {
      if (*format == kFieldExprFormat)
        readBare();
      else
        readRoot();
    });
  }

private:
  void readRoot() {
    const json &root = doc_.root;
    jsonOnlyKeys(doc_, root, "", {"format", "name", "params", "lets", "expr"},
                 "a resin-field/1 document");
    if (root.contains("name"))
      graph_.name = jsonString(doc_, root["name"], "/name", "\"name\"");
    readParamsSection(doc_, root, graph_);
    for (uint32_t i = 0; i < graph_.params.size(); ++i) {
      // A param is read as {"Var": NAME}, through one param node.
      NodeId id = graph_.addNode(Op::Param, {}, graph_.params[i].loc);
      graph_[id].values[0] = double(i);
      lets_.emplace(graph_.params[i].name, id);
    }
    if (root.contains("lets")) {
      const json &lets = jsonArray(doc_, root, "/lets", "lets");
      for (size_t i = 0; i < lets.size(); ++i)
        readLet(lets[i], jsonPointer("/lets", i));
    }
    if (!root.contains("expr"))
      jsonFail(doc_, "", "missing \"expr\" (the field's expression)");
    const json &expr = root["expr"];
    if (!expr.is_array()) {
      NodeId out = graph_.addNode(Op::Output, {}, doc_.at("/expr"));
      bindPort(out, 0, expr, "/expr");
      return;
    }
    // A colour: [R, G, B] or [R, G, B, A], the text form's `output r, g, b[, a]`.
    if (expr.size() != 3 && expr.size() != 4)
      jsonFail(doc_, "/expr",
               "a colour \"expr\" is an array of 3 or 4 expressions (R, G, B[, A]), not " +
                   std::to_string(expr.size()));
    for (size_t c = 0; c < expr.size(); ++c) {
      std::string at = jsonPointer("/expr", c);
      NodeId out = graph_.addNode(Op::Output, {}, doc_.at(at));
      graph_[out].values[1] = double(c);
      bindPort(out, 0, expr[c], at);
    }
  }

  /// resin's bare FieldExpr: the whole document is the expression.
  void readBare() {
    NodeId out = graph_.addNode(Op::Output, {}, doc_.at(""));
    graph_[out].inputs[0] = lower(doc_.root, "");
  }

  void readLet(const json &let, const std::string &at) {
    if (!let.is_object())
      jsonFail(doc_, at,
               "a let is {\"name\": N, \"expr\": E}, not " + std::string(jsonTypeName(let)));
    jsonOnlyKeys(doc_, let, at, {"name", "expr"}, "a let");
    if (!let.contains("name") || !let.contains("expr"))
      jsonFail(doc_, at, "a let needs \"name\" and \"expr\"");
    std::string nameAt = jsonPointer(at, "name");
    const std::string &name = jsonString(doc_, let["name"], nameAt, "a let's name");
    if (!isIdentifier(name))
      jsonFail(doc_, nameAt, "let name " + quote(name) + " is not a name ([A-Za-z_][A-Za-z0-9_]*)");
    for (std::string_view v : kFieldVariables)
      if (name == v)
        jsonFail(doc_, nameAt, "cannot bind " + quote(name) + ": x, y, z and t are the inputs");
    if (lets_.count(name))
      jsonFail(doc_, nameAt, "let " + quote(name) + " is already bound");
    std::string exprAt = jsonPointer(at, "expr");
    if (let["expr"].is_number())
      jsonFail(doc_, exprAt,
               "a let's expr is an expression; write {\"Constant\": " + let["expr"].dump() + "}");
    NodeId id = lower(let["expr"], exprAt);
    if (!let["expr"].is_string() && !(let["expr"].is_object() && (let["expr"].contains("Var") ||
                                                                  let["expr"].contains("Image"))))
      graph_[id].name = name;
    lets_.emplace(name, id);
  }

  void bindPort(NodeId node, size_t slot, const json &value, const std::string &at) {
    if (value.is_number()) {
      graph_[node].values[slot] = value.get<double>();
      graph_[node].valueLocs[slot] = doc_.at(at);
      return;
    }
    NodeId from = lower(value, at);
    graph_[node].inputs[slot] = from;
  }

  NodeId variable(size_t channel, const std::string &at) {
    if (variables_[channel] == kNoNode) {
      variables_[channel] =
          graph_.addNode(Op::Input, std::string(kFieldVariables[channel]), doc_.at(at));
      graph_[variables_[channel]].values[0] = double(channel);
    }
    return variables_[channel];
  }

  NodeId lower(const json &e, const std::string &at) {
    if (e.is_string()) {
      const std::string &name = e.get_ref<const std::string &>();
      for (size_t c = 0; c < 4; ++c)
        if (name == kVariableTags[c])
          return variable(c, at);
      jsonFail(doc_, at,
               "unknown variable " + quote(name) + " (one of \"X\", \"Y\", \"Z\", \"T\")");
    }
    if (!e.is_object() || e.size() != 1)
      jsonFail(doc_, at,
               "an expression is \"X\", \"Y\", \"Z\", \"T\" or an object with one tag "
               "such as {\"Add\": [E, E]}, not " +
                   (e.is_object() ? "an object with " + std::to_string(e.size()) + " keys"
                                  : std::string(jsonTypeName(e))));
    const std::string &tag = e.begin().key();
    const json &body = e.begin().value();
    std::string bodyAt = jsonPointer(at, tag);
    if (tag == "Var")
      return readVar(body, bodyAt);
    if (tag == "Image")
      return readImage(body, bodyAt);
    auto op = findOpByJsonTag(tag);
    if (!op) {
      std::vector<std::string_view> tags{"Var"};
      for (const OpInfo &info : allOps())
        if (!info.jsonTag.empty())
          tags.push_back(info.jsonTag);
      std::string hint = closestMatch(tag, tags);
      throw doc_.keyError(bodyAt, "unknown expression tag " + quote(tag) +
                                      (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
    }
    const OpInfo &info = opInfo(*op);
    if (*op == Op::Const) {
      NodeId id = graph_.addNode(Op::Const, {}, doc_.at(at));
      graph_[id].values[0] = jsonNumber(doc_, body, bodyAt, "\"Constant\"");
      graph_[id].valueLocs[0] = doc_.at(bodyAt);
      return id;
    }
    switch (info.jsonShape) {
    case JsonShape::Unary:
      return build(*op, at, {{0, &body, bodyAt}});
    case JsonShape::Array: {
      if (!body.is_array() || body.size() != info.numPorts)
        jsonFail(doc_, bodyAt,
                 quote(tag) + " takes an array of " + std::to_string(info.numPorts) +
                     " expressions");
      std::vector<Slot> slots;
      for (size_t i = 0; i < body.size(); ++i)
        slots.push_back({i, &body[i], jsonPointer(bodyAt, i)});
      return build(*op, at, slots);
    }
    case JsonShape::Object:
      return readObject(*op, tag, body, at, bodyAt);
    case JsonShape::Leaf:
      break;
    }
    jsonFail(doc_, at, "tag " + quote(tag) + " cannot appear here");
  }

  NodeId readVar(const json &body, const std::string &at) {
    const std::string &name = jsonString(doc_, body, at, "\"Var\"");
    auto it = lets_.find(name);
    if (it != lets_.end())
      return it->second;
    const json &root = doc_.root;
    if (root.contains("lets") && root["lets"].is_array())
      for (const json &let : root["lets"])
        if (let.is_object() && let.contains("name") && let["name"] == name)
          jsonFail(doc_, at, quote(name) + " is used before it is bound");
    return freeVariable(name, at);
  }

  /// {"Image": NAME}: the image NAME, one node per name (the text form's
  /// `image NAME;`), bound by --image NAME=FILE.
  NodeId readImage(const json &body, const std::string &at) {
    const std::string &name = jsonString(doc_, body, at, "\"Image\"");
    if (auto it = images_.find(name); it != images_.end())
      return it->second;
    if (!isIdentifier(name))
      jsonFail(doc_, at,
               "image name " + quote(name) +
                   " is not a name ([A-Za-z_][A-Za-z0-9_]*); resinc's text form and --image "
                   "need one");
    if (lets_.count(name) || free_.count(name))
      jsonFail(doc_, at, quote(name) + " names both an image and a variable");
    NodeId id = graph_.addNode(Op::Image, name, doc_.at(at));
    images_.emplace(name, id);
    return id;
  }

  /// resin's Var that no let binds: a free variable, one node per name,
  /// whose value --set gives (0 when unbound).
  NodeId freeVariable(const std::string &name, const std::string &at) {
    if (auto it = free_.find(name); it != free_.end())
      return it->second;
    if (!isIdentifier(name))
      jsonFail(doc_, at,
               "variable name " + quote(name) +
                   " is not a name ([A-Za-z_][A-Za-z0-9_]*); resinc's text form and --set "
                   "need one");
    for (std::string_view v : kFieldVariables)
      if (name == v)
        jsonFail(doc_, at,
                 "a variable cannot be named " + quote(name) +
                     ": x, y, z and t are the inputs (resin's \"X\", \"Y\", \"Z\", \"T\")");
    NodeId id = graph_.addNode(Op::Var, name, doc_.at(at));
    free_.emplace(name, id);
    return id;
  }

  struct Slot {
    size_t index;
    const json *value;
    std::string at;
  };

  NodeId readObject(Op op, const std::string &tag, const json &body, const std::string &at,
                    const std::string &bodyAt) {
    const OpInfo &info = opInfo(op);
    if (!body.is_object())
      jsonFail(doc_, bodyAt,
               quote(tag) + " takes an object of named arguments, not " +
                   std::string(jsonTypeName(body)));
    std::vector<Slot> slots;
    for (auto it = body.begin(); it != body.end(); ++it) {
      std::optional<size_t> slot;
      for (size_t s = 0; s < info.slots.size(); ++s)
        if (info.slots[s].jsonKey() == it.key() || info.slots[s].name == it.key())
          slot = s;
      if (!slot) {
        std::vector<std::string_view> keys;
        for (const SlotInfo &s : info.slots)
          keys.push_back(s.jsonKey());
        std::string hint = closestMatch(it.key(), keys);
        throw doc_.keyError(jsonPointer(bodyAt, it.key()),
                            quote(tag) + " has no argument " + quote(it.key()) +
                                (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
      }
      slots.push_back({*slot, &it.value(), jsonPointer(bodyAt, it.key())});
    }
    return build(op, at, slots);
  }

  NodeId build(Op op, const std::string &at, const std::vector<Slot> &given) {
    const OpInfo &info = opInfo(op);
    // Children first, so node order follows evaluation order.
    std::vector<NodeId> wires(info.slots.size(), kNoNode);
    for (const Slot &s : given)
      if (info.slots[s.index].isPort() && !s.value->is_number())
        wires[s.index] = lower(*s.value, s.at);
    NodeId id = graph_.addNode(op, {}, doc_.at(at));
    std::vector<bool> seen(info.slots.size(), false);
    for (const Slot &s : given) {
      const SlotInfo &slot = info.slots[s.index];
      seen[s.index] = true;
      if (slot.isPort()) {
        if (wires[s.index] != kNoNode)
          graph_[id].inputs[s.index] = wires[s.index];
        else
          bindPort(id, s.index, *s.value, s.at);
      } else if (slot.kind == SlotKind::Choice) {
        const std::string &word = jsonString(doc_, *s.value, s.at, std::string(slot.name));
        auto index = slot.choiceIndex(word);
        if (!index)
          jsonFail(doc_, s.at,
                   "unknown " + std::string(slot.name) + " " + quote(word) + " (one of " +
                       std::string(slot.choices) + ")");
        graph_[id].values[s.index] = *index;
        graph_[id].valueLocs[s.index] = doc_.at(s.at);
      } else {
        graph_[id].values[s.index] = jsonNumber(doc_, *s.value, s.at, std::string(slot.name));
        graph_[id].valueLocs[s.index] = doc_.at(s.at);
      }
    }
    for (size_t s = 0; s < info.slots.size(); ++s)
      if (!seen[s] && slotRequired(op, s, graph_[id].values))
        jsonFail(doc_, at,
                 quote(std::string(info.jsonTag)) + " is missing its argument '" +
                     std::string(info.slots[s].jsonKey()) + "'");
    return id;
  }

  const JsonDocument &doc_;
  Graph graph_;
  NodeId variables_[4] = {kNoNode, kNoNode, kNoNode, kNoNode};
  std::map<std::string, NodeId> lets_;
  std::map<std::string, NodeId> free_;
  std::map<std::string, NodeId> images_;
};

class FieldJsonPrinter {
public:
  explicit FieldJsonPrinter(const Graph &g) : g_(g), plan_(g) {}

  /// One member a line; each let and the expression on one line of their own.
  std::string print() {
    std::string out = "{\n  \"format\": \"" + std::string(kFieldFormat) + "\",\n";
    if (!g_.name.empty())
      out += "  \"name\": " + ordered_json(g_.name).dump() + ",\n";
    if (!g_.params.empty())
      out += "  \"params\": " + paramsJson(g_).dump() + ",\n";
    std::vector<NodeId> lets;
    for (NodeId id : plan_.dependencyOrder())
      // A free variable is written {"Var": N} where it is read, an image {"Image": N}.
      if (g_[id].op != Op::Var && g_[id].op != Op::Image)
        lets.push_back(id);
    if (!lets.empty()) {
      out += "  \"lets\": [";
      for (size_t i = 0; i < lets.size(); ++i) {
        NodeId id = lets[i];
        ordered_json let{{"name", plan_.name(id)},
                         {"expr", plan_.isVariable(id) ? reference(id) : body(id)}};
        out += std::string(i ? "," : "") + "\n    " + let.dump();
      }
      out += "\n  ],\n";
    }
    std::vector<NodeId> outputs = g_.outputsByChannel();
    ordered_json expr = outputs.empty() ? ordered_json(0) : port(outputs[0], 0);
    if (outputs.size() > 1) { // a colour: [R, G, B] or [R, G, B, A]
      expr = ordered_json::array();
      for (NodeId out : outputs)
        expr.push_back(port(out, 0));
    }
    return out + "  \"expr\": " + expr.dump() + "\n}\n";
  }

private:
  ordered_json reference(NodeId id) {
    if (g_[id].op == Op::Param)
      return ordered_json{{"Var", g_.params[size_t(g_[id].values[0])].name}};
    if (plan_.isVariable(id))
      return kVariableTags[size_t(g_[id].value("channel"))];
    if (g_[id].op == Op::Image)
      return ordered_json{{"Image", g_[id].name}};
    if (plan_.isStatement(id))
      return ordered_json{{"Var", plan_.name(id)}};
    return body(id);
  }

  ordered_json port(NodeId id, size_t slot) {
    const Node &n = g_[id];
    return n.wired(slot) ? reference(n.inputs[slot]) : jsonValue(n.values[slot]);
  }

  ordered_json body(NodeId id) {
    const Node &n = g_[id];
    const OpInfo &info = n.info();
    std::string tag(info.jsonTag);
    if (n.op == Op::Const)
      return ordered_json{{tag, jsonValue(n.values[0])}};
    switch (info.jsonShape) {
    case JsonShape::Unary:
      return ordered_json{{tag, port(id, 0)}};
    case JsonShape::Array: {
      ordered_json items = ordered_json::array();
      for (size_t s = 0; s < info.numPorts; ++s)
        items.push_back(port(id, s));
      return ordered_json{{tag, items}};
    }
    default: {
      ordered_json args = ordered_json::object();
      for (size_t s = 0; s < info.slots.size(); ++s) {
        const SlotInfo &slot = info.slots[s];
        double v = n.values[s];
        std::string key(slot.jsonKey());
        if (slot.isPort() && (n.wired(s) || !slot.hasDefault() || !sameBits(v, slot.defaultValue)))
          args[key] = port(id, s);
        else if (!slot.isPort() && !std::isnan(v) &&
                 !(slot.hasDefault() && sameBits(v, slot.defaultValue)))
          args[key] =
              slot.kind == SlotKind::Choice ? ordered_json(slot.choiceName(v)) : jsonValue(v);
      }
      return ordered_json{{tag, args}};
    }
    }
  }

  const Graph &g_;
  PrintPlan plan_;
};

/// resin's FieldExpr (crates/unshape-expr-field) written as serde_json
/// writes it. Every node is written out where it is read (FieldExpr is a
/// tree); a value FieldExpr holds as an f32 field (px, radius, k, the box
/// half extents) must be a number, and ops or params resin does not have
/// are errors naming the node.
class ResinPrinter {
public:
  ResinPrinter(const Graph &g, const std::string &file) : g_(g), file_(file) {}

  Result<std::string> print() {
    std::vector<NodeId> outputs = g_.outputsByChannel();
    if (!g_.isField() || outputs.size() != 1)
      return Diagnostic{
          file_, {}, "--emit resin writes fields of one value only (resin's FieldExpr)"};
    try {
      return port(outputs[0], 0).dump() + "\n";
    } catch (Diagnostic &d) {
      return d;
    }
  }

private:
  // Tree expansion of shared nodes is bounded: a DAG can be exponentially
  // larger as a tree.
  static constexpr size_t kMaxTreeNodes = 1000000;

  [[noreturn]] void fail(const Node &n, const std::string &message) const {
    throw Diagnostic{file_, n.loc, message};
  }

  /// f32 text as Rust writes it: the shortest decimal that reads back as
  /// the same float, stored as the double it names (printed the same way).
  static ordered_json f32(double v) {
    char text[32];
    auto [end, ec] = std::to_chars(text, text + sizeof text, float(v));
    (void)ec;
    return ordered_json(std::strtod(std::string(text, end).c_str(), nullptr));
  }

  static ordered_json constant(double v) { return ordered_json{{"Constant", f32(v)}}; }

  ordered_json port(NodeId id, size_t slot) {
    const Node &n = g_[id];
    return n.wired(slot) ? expr(n.inputs[slot]) : constant(n.values[slot]);
  }

  ordered_json binary(const char *tag, ordered_json a, ordered_json b) {
    ordered_json items = ordered_json::array();
    items.push_back(std::move(a));
    items.push_back(std::move(b));
    return ordered_json{{tag, std::move(items)}};
  }

  void requireDefault(const Node &n, std::string_view slot) {
    const OpInfo &info = n.info();
    size_t s = *info.findSlot(slot);
    if (!sameBits(n.values[s], info.slots[s].defaultValue))
      fail(n, "resin's " + std::string(info.jsonTag) + " has no '" + std::string(slot) +
                  "' (it is " + formatNumber(info.slots[s].defaultValue) + " there); " +
                  std::string(info.name) + " with " + std::string(slot) + " " +
                  formatNumber(n.values[s]) + " cannot be written with --emit resin");
  }

  /// Slots that resin's FieldExpr holds as f32 numbers, not expressions.
  static bool isF32Field(std::string_view key) {
    for (std::string_view k : {"px", "py", "pz", "radius", "half_width", "half_height", "half_x",
                               "half_y", "half_z", "k"})
      if (key == k)
        return true;
    return false;
  }

  ordered_json expr(NodeId id) {
    if (++written_ > kMaxTreeNodes)
      fail(g_[id], "written out as resin's FieldExpr tree this field has more than " +
                       std::to_string(kMaxTreeNodes) + " nodes");
    const Node &n = g_[id];
    const OpInfo &info = n.info();
    switch (n.op) {
    case Op::Input:
      return kVariableTags[size_t(n.value("channel"))];
    case Op::Const:
      return constant(n.values[0]);
    case Op::Var:
      return ordered_json{{"Var", n.name}};
    case Op::Param: // resin has no params: its Var is the nearest, a value bound at eval
      return ordered_json{{"Var", g_.params[size_t(n.values[0])].name}};
    case Op::Pass:
      return port(id, 0);
    case Op::Gain:
      return binary("Mul", port(id, 0), port(id, 1));
    case Op::Offset:
      return binary("Add", port(id, 0), port(id, 1));
    case Op::Affine:
      return binary("Add", binary("Mul", port(id, 0), port(id, 1)), port(id, 2));
    case Op::Perlin2:
    case Op::Perlin3:
    case Op::Simplex2:
    case Op::Simplex3:
      requireDefault(n, "seed");
      break;
    case Op::Fbm2:
    case Op::Fbm3:
      for (std::string_view slot : {"lacunarity", "gain", "basis", "seed"})
        requireDefault(n, slot);
      break;
    default:
      break;
    }
    if (!isResinVariant(info.jsonTag))
      fail(n, "'" + std::string(info.name) +
                  "' has no counterpart in resin's FieldExpr; --emit resin cannot write it "
                  "(--emit json can)");
    std::string tag(info.jsonTag);
    switch (info.jsonShape) {
    case JsonShape::Unary:
      return ordered_json{{tag, port(id, 0)}};
    case JsonShape::Array:
      return binary(tag.c_str(), port(id, 0), port(id, 1));
    default:
      break;
    }
    ordered_json fields = ordered_json::object();
    for (size_t s = 0; s < info.slots.size(); ++s) {
      const SlotInfo &slot = info.slots[s];
      std::string key(slot.jsonKey());
      if (slot.isPort() && isF32Field(key)) {
        if (n.wired(s))
          fail(n, "resin's " + tag + " takes a number for '" + key +
                      "', not an expression; --emit resin cannot write this one");
        fields[key] = f32(n.values[s]);
      } else if (slot.isPort()) {
        fields[key] = port(id, s);
      } else if (key == "octaves") {
        fields[key] = uint32_t(n.values[s]);
      }
    }
    return ordered_json{{tag, std::move(fields)}};
  }

  /// The variant names of resin's FieldExpr that resinc's ops carry as
  /// their JSON tag (Var, X..T and the rewritten affine family aside).
  static bool isResinVariant(std::string_view tag) {
    static constexpr std::string_view kVariants[] = {"Constant",
                                                     "Add",
                                                     "Sub",
                                                     "Mul",
                                                     "Div",
                                                     "Mod",
                                                     "Pow",
                                                     "Neg",
                                                     "Perlin2",
                                                     "Perlin3",
                                                     "Simplex2",
                                                     "Simplex3",
                                                     "Fbm2",
                                                     "Fbm3",
                                                     "Distance2",
                                                     "Distance3",
                                                     "Length2",
                                                     "Length3",
                                                     "SdfCircle",
                                                     "SdfSphere",
                                                     "SdfBox2",
                                                     "SdfBox3",
                                                     "SdfSmoothUnion",
                                                     "SdfSmoothIntersection",
                                                     "SdfSmoothSubtraction",
                                                     "Sin",
                                                     "Cos",
                                                     "Tan",
                                                     "Abs",
                                                     "Floor",
                                                     "Ceil",
                                                     "Fract",
                                                     "Sqrt",
                                                     "Exp",
                                                     "Ln",
                                                     "Sign",
                                                     "Min",
                                                     "Max",
                                                     "Clamp",
                                                     "Lerp",
                                                     "SmoothStep",
                                                     "Step",
                                                     "IfThenElse",
                                                     "Gt",
                                                     "Lt",
                                                     "Eq"};
    for (std::string_view v : kVariants)
      if (tag == v)
        return true;
    return false;
  }

  const Graph &g_;
  const std::string &file_;
  size_t written_ = 0;
};

} // namespace

Result<Graph> parseFieldJson(const JsonDocument &doc) {
  return FieldJsonReader(doc).read();
}

std::string printFieldJson(const Graph &graph) {
  return FieldJsonPrinter(graph).print();
}

Result<std::string> printResinFieldExpr(const Graph &graph, const std::string &file) {
  return ResinPrinter(graph, file).print();
}

} // namespace resin
