// Resource limits (support/Limits.h, docs/reliability.md): each limit just
// under and just over, in every form that can hit it, with the default and
// with the limit set through its RESIN_LIMIT_* variable; a malformed setting
// is an error; and nesting at the ceiling of the depth limits runs through
// the whole pipeline (parse, passes, printers, engines) without exhausting
// the stack.
#include "TestUtil.h"

#include "resin/engine/Engine.h"
#include "resin/ir/Verifier.h"
#include "resin/passes/PassManager.h"
#include "resin/registry/EngineRegistry.h"
#include "resin/support/Limits.h"
#include "resin/syntax/FieldJson.h"
#include "resin/syntax/GraphJson.h"
#include "resin/syntax/TextPrinter.h"

#include <pthread.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <string>

#if defined(__SANITIZE_ADDRESS__)
#define RESIN_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RESIN_TEST_ASAN 1
#endif
#endif

namespace resin::test {

namespace {

/// Sets a limit's variable for the scope (and re-reads the limits), then
/// puts back what was there before.
class LimitSetting {
public:
  LimitSetting(Limit limit, const std::string &value) : variable_(limitInfo(limit).variable) {
    if (const char *old = std::getenv(variable_.c_str()))
      old_ = old;
    setenv(variable_.c_str(), value.c_str(), 1);
    reloadLimits();
  }
  LimitSetting(const LimitSetting &) = delete;
  LimitSetting &operator=(const LimitSetting &) = delete;
  ~LimitSetting() {
    if (old_)
      setenv(variable_.c_str(), old_->c_str(), 1);
    else
      unsetenv(variable_.c_str());
    reloadLimits();
  }

private:
  std::string variable_;
  std::optional<std::string> old_;
};

std::string repeat(const std::string &s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i)
    out += s;
  return out;
}

/// A graph of exactly `nodes` nodes: an input, a chain of gains, an output.
std::string graphOfNodes(int nodes) {
  std::string text = "input x\na0 = gain(x, 0.5)\n";
  for (int i = 1; i < nodes - 2; ++i)
    text += "a" + std::to_string(i) + " = gain(a" + std::to_string(i - 1) + ", 0.5)\n";
  return text + "output a" + std::to_string(nodes - 3) + "\n";
}

/// The same as JSON: nodes and edges.
std::string jsonOfNodes(int nodes) {
  std::string list = R"({"id": "x", "type": "input"}, {"id": "o", "type": "output"})";
  std::string edges;
  std::string previous = "x";
  for (int i = 0; i < nodes - 2; ++i) {
    std::string id = "a" + std::to_string(i);
    list += R"(, {"id": ")" + id + R"(", "type": "gain", "params": {"gain": 0.5}})";
    edges += "[\"" + previous + "\", \"" + id + "\"], ";
    previous = id;
  }
  edges += "[\"" + previous + "\", \"o\"]";
  return R"({"format": "resin-graph/1", "nodes": [)" + list + R"(], "edges": [)" + edges + "]}";
}

/// A field whose result is `depth` levels deep (`x` is one level) in the
/// given nesting form.
std::string nestedField(const std::string &form, int depth) {
  int n = depth - 1;
  if (form == "parens") // each pair is a level of the parser, not of the tree
    return repeat("(", depth - 1) + "x" + repeat(")", depth - 1);
  if (form == "calls")
    return repeat("sin(", n) + "x" + repeat(")", n);
  if (form == "unary")
    return repeat("-", n) + "x";
  if (form == "power")
    return repeat("x ^ ", n) + "x";
  if (form == "sum")
    return "x" + repeat(" + x", n);
  if (form == "select")
    return repeat("x ? x : ", n) + "x";
  FAIL("unknown form " << form);
  return {};
}

/// JSON nested `depth` containers deep: the root object, then Neg objects.
std::string nestedJson(int depth) {
  return R"({"format": "resin-field/1", "expr": )" + repeat(R"({"Neg": )", depth - 1) + R"("X")" +
         repeat("}", depth - 1) + "}";
}

const char *const kForms[] = {"parens", "calls", "unary", "power", "sum", "select"};

/// Runs `fn` on a thread with a 1 MiB stack (4 MiB under AddressSanitizer,
/// whose frames are larger) and waits for it.
void onSmallStack(const std::function<void()> &fn) {
#ifdef RESIN_TEST_ASAN
  constexpr size_t kStack = size_t(4) << 20;
#else
  constexpr size_t kStack = size_t(1) << 20;
#endif
  pthread_attr_t attr;
  REQUIRE(pthread_attr_init(&attr) == 0);
  REQUIRE(pthread_attr_setstacksize(&attr, kStack) == 0);
  pthread_t thread;
  auto start = [](void *arg) -> void * {
    (*static_cast<const std::function<void()> *>(arg))();
    return nullptr;
  };
  REQUIRE(pthread_create(&thread, &attr, start, const_cast<std::function<void()> *>(&fn)) == 0);
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attr);
}

