// A metric over two swept parameters: one cell per point, its value written in it.
#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "report/Axis.hpp"
#include "report/Palette.hpp"
#include "report/SvgChart.hpp"
#include "report/SvgWriter.hpp"

namespace msim::report {

std::string render_svg(const HeatMap& c) {
  using svg::num;
  constexpr double TOP = 40, SCALE_WIDTH = 90;
  double widest = 0;
  for (const auto& l : c.y_labels) widest = std::max(widest, svg::text_width(l));
  const double left = 36 + widest + 8;
  const double plot_width = svg::WIDTH - left - SCALE_WIDTH;
  const std::size_t nx = std::max<std::size_t>(c.x_labels.size(), 1), ny = std::max<std::size_t>(c.y_labels.size(), 1);
  const double cell_w = plot_width / static_cast<double>(nx);
  const double cell_h = std::clamp(260.0 / static_cast<double>(ny), 18.0, 44.0);
  const double plot_height = cell_h * static_cast<double>(ny);
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const auto& row : c.values)
    for (const auto& v : row)
      if (v && std::isfinite(*v)) lo = std::min(lo, *v), hi = std::max(hi, *v);
  if (!std::isfinite(lo)) lo = 0, hi = 1;
  auto t = [&](double v) { return hi > lo ? (v - lo) / (hi - lo) : 0.5; };

  std::string s = svg::open(c.id, svg::WIDTH, TOP + plot_height + 56, c.title);
  for (std::size_t yi = 0; yi < c.y_labels.size(); ++yi) {
    // The first y value at the bottom, as on a plot.
    const double y = TOP + plot_height - cell_h * static_cast<double>(yi + 1);
    s += svg::text(left - 6, y + cell_h / 2 + 4, c.y_labels[yi], "text-anchor=\"end\" fill=\"#444444\"");
    for (std::size_t xi = 0; xi < c.x_labels.size(); ++xi) {
      const double x = left + cell_w * static_cast<double>(xi);
      const auto v = yi < c.values.size() && xi < c.values[yi].size() ? c.values[yi][xi] : std::nullopt;
      if (!v) {
        s += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#f2f2f2\" stroke=\"#ffffff\"/>\n", num(x), num(y), num(cell_w), num(cell_h));
        continue;
      }
      const std::string tip = fmt::format("{} = {}, {} = {}: {} {}", c.x_title, c.x_labels[xi], c.y_title, c.y_labels[yi], format_value(*v), c.value_title);
      s += fmt::format("<g><title>{}</title><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"#ffffff\"/>", svg::escape(tip), num(x),
                       num(y), num(cell_w), num(cell_h), sequential_color(t(*v)));
      s += svg::text(x + cell_w / 2, y + cell_h / 2 + 4, format_value(*v),
                     fmt::format("text-anchor=\"middle\" fill=\"{}\"", t(*v) > 0.55 ? "#ffffff" : "#222222")) + "</g>\n";
    }
  }
  for (std::size_t xi = 0; xi < c.x_labels.size(); ++xi)
    s += svg::text(left + cell_w * (static_cast<double>(xi) + 0.5), TOP + plot_height + 16, c.x_labels[xi], "text-anchor=\"middle\" fill=\"#444444\"");
  s += svg::text(left + plot_width / 2, TOP + plot_height + 38, c.x_title, "text-anchor=\"middle\" fill=\"#222222\"");
  const double mid = TOP + plot_height / 2;
  s += svg::text(14, mid, c.y_title, fmt::format("text-anchor=\"middle\" fill=\"#222222\" transform=\"rotate(-90 14 {})\"", num(mid)));

  // The colour scale: a vertical gradient from the lowest value (bottom) to the highest.
  const std::string gradient = "scale-" + c.id;
  s += fmt::format("<defs><linearGradient id=\"{}\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">", svg::escape(gradient));
  for (int k = 0; k <= 4; ++k) s += fmt::format("<stop offset=\"{}\" stop-color=\"{}\"/>", k / 4.0, sequential_color(k / 4.0));
  s += "</linearGradient></defs>\n";
  const double sx = left + plot_width + 18;
  s += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"14\" height=\"{}\" fill=\"url(#{})\" stroke=\"#999999\"/>\n", num(sx), num(TOP), num(plot_height),
                   svg::escape(gradient));
  s += svg::text(sx + 18, TOP + 10, format_value(hi), "fill=\"#444444\"");
  s += svg::text(sx + 18, TOP + plot_height, format_value(lo), "fill=\"#444444\"");
  s += svg::text(sx + 18, TOP + plot_height / 2 + 4, c.value_title, "fill=\"#222222\"");
  s += svg::close();
  return s;
}

}  // namespace msim::report
