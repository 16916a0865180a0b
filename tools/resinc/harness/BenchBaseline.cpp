// resinc bench --baseline: reading the baseline and comparing ratios
// (BenchBaseline.h). The baseline is located JSON (JsonDocument), so a
// malformed one is reported as FILE:LINE:COL like every other input.
#include "BenchBaseline.h"

#include "resin/support/SourceFile.h"
#include "resin/syntax/JsonDocument.h"

#include <cmath>

namespace resinc::bench {

namespace {

/// Whether a benchmark name is a compile-time benchmark (no ns_per_item).
bool isCompileName(const std::string &name) {
  size_t slash = name.rfind('/');
  return name.compare(slash == std::string::npos ? 0 : slash + 1, 8, "compile-") == 0;
}

/// The string member `key` of the object at `pointer`, or "" when absent.
/// Errors when present but not a string.
resin::Result<std::string> optionalString(const resin::JsonDocument &doc,
                                          const nlohmann::json &entry, const std::string &pointer,
                                          const char *key) {
  auto it = entry.find(key);
  if (it == entry.end())
    return std::string();
  if (!it->is_string())
    return doc.error(resin::jsonPointer(pointer, key),
                     std::string("\"") + key + "\" must be a string");
  return it->get<std::string>();
}

} // namespace

resin::Result<Baseline> readBaseline(const std::string &path) {
  auto file = resin::readSourceFile(path);
  if (!file)
    return file.takeErrors();
  auto parsed = resin::parseJson(*file);
  if (!parsed)
    return parsed.takeErrors();
  const resin::JsonDocument &doc = *parsed;
  const char *what = "a baseline must be Google Benchmark JSON from 'resinc bench --json': ";
  if (!doc.root.is_object())
    return doc.error("", std::string(what) + "an object with a \"benchmarks\" array");
  auto list = doc.root.find("benchmarks");
  if (list == doc.root.end())
    return doc.error("", std::string(what) + "the object has no \"benchmarks\" array");
  if (!list->is_array())
    return doc.error("/benchmarks", "\"benchmarks\" must be an array");

  std::map<std::string, std::vector<double>> iterations;
  std::map<std::string, double> medians;
  for (size_t i = 0; i < list->size(); ++i) {
    const nlohmann::json &entry = (*list)[i];
    const std::string pointer = resin::jsonPointer("/benchmarks", i);
    if (!entry.is_object())
      return doc.error(pointer, "each benchmark must be an object");
    auto name = optionalString(doc, entry, pointer, "name");
    if (!name)
      return name.takeErrors();
    if (name->empty())
      return doc.error(pointer, "a benchmark needs a \"name\"");
    if (auto failed = entry.find("error_occurred"); failed != entry.end() && *failed == true)
      continue; // a benchmark that failed in the baseline run has no time
    auto runType = optionalString(doc, entry, pointer, "run_type");
    auto aggregate = optionalString(doc, entry, pointer, "aggregate_name");
    auto runName = optionalString(doc, entry, pointer, "run_name");
    for (auto *r : {&runType, &aggregate, &runName})
      if (!*r)
        return r->takeErrors();
    const bool isAggregate = *runType == "aggregate";
    if (isAggregate && *aggregate != "median")
      continue; // means, deviations: the medians are what the check uses
    std::string key = runName->empty() ? *name : *runName;
    if (isAggregate && runName->empty() && key.size() > 7 &&
        key.compare(key.size() - 7, 7, "_median") == 0)
      key.resize(key.size() - 7);

    const std::string counter = resin::jsonPointer(pointer, "ns_per_item");
    auto value = entry.find("ns_per_item");
    if (value == entry.end()) {
      if (isCompileName(key))
        continue;
      return doc.error(pointer,
                       "benchmark " + resin::quote(*name) + " has no \"ns_per_item\" counter");
    }
    if (!value->is_number() || !std::isfinite(value->get<double>()) || value->get<double>() <= 0)
      return doc.error(counter, "\"ns_per_item\" must be a number above 0");
    if (isAggregate)
      medians[key] = value->get<double>();
    else
      iterations[key].push_back(value->get<double>());
  }

  Baseline baseline;
  baseline.path = path;
  for (const auto &[key, values] : iterations)
    baseline.nsPerItem[key] = median(values);
  for (const auto &[key, value] : medians) // Google Benchmark's own median wins
    baseline.nsPerItem[key] = value;
  return baseline;
}

bool CheckResult::regressed() const {
  for (const Comparison &c : compared)
    if (c.regressed)
      return true;
  return false;
}

CheckResult checkBaseline(const std::vector<FileInfo> &files, const Results &results,
                          const Baseline &baseline, double maxGrowthPct) {
  CheckResult check;
  auto measured = [&](const std::string &name) -> double {
    auto it = results.find(name);
    return it == results.end() || !it->second.error.empty() ? 0.0 : it->second.nsPerItem;
  };
  auto inBaseline = [&](const std::string &name) -> double {
    auto it = baseline.nsPerItem.find(name);
    return it == baseline.nsPerItem.end() ? 0.0 : it->second;
  };
  for (const FileInfo &file : files)
    for (const BenchId &id : file.benchmarks) {
      // Checked: one-thread throughput. All-threads renders are wall time on
      // however many cores the machine has and whatever else runs there
      // (their ratios moved by -58% to +38% between runs on the 2-core
      // development machine); compile times have no reference to divide by.
      if (id.variant != Variant::OneThread || id.engine == referenceEngine(file.field))
        continue;
      const std::string name = id.name();
      const std::string reference =
          BenchId{id.stem, referenceEngine(file.field), id.variant}.name();
      const double now = measured(name), nowRef = measured(reference);
      if (now <= 0 || nowRef <= 0)
        continue; // failed this run: reported with the table, not a regression
      const double base = inBaseline(name), baseRef = inBaseline(reference);
      if (base <= 0 || baseRef <= 0) {
        check.added.push_back(name);
        continue;
      }
      Comparison c;
      c.name = name;
      c.reference = reference;
      c.now = now / nowRef;
      c.base = base / baseRef;
      c.growth = c.now / c.base - 1;
      c.regressed = c.growth * 100 > maxGrowthPct;
      check.compared.push_back(c);
    }
  return check;
}

void printCheck(std::FILE *out, const CheckResult &check, const Baseline &baseline,
                double maxGrowthPct) {
  size_t regressions = 0;
  const Comparison *largest = nullptr;
  for (const Comparison &c : check.compared) {
    regressions += c.regressed;
    if (!largest || c.growth > largest->growth)
      largest = &c;
  }
  std::fprintf(out, "baseline %s: %zu ratios compared, %zu grew more than %g%%",
               baseline.path.c_str(), check.compared.size(), regressions, maxGrowthPct);
  if (largest)
    std::fprintf(out, " (largest change %+.1f%%, %s)", largest->growth * 100,
                 largest->name.c_str());
  std::fprintf(out, "\n");
  if (regressions) {
    std::fprintf(out, "  %-36s %-28s %10s %10s %9s\n", "regressed", "ratio to", "now", "baseline",
                 "growth");
    for (const Comparison &c : check.compared)
      if (c.regressed)
        std::fprintf(out, "  %-36s %-28s %10.4f %10.4f %+8.1f%%\n", c.name.c_str(),
                     c.reference.c_str(), c.now, c.base, c.growth * 100);
  }
  if (!check.added.empty()) {
    std::fprintf(out, "  new (not in the baseline, not checked):");
    for (const std::string &name : check.added)
      std::fprintf(out, " %s", name.c_str());
    std::fprintf(out, "\n");
  }
}

} // namespace resinc::bench