std::string tempPath(const std::string &name) {
  return (std::filesystem::temp_directory_path() /
          ("resin-limit-test-" + std::to_string(getpid()) + "-" + name))
      .string();
}

} // namespace

TEST_CASE("limits: the table, and the message that names the limit and how to raise it") {
  for (const LimitInfo &info : kLimits) {
    CHECK(&limitInfo(info.limit) == &info);
    CHECK(limitValue(info.limit) == info.defaultValue);
    CHECK(info.defaultValue <= info.ceiling);
    CHECK(withinLimit(info.limit, info.defaultValue));
    CHECK_FALSE(withinLimit(info.limit, info.defaultValue + 1));
  }
  CHECK(limitMessage(Limit::Nodes, "graph has 100002 nodes", 100002) ==
        "graph has 100002 nodes; the limit is 100000 nodes; raise it with "
        "RESIN_LIMIT_NODES=100002 (docs/reliability.md)");
  CHECK(raiseHint(Limit::ExprDepth, 0) ==
        "raise it with RESIN_LIMIT_EXPR_DEPTH (at most 2000; docs/reliability.md)");
  CHECK(contains(raiseHint(Limit::Nodes, int64_t(1) << 30),
                 "cannot be raised that far: the largest value RESIN_LIMIT_NODES may set is "
                 "16777216"));
}

TEST_CASE("limits: a malformed RESIN_LIMIT_* value fails every check of its limit") {
  for (std::string bad : {"abc", "0", "-5", " 7", "7x", "", "99999999999999999999", "16777217"}) {
    INFO("RESIN_LIMIT_NODES=" << bad);
    LimitSetting setting(Limit::Nodes, bad);
    CHECK(limitValue(Limit::Nodes) == 100000); // the default stays in force
    CHECK_FALSE(withinLimit(Limit::Nodes, 1));
    std::string error = firstError(graphOfNodes(5), SourceFormat::GraphText);
    CHECK(contains(error, "the limit cannot be read: RESIN_LIMIT_NODES="));
    CHECK(contains(error, "is not a whole number from 1 to 16777216"));
  }
  LimitSetting ok(Limit::Nodes, "16777216"); // the ceiling itself is allowed
  CHECK(limitValue(Limit::Nodes) == 16777216);
}

