#include "report/SvgChart.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "report/Axis.hpp"
#include "report/Palette.hpp"
#include "report/SvgWriter.hpp"

namespace msim::report {
namespace {

using svg::num;

constexpr double LEFT = 72, RIGHT = 24, TOP = 40, PLOT_HEIGHT = 250, BELOW_PLOT = 52;
constexpr double PLOT_WIDTH = svg::WIDTH - LEFT - RIGHT;

// Contiguous runs of points with a value: a NaN (no value in that interval) breaks the line.
std::vector<std::vector<Point>> segments(const std::vector<Point>& points) {
  std::vector<std::vector<Point>> out(1);
  for (const auto& p : points) {
    if (std::isfinite(p.y)) out.back().push_back(p);
    else if (!out.back().empty()) out.emplace_back();
  }
  if (out.back().empty()) out.pop_back();
  return out;
}

// Long runs have more points than pixels: keep each bucket's lowest and highest point, in time
// order, so every peak stays visible (as msim-gui does).
std::vector<Point> thin(const std::vector<Point>& points, std::size_t buckets) {
  if (points.size() <= 2 * buckets) return points;
  const double x0 = points.front().x, span = points.back().x - x0;
  std::vector<Point> out;
  std::size_t i = 0;
  for (std::size_t b = 0; b < buckets && i < points.size(); ++b) {
    const double end = x0 + span * static_cast<double>(b + 1) / static_cast<double>(buckets);
    std::size_t lo = i, hi = i;
    for (; i < points.size() && (points[i].x <= end || b + 1 == buckets); ++i) {
      if (points[i].y < points[lo].y) lo = i;
      if (points[i].y > points[hi].y) hi = i;
    }
    out.push_back(points[std::min(lo, hi)]);
    if (lo != hi) out.push_back(points[std::max(lo, hi)]);
  }
  return out;
}

std::string dash(Stroke s) {
  return s == Stroke::DASHED ? " stroke-dasharray=\"7 4\"" : s == Stroke::DOTTED ? " stroke-dasharray=\"2 3\"" : "";
}

struct Scale {
  double x0, x1, y0, y1;
  double x(double v) const { return LEFT + (x1 > x0 ? (v - x0) / (x1 - x0) : 0) * PLOT_WIDTH; }
  double y(double v) const { return TOP + PLOT_HEIGHT - (y1 > y0 ? (v - y0) / (y1 - y0) : 0) * PLOT_HEIGHT; }
};

std::string time_tooltip(double t, bool hours) { return format_time(t, hours) + (hours ? " (h:mm)" : ""); }

}  // namespace

std::string render_svg(const XYChart& c) {
  const bool time = c.x_axis == XAxis::TIME;
  // Ranges: time from 0 to the end; values from 0 to above the highest point, whisker or line.
  double x_lo = std::numeric_limits<double>::infinity(), x_hi = -x_lo, y_hi = 0, y_lo = 0;
  for (const auto& s : c.series)
    for (std::size_t i = 0; i < s.points.size(); ++i) {
      const auto& p = s.points[i];
      x_lo = std::min(x_lo, p.x), x_hi = std::max(x_hi, p.x);
      if (!std::isfinite(p.y)) continue;
      const double e = i < s.errors.size() && std::isfinite(s.errors[i]) ? s.errors[i] : 0;
      y_hi = std::max(y_hi, p.y + e), y_lo = std::min(y_lo, p.y - e);
    }
  double data_lo = std::numeric_limits<double>::infinity();
  for (const auto& s : c.series)
    for (const auto& p : s.points)
      if (std::isfinite(p.y)) data_lo = std::min(data_lo, p.y);
  for (const auto& m : c.markers) y_hi = std::max(y_hi, m.y);
  // An objective far above the data would flatten it: then the line stays off the chart and a
  // label at the top says where it is.
  const bool threshold_above = c.threshold && y_hi > 0 && c.threshold->y > 3 * y_hi;
  if (c.threshold && !threshold_above) y_hi = std::max(y_hi, c.threshold->y);
  if (!std::isfinite(x_lo)) x_lo = 0, x_hi = 1;
  Ticks xt;
  if (time) {
    xt = time_ticks(c.x_max.value_or(x_hi));
  } else if (!c.x_labels.empty()) {
    xt.min = -0.5;
    xt.max = static_cast<double>(c.x_labels.size()) - 0.5;
    for (std::size_t i = 0; i < c.x_labels.size(); ++i) xt.values.push_back(static_cast<double>(i));
  } else {
    double lo = c.x_min.value_or(x_lo), hi = c.x_max.value_or(x_hi);
    if (hi <= lo) lo -= 1, hi += 1;
    xt = nice_ticks(lo, hi);
    if (!c.x_min && !c.x_max) {
      // A little room on both sides, so that the first and last points are not on the frame.
      const double pad = (hi - lo) * 0.04;
      xt.min = lo - pad, xt.max = hi + pad;
      std::erase_if(xt.values, [&](double v) { return v < xt.min || v > xt.max; });
    }
  }
  Ticks yt = nice_ticks(y_lo, c.y_max.value_or(y_hi > 0 ? y_hi * 1.05 : 1), 5);
  if (!c.y_from_zero && std::isfinite(data_lo)) {
    const double pad = std::max((y_hi - data_lo) * 0.15, std::abs(y_hi) * 0.01 + 1e-9);
    yt = nice_ticks(data_lo - pad, y_hi + pad, 5);
  }
  const Scale sc{xt.min, xt.max, yt.min, yt.max};
  const bool hours = time && hours_format(xt.max);

  std::vector<svg::LegendEntry> entries;
  for (std::size_t i = 0; i < c.series.size(); ++i) {
    const auto& s = c.series[i];
    const auto swatch = !s.line ? svg::Swatch::DOT : s.stroke == Stroke::DASHED ? svg::Swatch::DASHED
                        : s.stroke == Stroke::DOTTED                            ? svg::Swatch::DOTTED
                                                                                : svg::Swatch::LINE;
    entries.push_back({s.name, s.color, swatch, std::to_string(i)});
  }
  if (c.threshold) entries.push_back({c.threshold->name, colors::SLO, svg::Swatch::DASHED, "threshold"});
  if (!c.markers.empty()) entries.push_back({c.markers_name, colors::MARKER, svg::Swatch::MARKER, "markers"});
  if (!c.bands.empty()) entries.push_back({c.bands_name, colors::BAND, svg::Swatch::BAND, "bands"});
  const double legend_top = TOP + PLOT_HEIGHT + BELOW_PLOT;
  const double height = legend_top + svg::legend_height(entries, svg::WIDTH - LEFT - RIGHT) + 8;

  std::string s = svg::open(c.id, svg::WIDTH, height, c.title);
  const std::string clip = "clip-" + c.id;
  s += fmt::format("<defs><clipPath id=\"{}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/></clipPath></defs>\n", svg::escape(clip), num(LEFT),
                   num(TOP - 2), num(PLOT_WIDTH), num(PLOT_HEIGHT + 4));
  s += svg::value_axis(yt, LEFT, TOP, PLOT_WIDTH, PLOT_HEIGHT, c.y_title);

  // Horizontal axis: grid, labels, title with its unit.
  s += "<g class=\"x-axis\">\n";
  for (const double v : xt.values) {
    const double x = sc.x(v);
    s += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#eeeeee\"/>\n", num(x), num(TOP), num(x), num(TOP + PLOT_HEIGHT));
    const std::string label = time ? format_time(v, hours)
                              : !c.x_labels.empty() ? c.x_labels[static_cast<std::size_t>(std::lround(v))]
                                                    : format_number(v, xt.decimals);
    s += svg::text(x, TOP + PLOT_HEIGHT + 16, label, "text-anchor=\"middle\" fill=\"#444444\"");
  }
  const std::string x_title = time ? fmt::format("{} ({})", c.x_title.empty() ? "simulated time" : c.x_title, hours ? "h:mm" : "m:ss") : c.x_title;
  s += svg::text(LEFT + PLOT_WIDTH / 2, TOP + PLOT_HEIGHT + 38, x_title, "text-anchor=\"middle\" fill=\"#222222\"");
  s += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#999999\"/>\n", num(LEFT), num(TOP), num(PLOT_WIDTH),
                   num(PLOT_HEIGHT));
  s += "</g>\n";

