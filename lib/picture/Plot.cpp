// The panels drawn with Cairo: a surface of the asked format writing into a
// string, then per panel its frame, grid and ticks (1-2-5 steps on linear
// axes, decades with unlabelled 2..9 minor ticks on log axes), its lines or
// bars, and its labels in DejaVu Sans (fonts-dejavu-core).
#include "Plot.h"

#include <cairo/cairo-pdf.h>
#include <cairo/cairo-svg.h>
#include <cairo/cairo.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>

namespace resin::picture {

namespace {

constexpr const char *kFont = "DejaVu Sans";

cairo_status_t appendBytes(void *closure, const unsigned char *data, unsigned int length) {
  static_cast<std::string *>(closure)->append(reinterpret_cast<const char *>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

/// One axis: a value range mapped onto a pixel range.
struct Axis {
  Scale scale = Scale::Linear;
  double lo = 0, hi = 1;
  double from = 0, to = 1; // pixels for lo and hi

  double t(double v) const {
    if (scale == Scale::Log)
      return (std::log10(v) - std::log10(lo)) / (std::log10(hi) - std::log10(lo));
    return (v - lo) / (hi - lo);
  }
  double map(double v) const { return from + t(v) * (to - from); }
  bool shows(double v) const { return std::isfinite(v) && (scale == Scale::Linear || v > 0); }
};

/// 1, 2 or 5 times a power of ten, near `rough`.
double niceStep(double rough) {
  double decade = std::pow(10.0, std::floor(std::log10(rough)));
  double f = rough / decade;
  return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * decade;
}

/// Widens [lo, hi] to whole ticks (linear) or whole decades (log).
std::pair<double, double> roundOut(double lo, double hi, Scale scale) {
  if (scale == Scale::Log) {
    lo = std::pow(10.0, std::floor(std::log10(lo)));
    hi = std::pow(10.0, std::ceil(std::log10(hi)));
    if (hi <= lo)
      hi = lo * 10;
    return {lo, hi};
  }
  if (hi <= lo) {
    double pad = lo == 0 ? 1 : std::fabs(lo) * 0.1;
    lo -= pad, hi += pad;
  }
  double step = niceStep((hi - lo) / 5);
  return {std::floor(lo / step) * step, std::ceil(hi / step) * step};
}

/// The range of the values an axis shows, or [1, 10] when there are none.
std::pair<double, double> valueRange(const std::vector<double> &values, Scale scale) {
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (double v : values)
    if (std::isfinite(v) && (scale == Scale::Linear || v > 0))
      lo = std::min(lo, v), hi = std::max(hi, v);
  if (lo > hi)
    return {1, 10};
  return roundOut(lo, hi, scale);
}

std::string tickText(double v) {
  char text[32];
  if (v != 0 && (std::fabs(v) >= 1e6 || std::fabs(v) < 1e-3))
    std::snprintf(text, sizeof text, "1e%d", int(std::lround(std::log10(std::fabs(v)))));
  else
    std::snprintf(text, sizeof text, "%g", std::fabs(v) < 1e-12 ? 0.0 : v);
  return text;
}

/// Major ticks (labelled) and minor ticks of an axis.
void ticksOf(const Axis &axis, std::vector<double> &major, std::vector<double> &minor) {
  if (axis.scale == Scale::Log) {
    // Decades inside the range (which need not start on one), and 2..9
    // times each decade as minor ticks.
    auto inside = [&](double v) { return v >= axis.lo * (1 - 1e-9) && v <= axis.hi * (1 + 1e-9); };
    for (double d = std::pow(10.0, std::floor(std::log10(axis.lo))); d <= axis.hi; d *= 10) {
      if (inside(d))
        major.push_back(d);
      for (int m = 2; m <= 9; ++m)
        if (inside(d * m))
          minor.push_back(d * m);
    }
    return;
  }
  double step = niceStep((axis.hi - axis.lo) / 5);
  for (double k = std::ceil(axis.lo / step - 1e-9); k * step <= axis.hi + step * 1e-9; ++k)
    major.push_back(k * step);
}

enum class Align { Left, Centre, Right };

void drawText(cairo_t *cr, double x, double y, const std::string &text, double size,
              Align align = Align::Left, bool bold = false) {
  cairo_select_font_face(cr, kFont, CAIRO_FONT_SLANT_NORMAL,
                         bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
  cairo_text_extents_t extents;
  cairo_text_extents(cr, text.c_str(), &extents);
  double dx = align == Align::Left     ? 0
              : align == Align::Centre ? -extents.x_advance / 2
                                       : -extents.x_advance;
  cairo_move_to(cr, x + dx, y);
  cairo_show_text(cr, text.c_str());
}

void setColour(cairo_t *cr, Rgb c) {
  cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

class PanelPainter {
public:
  PanelPainter(cairo_t *cr, const Panel &panel, double x0, double y0, double w, double h)
      : cr_(cr), p_(panel) {
    bool bars = !panel.bars.empty();
    left_ = x0 + (bars ? 170 : 72);
    right_ = x0 + w - (bars ? 210 : 20); // bars: room for the notes after them
    top_ = y0 + 30;
    bottom_ = y0 + h - 44;
    titleX_ = x0 + 12;
    titleY_ = y0 + 18;
    labelX_ = x0 + 16;
  }

  void paint() {
    setUpAxes();
    drawGrid();
    cairo_save(cr_);
    cairo_rectangle(cr_, left_, top_, right_ - left_, bottom_ - top_);
    cairo_clip(cr_);
    if (p_.bars.empty())
      drawLines();
    else
      drawBars();
    drawMarks();
    cairo_restore(cr_);
    drawFrameAndLabels();
  }

private:
  void setUpAxes() {
    x_.scale = p_.xScale;
    y_.scale = p_.yScale;
    std::vector<double> xs, ys;
    for (const Line &line : p_.lines) {
      xs.insert(xs.end(), line.x.begin(), line.x.end());
      ys.insert(ys.end(), line.y.begin(), line.y.end());
    }
    for (const Bar &bar : p_.bars)
      xs.push_back(bar.value);
    std::tie(x_.lo, x_.hi) = p_.xRange ? *p_.xRange : valueRange(xs, x_.scale);
    std::tie(y_.lo, y_.hi) = p_.yRange ? *p_.yRange : valueRange(ys, y_.scale);
    x_.from = left_, x_.to = right_;
    y_.from = bottom_, y_.to = top_;
  }

  void drawGrid() {
    std::vector<double> major, minor;
    ticksOf(x_, major, minor);
    cairo_set_line_width(cr_, 1);
    for (double v : minor) {
      cairo_set_source_rgb(cr_, 0.94, 0.94, 0.94);
      verticalAt(x_.map(v));
    }
    for (double v : major) {
      cairo_set_source_rgb(cr_, 0.85, 0.85, 0.85);
      verticalAt(x_.map(v));
      cairo_set_source_rgb(cr_, 0.2, 0.2, 0.2);
      drawText(cr_, x_.map(v), bottom_ + 15, tickText(v), 10, Align::Centre);
    }
    if (!p_.bars.empty())
      return; // bar rows are labelled by name, not by a y axis
    major.clear(), minor.clear();
    ticksOf(y_, major, minor);
    for (double v : minor) {
      cairo_set_source_rgb(cr_, 0.94, 0.94, 0.94);
      horizontalAt(y_.map(v));
    }
    for (double v : major) {
      cairo_set_source_rgb(cr_, 0.85, 0.85, 0.85);
      horizontalAt(y_.map(v));
      cairo_set_source_rgb(cr_, 0.2, 0.2, 0.2);
      drawText(cr_, left_ - 6, y_.map(v) + 3.5, tickText(v), 10, Align::Right);
    }
  }

  void verticalAt(double x) {
    cairo_move_to(cr_, std::round(x) + 0.5, top_);
    cairo_line_to(cr_, std::round(x) + 0.5, bottom_);
    cairo_stroke(cr_);
  }
  void horizontalAt(double y) {
    cairo_move_to(cr_, left_, std::round(y) + 0.5);
    cairo_line_to(cr_, right_, std::round(y) + 0.5);
    cairo_stroke(cr_);
  }

  void drawLines() {
    cairo_set_line_width(cr_, 1.5);
    cairo_set_line_join(cr_, CAIRO_LINE_JOIN_ROUND);
    for (const Line &line : p_.lines) {
      setColour(cr_, line.colour);
      bool open = false;
      for (size_t i = 0; i < line.x.size() && i < line.y.size(); ++i) {
        if (!x_.shows(line.x[i]) || !y_.shows(line.y[i])) {
          open = false; // a gap: -inf dB, or 0 Hz on a log axis
          continue;
        }
        // Far outside the panel, clamp so Cairo's fixed point does not overflow.
        double px = x_.map(line.x[i]);
        double py = std::clamp(y_.map(line.y[i]), top_ - 1e4, bottom_ + 1e4);
        if (open)
          cairo_line_to(cr_, px, py);
        else
          cairo_move_to(cr_, px, py);
        open = true;
      }
      cairo_stroke(cr_);
    }
  }

  void drawBars() {
    double row = (bottom_ - top_) / double(p_.bars.size());
    for (size_t i = 0; i < p_.bars.size(); ++i) {
      const Bar &bar = p_.bars[i];
      double y = top_ + row * double(i);
      if (x_.shows(bar.value)) {
        setColour(cr_, bar.colour);
        double end = x_.map(bar.value);
        // Bars at most 18 units thick, centred in their rows.
        double thick = std::min(row * 0.64, 18.0);
        cairo_rectangle(cr_, left_, y + (row - thick) / 2, end - left_, thick);
        cairo_fill(cr_);
      }
    }
  }

  void drawMarks() {
    static const double dash[] = {5, 4};
    cairo_set_source_rgb(cr_, 0.75, 0.22, 0.17);
    cairo_set_line_width(cr_, 1);
    cairo_set_dash(cr_, dash, 2, 0);
    for (double v : p_.xMarks)
      if (x_.shows(v))
        verticalAt(x_.map(v));
    cairo_set_dash(cr_, nullptr, 0, 0);
  }

  void drawFrameAndLabels() {
    cairo_set_source_rgb(cr_, 0.3, 0.3, 0.3);
    cairo_set_line_width(cr_, 1);
    cairo_rectangle(cr_, std::round(left_) + 0.5, std::round(top_) + 0.5,
                    std::round(right_ - left_), std::round(bottom_ - top_));
    cairo_stroke(cr_);
    cairo_set_source_rgb(cr_, 0, 0, 0);
    drawText(cr_, titleX_, titleY_, p_.title, 13, Align::Left, true);
    if (!p_.note.empty()) {
      cairo_set_source_rgb(cr_, 0.25, 0.25, 0.25);
      drawText(cr_, right_, titleY_, p_.note, 11, Align::Right);
    }
    cairo_set_source_rgb(cr_, 0.1, 0.1, 0.1);
    drawText(cr_, (left_ + right_) / 2, bottom_ + 32, p_.xLabel, 11, Align::Centre);
    if (!p_.yLabel.empty()) {
      cairo_save(cr_);
      cairo_translate(cr_, labelX_, (top_ + bottom_) / 2);
      cairo_rotate(cr_, -M_PI / 2);
      drawText(cr_, 0, 0, p_.yLabel, 11, Align::Centre);
      cairo_restore(cr_);
    }
    double row = p_.bars.empty() ? 0 : (bottom_ - top_) / double(p_.bars.size());
    for (size_t i = 0; i < p_.bars.size(); ++i) {
      const Bar &bar = p_.bars[i];
      double mid = top_ + row * (double(i) + 0.5) + 4;
      cairo_set_source_rgb(cr_, 0.1, 0.1, 0.1);
      drawText(cr_, left_ - 8, mid, bar.label, 11, Align::Right);
      double end = x_.shows(bar.value) ? std::min(x_.map(bar.value), right_) : left_;
      cairo_set_source_rgb(cr_, 0.25, 0.25, 0.25);
      drawText(cr_, end + 5, mid, bar.note, 10);
    }
    drawLegend();
  }

  void drawLegend() {
    double y = top_ + 16;
    for (const Line &line : p_.lines) {
      if (line.label.empty())
        continue;
      setColour(cr_, line.colour);
      cairo_set_line_width(cr_, 2);
      cairo_move_to(cr_, right_ - 150, y - 4);
      cairo_line_to(cr_, right_ - 128, y - 4);
      cairo_stroke(cr_);
      cairo_set_source_rgb(cr_, 0.1, 0.1, 0.1);
      drawText(cr_, right_ - 122, y, line.label, 10);
      y += 15;
    }
  }

  cairo_t *cr_;
  const Panel &p_;
  Axis x_, y_;
  double left_, right_, top_, bottom_, titleX_, titleY_, labelX_;
};

struct SurfaceDeleter {
  void operator()(cairo_surface_t *s) const { cairo_surface_destroy(s); }
};
struct ContextDeleter {
  void operator()(cairo_t *cr) const { cairo_destroy(cr); }
};

} // namespace

Result<std::string> drawPanels(const std::vector<Panel> &panels, int width, int height,
                               std::string_view format) {
  std::string bytes;
  std::unique_ptr<cairo_surface_t, SurfaceDeleter> surface;
  if (format == "png")
    surface.reset(cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height));
  else if (format == "svg")
    surface.reset(cairo_svg_surface_create_for_stream(appendBytes, &bytes, width, height));
  else if (format == "pdf")
    surface.reset(cairo_pdf_surface_create_for_stream(appendBytes, &bytes, width, height));
  else
    return Diagnostic{
        "", {}, "cannot draw a plot as '" + std::string(format) + "' (png, svg or pdf)"};
  std::unique_ptr<cairo_t, ContextDeleter> cr(cairo_create(surface.get()));
  cairo_set_source_rgb(cr.get(), 1, 1, 1);
  cairo_paint(cr.get());
  double h = double(height) / double(std::max<size_t>(panels.size(), 1));
  for (size_t i = 0; i < panels.size(); ++i)
    PanelPainter(cr.get(), panels[i], 0, h * double(i), width, h).paint();
  cr.reset();
  cairo_surface_flush(surface.get());
  if (format == "png")
    cairo_surface_write_to_png_stream(surface.get(), appendBytes, &bytes);
  else
    cairo_surface_finish(surface.get()); // SVG and PDF are written as they finish
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
    return Diagnostic{"",
                      {},
                      std::string("Cairo could not draw the plot: ") +
                          cairo_status_to_string(cairo_surface_status(surface.get()))};
  return bytes;
}

} // namespace resin::picture