TEST_CASE("limits: nodes, just under and just over, in graph text, graph JSON and fields") {
  LimitSetting setting(Limit::Nodes, "50");
  CHECK(parseOk(graphOfNodes(50), SourceFormat::GraphText).size() == 50);
  CHECK(firstError(graphOfNodes(51), SourceFormat::GraphText) ==
        "test:1:1: graph has 51 nodes; the limit is 50 nodes; raise it with "
        "RESIN_LIMIT_NODES=51 (docs/reliability.md)");
  CHECK(parseOk(jsonOfNodes(50), SourceFormat::Json).size() == 50);
  CHECK(contains(firstError(jsonOfNodes(51), SourceFormat::Json),
                 "graph has 51 nodes; the limit is 50 nodes; raise it with RESIN_LIMIT_NODES=51"));
  // 52 statements are refused while reading, before any node is made.
  CHECK(contains(firstError(graphOfNodes(54), SourceFormat::GraphText),
                 "too many statements; the limit is 50 nodes; raise it with RESIN_LIMIT_NODES"));
  // A field: x and sin nodes; lowering stops at the limit.
  std::string error = firstError(nestedField("calls", 60), SourceFormat::FieldText);
  CHECK(contains(error, "too many nodes; the limit is 50 nodes; raise it with RESIN_LIMIT_NODES"));
  // The JSON value count follows the node limit: 10 values per node.
  // The root, the format string, the array and its elements: 500 values, then 501.
  std::string values = R"({"format": "resin-graph/1", "junk": [0)" + repeat(",0", 496) + "]}";
  CHECK(contains(firstError(values, SourceFormat::Json), "unknown key 'junk'"));
  values = R"({"format": "resin-graph/1", "junk": [0)" + repeat(",0", 497) + "]}";
  CHECK(contains(firstError(values, SourceFormat::Json),
                 "JSON document has more than 500 values (10 per node allowed); the limit is 50 "
                 "nodes"));
}

TEST_CASE("limits: expression depth (default 1000), just under and just over, every nesting "
          "form, graphs and fields") {
  for (const char *form : kForms) {
    INFO("form " << form);
    CHECK(firstError(nestedField(form, 1000), SourceFormat::FieldText) == "");
    std::string error = firstError(nestedField(form, 1001), SourceFormat::FieldText);
    CHECK(contains(error, "expression nested too deeply (the limit is 1000 levels); raise it "
                          "with RESIN_LIMIT_EXPR_DEPTH (at most 2000"));
    std::string graph = "input x\noutput " + nestedField(form, 1000) + "\n";
    CHECK(firstError(graph, SourceFormat::GraphText) == "");
    graph = "input x\noutput " + nestedField(form, 1001) + "\n";
    CHECK(contains(firstError(graph, SourceFormat::GraphText), "expression nested too deeply"));
  }
  // The pipe: each -> is a level.
  std::string pipe = "input x\noutput x" + repeat(" -> neg()", 999) + "\n";
  CHECK(firstError(pipe, SourceFormat::GraphText) == "");
  pipe = "input x\noutput x" + repeat(" -> neg()", 1000) + "\n";
  CHECK(contains(firstError(pipe, SourceFormat::GraphText), "expression nested too deeply"));
  // Raised: 1001 is fine, 1002 is not.
  LimitSetting setting(Limit::ExprDepth, "1001");
  CHECK(firstError(nestedField("calls", 1001), SourceFormat::FieldText) == "");
  CHECK(contains(firstError(nestedField("calls", 1002), SourceFormat::FieldText),
                 "the limit is 1001 levels"));
}

TEST_CASE("limits: JSON depth (default 512), just under and just over, and raised") {
  CHECK(firstError(nestedJson(512), SourceFormat::Json) == "");
  CHECK(contains(firstError(nestedJson(513), SourceFormat::Json),
                 "JSON nested too deeply (the limit is 512 levels); raise it with "
                 "RESIN_LIMIT_JSON_DEPTH (at most 2000"));
  LimitSetting setting(Limit::JsonDepth, "600");
  CHECK(firstError(nestedJson(600), SourceFormat::Json) == "");
  CHECK(contains(firstError(nestedJson(601), SourceFormat::Json), "the limit is 600 levels"));
}

