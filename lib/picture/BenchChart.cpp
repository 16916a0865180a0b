// The benchmark chart as Plot panels: horizontal bars, one row per engine,
// on log axes (engines differ by orders of magnitude: interp against a JIT).
#include "resin/picture/BenchChart.h"
#include "resin/registry/EngineRegistry.h"

#include "Plot.h"

#include "resin/engine/Engine.h"

#include <algorithm>
#include <cstdio>
#include <string_view>
#include <vector>

namespace resin::picture {

namespace {

constexpr int kRowHeight = 26, kPanelFrame = 80;

std::string formatNs(double ns) {
  char text[48];
  if (ns >= 1e6)
    std::snprintf(text, sizeof text, "%.3g ms", ns / 1e6);
  else if (ns >= 1e3)
    std::snprintf(text, sizeof text, "%.3g us", ns / 1e3);
  else
    std::snprintf(text, sizeof text, "%.3g ns", ns);
  return text;
}

/// One colour per family: the C++ engines, the baseline tier, the LLVM
/// tier, tiered, and peers (rows that are no engine of resinc: hand-written
/// C++, Faust, SLEEF in bench/'s resin_engine_bench).
Rgb colourOf(const std::string &engine) {
  std::vector<std::string_view> engines = engineNames();
  if (std::find(engines.begin(), engines.end(), engine) == engines.end())
    return {0.55, 0.30, 0.65};
  if (engine == "interp" || engine == "native")
    return {0.55, 0.55, 0.55};
  if (engine.starts_with("jit-baseline"))
    return {0.90, 0.55, 0.20};
  if (engine == "tiered")
    return {0.30, 0.60, 0.30};
  return {0.12, 0.35, 0.65};
}

constexpr const char *kLegend =
    "grey: interp, native; orange: baseline JIT; blue: LLVM JIT; green: tiered; purple: peers";

size_t rowsOf(const FileTimings &file) {
  return std::max<size_t>(file.engines.size(), 1);
}

} // namespace

int benchChartHeight(const std::vector<FileTimings> &files) {
  // drawPanels gives every panel the same height: the tallest file's rows.
  size_t mostRows = 1;
  for (const FileTimings &file : files)
    mostRows = std::max(mostRows, rowsOf(file));
  int height = 2 * int(files.size()) * (kPanelFrame + kRowHeight * int(mostRows));
  return std::max(height, 2 * kPanelFrame);
}

Result<std::string> drawBenchChart(const std::vector<FileTimings> &files, std::string_view format) {
  std::vector<Panel> panels;
  for (const FileTimings &file : files) {
    const char *item = file.field ? "point" : "sample";
    Panel speed;
    speed.title = file.stem + ": time per " + item;
    speed.xLabel = std::string("ns per ") + item + " (log scale)";
    speed.xScale = Scale::Log;
    speed.note = kLegend;
    Panel compile;
    compile.title = file.stem + ": compile time, and when it is paid back against native";
    compile.xLabel = "compile time, ms (log scale)";
    compile.xScale = Scale::Log;
    for (const EngineTiming &e : file.engines) {
      speed.bars.push_back({e.engine, e.nsPerItem, colourOf(e.engine), formatNs(e.nsPerItem)});
      if (!e.compileNs)
        continue;
      std::string note = formatNs(*e.compileNs);
      if (e.breakEvenItems) {
        char text[64];
        std::snprintf(text, sizeof text, ", after %.3g %ss", *e.breakEvenItems, item);
        note += text;
      } else {
        note += ", never";
      }
      compile.bars.push_back({e.engine, *e.compileNs / 1e6, colourOf(e.engine), note});
    }
    if (compile.bars.empty())
      compile.note = "no engine here compiles";
    panels.push_back(std::move(speed));
    panels.push_back(std::move(compile));
  }
  return drawPanels(panels, kBenchChartWidth, benchChartHeight(files), format);
}

} // namespace resin::picture
