// Bars with 95 % whiskers, one per strategy.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "report/Axis.hpp"
#include "report/SvgChart.hpp"
#include "report/SvgWriter.hpp"

namespace msim::report {

std::string render_svg(const BarChart& c) {
  using svg::num;
  constexpr double LEFT = 72, RIGHT = 24, TOP = 40, PLOT_HEIGHT = 220;
  const double plot_width = svg::WIDTH - LEFT - RIGHT;
  const double slot = plot_width / static_cast<double>(std::max<std::size_t>(c.bars.size(), 1));
  double widest = 0, hi = 0, lo = 0;
  for (const auto& b : c.bars) {
    widest = std::max(widest, svg::text_width(b.label));
    hi = std::max(hi, b.value + b.ci.value_or(0));
    lo = std::min(lo, b.value - b.ci.value_or(0));
  }
  const bool rotate = widest > slot - 6;  // long names are written slanted under their bar
  const double below = rotate ? 20 + widest * 0.6 : 30;
  const Ticks yt = nice_ticks(lo * 1.1, hi > 0 ? hi * 1.15 : 1, 5);
  auto y = [&](double v) { return TOP + PLOT_HEIGHT - (v - yt.min) / (yt.max - yt.min) * PLOT_HEIGHT; };

  std::string s = svg::open(c.id, svg::WIDTH, TOP + PLOT_HEIGHT + below + 10, c.title);
  s += svg::value_axis(yt, LEFT, TOP, plot_width, PLOT_HEIGHT, c.y_title);
  s += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#666666\"/>\n", num(LEFT), num(y(0)), num(LEFT + plot_width), num(y(0)));
  for (std::size_t i = 0; i < c.bars.size(); ++i) {
    const auto& b = c.bars[i];
    const double center = LEFT + slot * (static_cast<double>(i) + 0.5);
    const double w = std::min(70.0, slot * 0.6);
    const double top = y(std::max(b.value, 0.0)), bottom = y(std::min(b.value, 0.0));
    const std::string tip = b.ci ? fmt::format("{}: {} ± {}", b.label, format_value(b.value), format_value(*b.ci, 2))
                                 : fmt::format("{}: {}", b.label, format_value(b.value));
    s += fmt::format("<g data-series=\"{}\"><title>{}</title>\n", i, svg::escape(tip));
    s += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" fill-opacity=\"0.85\"/>\n", num(center - w / 2), num(top), num(w),
                     num(std::max(bottom - top, 0.5)), svg::escape(b.color));
    double label_y = top - 5;
    if (b.ci && *b.ci > 0) {
      const double y0 = y(b.value - *b.ci), y1 = y(b.value + *b.ci);
      s += fmt::format("<path d=\"M{0},{1}V{2}M{3},{1}H{4}M{3},{2}H{4}\" stroke=\"#222222\" stroke-width=\"1.4\" fill=\"none\"/>\n", num(center), num(y0),
                       num(y1), num(center - 8), num(center + 8));
      label_y = std::min(label_y, y1 - 5);
    }
    s += svg::text(center, label_y, b.ci ? fmt::format("{} ± {}", format_value(b.value), format_value(*b.ci, 2)) : format_value(b.value),
                   "text-anchor=\"middle\" fill=\"#222222\" font-size=\"10\"");
    const double ly = TOP + PLOT_HEIGHT + 16;
    s += rotate ? svg::text(center, ly, b.label, fmt::format("text-anchor=\"end\" fill=\"#222222\" transform=\"rotate(-35 {} {})\"", num(center), num(ly)))
                : svg::text(center, ly, b.label, "text-anchor=\"middle\" fill=\"#222222\"");
    s += "</g>\n";
  }
  s += svg::close();
  return s;
}

}  // namespace msim::report