TEST_CASE("limits: nesting at the ceiling of both depth limits goes through the whole pipeline "
          "without exhausting the stack") {
#ifdef RESIN_TEST_ASAN
  // The ceilings are measured for plain builds (about 2.2 KiB of stack per
  // level); a sanitizer's frames are several times larger.
  MESSAGE("skipped under AddressSanitizer");
  return;
#endif
  LimitSetting exprDepth(Limit::ExprDepth, "2000");
  LimitSetting jsonDepth(Limit::JsonDepth, "2000");
  std::vector<std::pair<std::string, Graph>> subjects;
  for (const char *form : kForms) {
    CHECK(contains(firstError(nestedField(form, 2001), SourceFormat::FieldText),
                   "it cannot be raised that far"));
    subjects.push_back(
        {std::string("field ") + form, parseOk(nestedField(form, 2000), SourceFormat::FieldText)});
    subjects.push_back(
        {std::string("graph ") + form,
         parseOk("input x\noutput " + nestedField(form, 2000) + "\n", SourceFormat::GraphText)});
  }
  subjects.push_back({"json", parseOk(nestedJson(2000), SourceFormat::Json)});
  CHECK(contains(firstError(nestedJson(2001), SourceFormat::Json), "cannot be raised that far"));
  for (auto &[name, graph] : subjects) {
    INFO(name);
    // Printers: text and JSON, each read back (they split deep trees).
    std::string text = graph.isField() ? printFieldText(graph) : printGraphText(graph);
    std::string json = graph.isField() ? printFieldJson(graph) : printGraphJson(graph);
    CHECK(parse(text, graph.isField() ? SourceFormat::FieldText : SourceFormat::GraphText));
    CHECK(parse(json, SourceFormat::Json));
    Graph optimized = graph;
    REQUIRE(runPipeline(optimized, pipelineForLevel(3)));
    // The JIT too, but not for 2000 nested sin or pow: LLVM takes tens of
    // seconds over them (a cost in time, not in stack).
    bool costly = contains(name, "calls") || contains(name, "power");
    for (std::string_view engine : {"interp", "native", "jit"}) {
      INFO(engine);
      if (engine == "jit" && costly)
        continue;
      if (graph.isField()) {
        auto field = makeFieldEvaluator(engine, optimized);
        REQUIRE(field);
        (void)(*field)->eval(0.25f, 0.5f, 0.0f, 0.0f);
      } else {
        auto audio = makeAudioProcessor(engine, optimized);
        REQUIRE(audio);
        float in[8] = {0.1f, 0.2f}, out[8];
        const float *inputs[] = {in};
        float *outputs[] = {out};
        (*audio)->process(inputs, outputs, 8);
      }
    }
  }
}

TEST_CASE("limits: total delay memory, just under and just over, and raised") {
  CHECK(firstError("input x\noutput delay(x, 16777216) + delay(x, 16777216) + "
                   "delay(x, 16777216) + delay(x, 16777216)\n",
                   SourceFormat::GraphText) == "");
  CHECK(firstError("input x\noutput delay(x, 16777216) + delay(x, 16777216) + "
                   "delay(x, 16777216) + delay(x, 16777215) + vdelay(x, 1, max=1)\n",
                   SourceFormat::GraphText) ==
        "test:2:92: delay lines need 67108865 samples in all; the limit is 67108864 samples; "
        "raise it with RESIN_LIMIT_DELAY_SAMPLES=67108865 (docs/reliability.md)");
  LimitSetting setting(Limit::DelaySamples, "1000");
  // A vdelay keeps max + 1 samples.
  CHECK(firstError("input x\noutput delay(x, 600) + vdelay(x, 3, max=399)\n",
                   SourceFormat::GraphText) == "");
  CHECK(contains(firstError("input x\noutput delay(x, 601) + vdelay(x, 3, max=399)\n",
                            SourceFormat::GraphText),
                 "delay lines need 1001 samples in all; the limit is 1000 samples"));
}

