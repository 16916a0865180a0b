// resinc bench --plot / --plot-from (BenchPlot.h): from benchmark names
// ("STEM/ENGINE", "STEM/compile-ENGINE", "STEM/ENGINE/all-threads") and
// their medians to per-file engine timings, with BenchTable's break-even.
#include "BenchPlot.h"
#include "BenchTable.h"
#include "CommonFlags.h"
#include "Extension.h"

#include "resin/support/SourceFile.h"
#include "resin/syntax/JsonDocument.h"

#include <algorithm>
#include <map>

namespace resinc::bench {

namespace {

using resin::picture::EngineTiming;
using resin::picture::FileTimings;

/// Break-even against native, once every engine of a file is known.
void addBreakEven(FileTimings &file) {
  auto native = std::find_if(file.engines.begin(), file.engines.end(),
                             [](const EngineTiming &e) { return e.engine == "native"; });
  if (native == file.engines.end())
    return;
  for (EngineTiming &e : file.engines)
    if (e.compileNs)
      e.breakEvenItems = breakEven(*e.compileNs, native->nsPerItem, e.nsPerItem);
}

/// The median of one benchmark's iterations in the JSON.
struct Samples {
  std::vector<double> nsPerItem, cpuNs;
};

} // namespace

std::vector<FileTimings> timingsOf(const std::vector<FileInfo> &files, const Results &results) {
  std::vector<FileTimings> timings;
  for (const FileInfo &info : files) {
    FileTimings file{info.stem, info.field, {}};
    for (const BenchId &id : info.benchmarks) {
      if (id.variant != Variant::OneThread)
        continue;
      auto run = results.find(id.name());
      if (run == results.end() || !run->second.error.empty())
        continue;
      EngineTiming e{id.engine, run->second.nsPerItem, std::nullopt, std::nullopt};
      auto compile = results.find(BenchId{id.stem, id.engine, Variant::Compile}.name());
      if (compile != results.end() && compile->second.error.empty())
        e.compileNs = compile->second.timeNs;
      file.engines.push_back(e);
    }
    addBreakEven(file);
    timings.push_back(std::move(file));
  }
  return timings;
}

resin::Result<std::vector<FileTimings>> readTimings(const std::string &path) {
  auto source = resin::readSourceFile(path);
  if (!source)
    return source.takeErrors();
  auto parsed = resin::parseJson(*source);
  if (!parsed)
    return parsed.takeErrors();
  const resin::JsonDocument &doc = *parsed;
  auto list = doc.root.is_object() ? doc.root.find("benchmarks") : doc.root.end();
  if (!doc.root.is_object() || list == doc.root.end() || !list->is_array())
    return doc.error("", "expected Google Benchmark JSON from 'resinc bench --json': an object "
                         "with a \"benchmarks\" array");
  // Iterations only (aggregates repeat them), in the order they appear.
  std::map<std::string, Samples> samples;
  std::vector<std::string> order;
  for (size_t i = 0; i < list->size(); ++i) {
    const nlohmann::json &entry = (*list)[i];
    std::string pointer = resin::jsonPointer("/benchmarks", i);
    if (!entry.is_object() || !entry.contains("name") || !entry["name"].is_string())
      return doc.error(pointer, "each benchmark must be an object with a \"name\"");
    if (entry.value("run_type", "iteration") != "iteration" || entry.value("error_occurred", false))
      continue;
    std::string name = entry.value("run_name", "");
    if (name.empty())
      name = entry["name"].get<std::string>();
    auto cpu = entry.find("cpu_time");
    if (cpu == entry.end() || !cpu->is_number())
      return doc.error(pointer, "benchmark has no \"cpu_time\" number");
    std::string unit = entry.value("time_unit", "ns");
    double scale = unit == "s" ? 1e9 : unit == "ms" ? 1e6 : unit == "us" ? 1e3 : 1;
    if (!samples.count(name))
      order.push_back(name);
    Samples &s = samples[name];
    s.cpuNs.push_back(cpu->get<double>() * scale);
    if (auto it = entry.find("ns_per_item"); it != entry.end() && it->is_number())
      s.nsPerItem.push_back(it->get<double>());
  }

  std::vector<FileTimings> files;
  auto fileOf = [&](const std::string &stem) -> FileTimings & {
    for (FileTimings &f : files)
      if (f.stem == stem)
        return f;
    files.push_back({stem, false, {}});
    return files.back();
  };
  for (const std::string &name : order) {
    size_t slash = name.find('/');
    if (slash == std::string::npos)
      continue;
    std::string stem = name.substr(0, slash), rest = name.substr(slash + 1);
    FileTimings &file = fileOf(stem);
    if (rest.find('/') != std::string::npos) {
      file.field = true; // only fields have all-threads renders
      continue;
    }
    if (rest.starts_with("compile-") || samples[name].nsPerItem.empty())
      continue;
    file.engines.push_back({rest, median(samples[name].nsPerItem), std::nullopt, std::nullopt});
  }
  // The order of a run's table (engineNames()), whatever order the
  // interleaved repetitions were written in.
  std::vector<std::string_view> known = resin::engineNames();
  auto rank = [&](const EngineTiming &e) {
    return std::find(known.begin(), known.end(), e.engine) - known.begin();
  };
  for (FileTimings &file : files) {
    std::stable_sort(
        file.engines.begin(), file.engines.end(),
        [&](const EngineTiming &a, const EngineTiming &b) { return rank(a) < rank(b); });
    for (EngineTiming &e : file.engines)
      if (auto it = samples.find(file.stem + "/compile-" + e.engine); it != samples.end())
        e.compileNs = median(it->second.cpuNs);
    addBreakEven(file);
  }
  std::erase_if(files, [](const FileTimings &f) { return f.engines.empty(); });
  if (files.empty())
    return doc.error("/benchmarks",
                     "no benchmark with an \"ns_per_item\" counter: nothing to plot");
  return files;
}

namespace {

/// "png", "svg" or "pdf" from the extension (any case); empty otherwise.
std::string chartFormat(const std::string &path) {
  std::string ext = lowerExtension(path);
  return ext == "png" || ext == "svg" || ext == "pdf" ? ext : "";
}

} // namespace

bool checkChartPath(const std::string &path) {
  if (!chartFormat(path).empty())
    return true;
  flagError("--plot", resin::quote(path) + " has an unknown extension (allowed: .png, .svg, .pdf)");
  return false;
}

int writeChart(const std::string &path, const std::vector<FileTimings> &files) {
  if (!checkChartPath(path))
    return kInputError;
  auto chart = resin::picture::drawBenchChart(files, chartFormat(path));
  if (!chart)
    return reportErrors(chart.errors());
  return writeOutput(path, *chart) ? kSuccess : kInputError;
}

} // namespace resinc::bench