  s += fmt::format("<g clip-path=\"url(#{})\">\n", svg::escape(clip));
  if (!c.bands.empty()) {
    s += "<g data-series=\"bands\">\n";
    for (const auto& b : c.bands) {
      const double x0 = sc.x(std::max(b.from, xt.min)), x1 = sc.x(std::min(b.to, xt.max));
      s += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" fill-opacity=\"0.16\"><title>{}</title></rect>\n", num(x0),
                       num(TOP), num(std::max(x1 - x0, 1.0)), num(PLOT_HEIGHT), colors::BAND, svg::escape(b.text));
    }
    s += "</g>\n";
  }
  std::vector<Point> labels;  // where point labels went
  for (std::size_t i = 0; i < c.series.size(); ++i) {
    const auto& series = c.series[i];
    const std::string color = svg::escape(series.color);
    s += fmt::format("<g data-series=\"{}\"><title>{}</title>\n", i, svg::escape(series.name));
    if (series.line)
      for (const auto& segment : segments(series.points)) {
        std::string points;
        for (const auto& p : time ? thin(segment, static_cast<std::size_t>(PLOT_WIDTH / 2)) : segment)
          points += fmt::format("{}{},{}", points.empty() ? "" : " ", num(sc.x(p.x)), num(sc.y(p.y)));
        s += fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.8\" stroke-linejoin=\"round\"{}/>\n", points, color,
                         dash(series.stroke));
      }
    for (std::size_t k = 0; k < series.points.size(); ++k) {
      const auto& p = series.points[k];
      if (!std::isfinite(p.y)) continue;
      const double x = sc.x(p.x), y = sc.y(p.y);
      if (k < series.errors.size() && std::isfinite(series.errors[k]) && series.errors[k] > 0) {
        const double y0 = sc.y(p.y - series.errors[k]), y1 = sc.y(p.y + series.errors[k]);
        s += fmt::format("<path d=\"M{0},{1}V{2}M{3},{1}H{4}M{3},{2}H{4}\" stroke=\"{5}\" stroke-width=\"1.3\" fill=\"none\"/>\n", num(x), num(y0), num(y1),
                         num(x - 4), num(x + 4), color);
      }
      if (series.dots || !series.line)
        s += fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{}\" stroke=\"#ffffff\" stroke-width=\"1\"><title>{}: {} → {}</title></circle>\n",
                         num(x), num(y), num(series.dot_radius), color, svg::escape(series.name),
                         svg::escape(time ? time_tooltip(p.x, hours) : format_value(p.x)), svg::escape(format_value(p.y)));
    }
    if (i < c.point_labels.size() && !c.point_labels[i].empty() && !series.points.empty()) {
      // Moved down until it overlaps no earlier label (near-equal strategies sit close together).
      const double w = svg::text_width(c.point_labels[i]);
      double x = sc.x(series.points.front().x) + 9, y = sc.y(series.points.front().y) - 8;
      if (x + w > LEFT + PLOT_WIDTH) x = sc.x(series.points.front().x) - 9 - w;
      for (int tries = 0; tries < 8; ++tries) {
        const bool overlaps = std::any_of(labels.begin(), labels.end(), [&](const Point& l) { return std::abs(l.y - y) < 13 && x < l.x + w + 4 && l.x < x + w + 4; });
        if (!overlaps) break;
        y += 14;
      }
      labels.push_back({x, y});
      s += svg::text(x, y, c.point_labels[i], "fill=\"#222222\"");
    }
    s += "</g>\n";
  }
  if (threshold_above) {
    s += svg::text(LEFT + PLOT_WIDTH - 4, TOP + 13, fmt::format("{} ↑ (above the axis)", c.threshold->name),
                   fmt::format("data-series=\"threshold\" text-anchor=\"end\" fill=\"{}\"", colors::SLO));
  } else if (c.threshold) {
    const double y = sc.y(c.threshold->y);
    s += fmt::format("<g data-series=\"threshold\"><line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"1.5\" stroke-dasharray=\"7 4\"/>",
                     num(LEFT), num(y), num(LEFT + PLOT_WIDTH), num(y), colors::SLO);
    s += svg::text(LEFT + PLOT_WIDTH - 4, y - 4, c.threshold->name, fmt::format("text-anchor=\"end\" fill=\"{}\"", colors::SLO)) + "</g>\n";
  }
  if (!c.markers.empty()) {
    s += "<g data-series=\"markers\">\n";
    for (const auto& m : c.markers)
      s += fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"4.5\" fill=\"{}\" stroke=\"#ffffff\" stroke-width=\"1.2\"><title>{}</title></circle>\n",
                       num(sc.x(m.x)), num(sc.y(m.y)), colors::MARKER, svg::escape(m.text));
    s += "</g>\n";
  }
  s += "</g>\n";
  s += svg::legend(entries, LEFT, legend_top, svg::WIDTH - LEFT - RIGHT);
  s += svg::close();
  return s;
}

}  // namespace msim::report