TEST_CASE("limits: a 50000-node chain (deep graph, shallow syntax) goes through parsing, the "
          "passes, both printers and interp and native on a 1 MiB stack") {
  // A chain of sin, one statement each: no code may recurse along it. On a
  // 1 MiB stack, recursion of even 24 bytes a node would overflow.
  constexpr int kLength = 50000;
  std::string text = "input x\na0 = sin(x)\n";
  for (int i = 1; i < kLength; ++i)
    text += "a" + std::to_string(i) + " = sin(a" + std::to_string(i - 1) + ")\n";
  text += "output a" + std::to_string(kLength - 1) + "\n";
  size_t parsed = 0, optimized = 0, fromText = 0, fromJson = 0;
  std::vector<float> outputs;
  onSmallStack([&] {
    auto g = parse(text, SourceFormat::GraphText);
    if (!g)
      return;
    parsed = g->size();
    if (!runPipeline(*g, pipelineForLevel(2)))
      return;
    optimized = g->size();
    if (auto back = parse(printGraphText(*g), SourceFormat::GraphText))
      fromText = back->size();
    if (auto back = parse(printGraphJson(*g), SourceFormat::Json))
      fromJson = back->size();
    for (std::string_view engine : {"interp", "native"}) {
      auto audio = makeAudioProcessor(engine, *g);
      if (!audio)
        return;
      float in[4] = {0.5f, -0.5f, 1, 0}, out[4] = {};
      const float *inputs[] = {in};
      float *outs[] = {out};
      (*audio)->process(inputs, outs, 4);
      outputs.push_back(out[0]);
    }
  });
  CHECK(parsed == kLength + 2);
  CHECK(optimized == kLength + 2);
  CHECK(fromText == kLength + 2);
  CHECK(fromJson == kLength + 2);
  REQUIRE(outputs.size() == 2);
  CHECK(outputs[0] == outputs[1]);
  CHECK(std::fabs(outputs[0]) < 0.01f); // sin iterated 50000 times creeps toward 0
}

TEST_CASE("limits: fbm octaves are 0..128, in text and JSON (not raisable)") {
  CHECK(firstError("fbm2(x, y, octaves=128)", SourceFormat::FieldText) == "");
  CHECK(firstError("fbm3(x, y, z, octaves=0)", SourceFormat::FieldText) == "");
  CHECK(contains(firstError("fbm2(x, y, octaves=129)", SourceFormat::FieldText), "[0, 128]"));
  auto json = [](int octaves) {
    return R"({"format": "resin-field/1", "expr": {"Fbm2": {"x": "X", "y": "Y", "octaves": )" +
           std::to_string(octaves) + "}}}";
  };
  CHECK(firstError(json(20), SourceFormat::Json) == "");
  CHECK(contains(firstError(json(129), SourceFormat::Json), "[0, 128]"));
}

TEST_CASE("limits: input file size, just under and just over, and raised") {
  std::string path = tempPath("size.graph");
  auto write = [&](size_t bytes) {
    std::string text = "input x\noutput x\n#";
    text += std::string(bytes - text.size(), 'c');
    std::ofstream(path, std::ios::binary) << text;
  };
  {
    LimitSetting setting(Limit::InputBytes, "100");
    write(100);
    CHECK(loadFile(path));
    write(101);
    auto g = loadFile(path);
    REQUIRE_FALSE(g);
    CHECK(g.errors()[0].str() == path + ":1:1: input is 101 bytes; the limit is 100 bytes; "
                                        "raise it with RESIN_LIMIT_INPUT_BYTES=101 "
                                        "(docs/reliability.md)");
  }
  // The default: 32 MiB, exactly, is read.
  write(kMaxInputBytes);
  CHECK(loadFile(path));
  write(kMaxInputBytes + 1);
  auto g = loadFile(path);
  REQUIRE_FALSE(g);
  CHECK(contains(g.errors()[0].message, "the limit is 33554432 bytes"));
  std::remove(path.c_str());
}

} // namespace resin::test
