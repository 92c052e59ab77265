#pragma once
/** @file
 *  @brief The charts of a report as plain data; SvgChart.hpp draws them.
 */
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace msim::report {

/** A point of a series; y may be NaN for "no value here" (the line is broken). */
struct Point {
  double x = 0;
  double y = 0;
};

enum class Stroke { SOLID, DASHED, DOTTED };

struct Series {
  std::string name;  // shown whole in the legend
  std::string color;  // "#rrggbb"
  std::vector<Point> points;
  std::vector<double> errors;  // 95 % half-width per point, drawn as whiskers; empty: none
  Stroke stroke = Stroke::SOLID;
  bool line = true;  // false: points only
  bool dots = false;  // a dot at every point
  double dot_radius = 3;
};

inline Series make_series(std::string name, std::string color, std::vector<Point> points) {
  Series s;
  s.name = std::move(name);
  s.color = std::move(color);
  s.points = std::move(points);
  return s;
}

/** A dot with a tooltip: a scaling decision. */
struct Marker {
  double x = 0, y = 0;
  std::string text;
};

/** A shaded time interval with a tooltip: a failure. */
struct Band {
  double from = 0, to = 0;
  std::string text;
};

/** A horizontal objective line: the SLO. */
struct Threshold {
  double y = 0;
  std::string name;
};

enum class XAxis { TIME, NUMBER };

/** Lines (or points) over time or over a number: every chart of a run, sweeps, the Pareto plot. */
struct XYChart {
  std::string id;  // file name of the exported image, e.g. "latency"
  std::string title;
  std::string x_title;  // with its unit; for XAxis::TIME the unit is added by the drawing
  std::string y_title;  // with its unit, e.g. "latency (ms)"
  XAxis x_axis = XAxis::TIME;
  std::optional<double> x_min, x_max;  // default: from the data (0 to the end for time)
  std::vector<std::string> x_labels;  // XAxis::NUMBER only: x = 0, 1, ... are these categories
  std::optional<double> y_max;  // default: from the data
  bool y_from_zero = true;  // false: the value axis spans the data only (the Pareto plot)
  std::vector<Series> series;
  std::vector<Marker> markers;
  std::string markers_name;  // legend entry of the markers
  std::vector<Band> bands;
  std::string bands_name;
  std::optional<Threshold> threshold;
  std::vector<std::string> point_labels;  // one text per series, written beside its first point (Pareto plot)
};

/** One bar per category with a 95 % whisker: per-strategy comparisons. */
struct Bar {
  std::string label;
  double value = 0;
  std::optional<double> ci;
  std::string color;
};
struct BarChart {
  std::string id, title, y_title;
  std::vector<Bar> bars;
};

/** Cells coloured by value: a metric over two swept parameters. */
struct HeatMap {
  std::string id, title, x_title, y_title, value_title;
  std::vector<std::string> x_labels, y_labels;
  std::vector<std::vector<std::optional<double>>> values;  // [y][x]
};

}  // namespace msim::report
