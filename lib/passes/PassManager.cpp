// Pipeline parsing and running. Grammar:
//   pipeline := item (',' item)*      item := NAME | 'fixpoint(' pipeline ')'
#include "resin/passes/PassManager.h"

#include "resin/ir/Verifier.h"
#include "resin/passes/GraphEdit.h"

#include <algorithm>

#include <cctype>
#include <memory>

namespace resin {

namespace {

using PassFunction = size_t (*)(Graph &, const PassContext &);

struct PassEntry {
  std::string_view name;
  PassFunction run;
  bool valueChanging;
};

const std::vector<PassEntry> &registry() {
  static const std::vector<PassEntry> passes = {
#define PASS(Function, Name, ValueChanging, Summary) {Name, &Function, ValueChanging},
#include "resin/passes/Passes.def"
  };
  return passes;
}

/// One parsed item: a pass, or a fixpoint group of items.
struct Item {
  const PassEntry *pass = nullptr;
  std::vector<Item> group;
};

class PipelineParser {
public:
  explicit PipelineParser(std::string_view text) : text_(text) {}

  std::vector<Item> parse(Diagnostics &errors) {
    std::vector<Item> items;
    if (!text_.empty())
      items = parseList(errors);
    if (errors.empty() && pos_ < text_.size())
      error(errors, "unexpected " + quote(text_.substr(pos_, 1)));
    return items;
  }

private:
  std::vector<Item> parseList(Diagnostics &errors) {
    std::vector<Item> items;
    do {
      items.push_back(parseItem(errors));
      if (!errors.empty())
        return items;
    } while (accept(','));
    return items;
  }

  Item parseItem(Diagnostics &errors) {
    size_t start = pos_;
    while (pos_ < text_.size() && (std::isalnum(uint8_t(text_[pos_])) || text_[pos_] == '-'))
      ++pos_;
    std::string_view name = text_.substr(start, pos_ - start);
    Item item;
    if (name == "fixpoint" && accept('(')) {
      item.group = parseList(errors);
      if (errors.empty() && !accept(')'))
        error(errors, "expected ')' to close fixpoint(");
      return item;
    }
    for (const PassEntry &entry : registry())
      if (entry.name == name)
        item.pass = &entry;
    if (!item.pass) {
      pos_ = start;
      std::string hint = closestMatch(name, passNames());
      error(errors,
            (name.empty() ? std::string("expected a pass name") : "unknown pass " + quote(name)) +
                (hint.empty() ? "" : " (did you mean '" + hint + "'?)") +
                "; passes: " + joinedNames());
    }
    return item;
  }

  bool accept(char c) {
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  void error(Diagnostics &errors, std::string message) const {
    errors.push_back({"--passes", {1, uint32_t(pos_ + 1)}, std::move(message)});
  }

  static std::string joinedNames() {
    std::string all;
    for (std::string_view name : passNames())
      all += (all.empty() ? "" : ", ") + std::string(name);
    return all;
  }

  std::string_view text_;
  size_t pos_ = 0;
};

class PipelineRunner {
public:
  PipelineRunner(Graph &graph, const PipelineOptions &options) : graph_(graph), options_(options) {}

  /// Runs items once; returns the rewrites made.
  size_t run(const std::vector<Item> &items, Diagnostics &errors) {
    size_t changes = 0;
    for (const Item &item : items) {
      if (!errors.empty())
        break;
      changes += item.pass ? runPass(*item.pass, errors) : runFixpoint(item.group, errors);
    }
    return changes;
  }

  std::vector<PassStats> stats;

private:
  static constexpr int kMaxRounds = 16;

  size_t runFixpoint(const std::vector<Item> &group, Diagnostics &errors) {
    size_t total = 0;
    for (int round = 0; round < kMaxRounds && errors.empty(); ++round) {
      size_t changes = run(group, errors);
      total += changes;
      if (changes == 0)
        break;
    }
    return total;
  }

  size_t runPass(const PassEntry &pass, Diagnostics &errors) {
    // Passes leave the nodes they bypass for dce, so a pass is credited with
    // the live nodes it removed; dce, which only drops dead ones, with none.
    int64_t before = liveCount();
    size_t changes = pass.run(graph_, options_.context);
    PassStats &s = statsFor(pass.name);
    ++s.runs;
    s.changes += changes;
    s.nodesRemoved += before - liveCount();
    Diagnostics problems = verifyGraph(graph_, graph_.name);
    if (!problems.empty()) {
      for (Diagnostic &d : problems)
        errors.push_back({d.file, d.loc,
                          "internal error: pass '" + std::string(pass.name) +
                              "' left an invalid graph: " + d.message});
      return changes;
    }
    if (options_.afterPass)
      options_.afterPass(pass.name, graph_);
    return changes;
  }

  int64_t liveCount() const {
    std::vector<bool> live = liveNodes(graph_);
    return int64_t(std::count(live.begin(), live.end(), true));
  }

  PassStats &statsFor(std::string_view name) {
    for (PassStats &s : stats)
      if (s.pass == name)
        return s;
    stats.push_back(PassStats{std::string(name)});
    return stats.back();
  }

  Graph &graph_;
  const PipelineOptions &options_;
};

} // namespace

PassContext contextForLevel(int level, math::MathMode math) {
  PassContext context;
  context.allowValueChanges = level >= 2;
  context.math = math;
  return context;
}

std::string_view pipelineForLevel(int level) {
  switch (level) {
  case 0:
    return "";
  case 1:
    return "fixpoint(canonicalize,fold-const,elim-identity,cse,merge-delay,dce)";
  case 2:
    return "fixpoint(canonicalize,fold-const,fuse-affine,elim-identity,cse,merge-delay,dce)";
  default:
    return "fixpoint(canonicalize,fold-const,fuse-affine,elim-identity,cse,merge-delay,dce),"
           "contract,dce";
  }
}

std::vector<std::string_view> passNames() {
  std::vector<std::string_view> names;
  for (const PassEntry &entry : registry())
    names.push_back(entry.name);
  return names;
}

Diagnostics checkPipeline(std::string_view pipeline) {
  Diagnostics errors;
  PipelineParser(pipeline).parse(errors);
  return errors;
}

Result<std::vector<PassStats>> runPipeline(Graph &graph, std::string_view pipeline,
                                           const PipelineOptions &options) {
  Diagnostics errors;
  std::vector<Item> items = PipelineParser(pipeline).parse(errors);
  if (!errors.empty())
    return errors;
  PipelineRunner runner(graph, options);
  runner.run(items, errors);
  if (!errors.empty())
    return errors;
  return std::move(runner.stats);
}

} // namespace resin
