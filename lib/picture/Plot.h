// A small plotting layer over Cairo for the pictures resinc draws: panels
// stacked top to bottom, each with linear or log axes, ticks and labels,
// and either lines (responses) or horizontal bars (benchmarks). Only what
// those pictures need; Cairo does the drawing and writes PNG, SVG or PDF.
#pragma once

#include "resin/support/Diagnostic.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace resin::picture {

enum class Scale { Linear, Log };

struct Rgb {
  double r = 0, g = 0, b = 0;
};

struct Line {
  std::vector<double> x, y;
  Rgb colour{0.12, 0.35, 0.65};
  std::string label; // in the legend when not empty
};

/// A horizontal bar: one row per bar, its value along the x axis.
struct Bar {
  std::string label;
  double value = 0;
  Rgb colour{0.12, 0.35, 0.65};
  std::string note; // written after the bar ("12.4 ms")
};

struct Panel {
  std::string title, xLabel, yLabel;
  Scale xScale = Scale::Linear, yScale = Scale::Linear;
  /// The axis ranges; from the data when not given.
  std::optional<std::pair<double, double>> xRange, yRange;
  std::vector<Line> lines;
  std::vector<Bar> bars;      // when not empty, the panel is a bar chart
  std::vector<double> xMarks; // dashed vertical lines (e.g. -3 dB points)
  std::string note;           // a line of text at the panel's top right
};

/// The formats the plots are written in.
inline constexpr std::string_view kPlotFormats[] = {"png", "svg", "pdf"};

/// The panels drawn on a width x height picture (pixels; points for SVG and
/// PDF) in `format`: png, svg or pdf.
Result<std::string> drawPanels(const std::vector<Panel> &panels, int width, int height,
                               std::string_view format);

} // namespace resin::picture
