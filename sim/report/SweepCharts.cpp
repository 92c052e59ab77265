#include "report/SweepCharts.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "report/Palette.hpp"

namespace msim::report {
namespace {

// The distinct values of a parameter, in the order of points.csv.
std::vector<std::string> values_of(const SweepData& d, std::size_t parameter) {
  const std::size_t column = *d.points.column(d.parameters[parameter]);
  std::vector<std::string> out;
  for (const auto& row : d.points.rows)
    if (column < row.size() && std::find(out.begin(), out.end(), row[column]) == out.end()) out.push_back(row[column]);
  return out;
}

// The unit all values share ("/s"), when every value is a number with it.
std::optional<std::string> common_unit(const std::vector<std::string>& values) {
  std::optional<std::string> unit;
  for (const auto& v : values) {
    const auto split = split_unit(v);
    if (!split || (unit && *unit != split->second)) return std::nullopt;
    unit = split->second;
  }
  return unit;
}

double cell(const SweepData& d, const std::vector<std::string>& row, const std::string& column) {
  const auto c = d.points.column(column);
  if (!c || *c >= row.size()) return std::nan("");
  return to_number(row[*c]).value_or(std::nan(""));
}

}  // namespace

std::optional<std::pair<double, std::string>> split_unit(const std::string& value) {
  double x = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), x);
  if (error != std::errc{} || end == value.data()) return std::nullopt;
  return std::pair{x, std::string(end, value.data() + value.size())};
}

std::vector<SweepMetric> sweep_metrics(const SweepData& d) {
  const SweepMetric KNOWN[] = {{"requests.all.latency_ms.p99", "End-to-end latency p99 (95 % CI)", "latency p99 (ms)", 1},
                               {"requests.all.latency_ms.p50", "End-to-end latency p50 (95 % CI)", "latency p50 (ms)", 1},
                               {"requests.all.throughput_rps", "Throughput (95 % CI)", "throughput (req/s)", 1},
                               {"requests.all.slo.attainment", "SLO attainment (95 % CI)", "requests within the SLO (%)", 100},
                               {"cost.dollars", "Cost (95 % CI)", "cost ($)", 1}};
  std::vector<SweepMetric> out;
  for (const auto& m : KNOWN)
    if (d.points.column(m.column + ".mean")) out.push_back(m);
  return out;
}

std::size_t sweep_x_parameter(const SweepData& d) {
  std::size_t best = 0, best_count = 0;
  bool best_numeric = false;
  for (std::size_t p = 0; p < d.parameters.size(); ++p) {
    const auto values = values_of(d, p);
    const bool numeric = common_unit(values).has_value();
    if ((numeric && !best_numeric) || (numeric == best_numeric && values.size() > best_count)) {
      best = p, best_count = values.size(), best_numeric = numeric;
    }
  }
  return best;
}

std::vector<XYChart> sweep_line_charts(const SweepData& d) {
  if (d.parameters.empty()) return {};
  const std::size_t xp = sweep_x_parameter(d);
  const auto x_values = values_of(d, xp);
  const auto unit = common_unit(x_values);
  const std::size_t x_column = *d.points.column(d.parameters[xp]);
  // One line per combination of the other parameters' values.
  std::vector<std::string> line_names;
  std::vector<std::vector<const std::vector<std::string>*>> line_rows;
  for (const auto& row : d.points.rows) {
    std::string name;
    for (std::size_t p = 0; p < d.parameters.size(); ++p) {
      if (p == xp) continue;
      const auto c = *d.points.column(d.parameters[p]);
      name += fmt::format("{}{} = {}", name.empty() ? "" : ", ", d.parameters[p], c < row.size() ? row[c] : "");
    }
    if (name.empty()) name = "mean of the replications";
    auto it = std::find(line_names.begin(), line_names.end(), name);
    if (it == line_names.end()) {
      line_names.push_back(name);
      line_rows.emplace_back();
      it = line_names.end() - 1;
    }
    line_rows[static_cast<std::size_t>(it - line_names.begin())].push_back(&row);
  }
  std::vector<XYChart> charts;
  for (const auto& m : sweep_metrics(d)) {
    XYChart c;
    c.id = "sweep-" + m.column;
    std::replace(c.id.begin(), c.id.end(), '.', '-');
    c.title = m.title;
    c.y_title = m.y_title;
    c.x_axis = XAxis::NUMBER;
    c.x_title = unit && !unit->empty() ? fmt::format("{} ({})", d.parameters[xp], *unit) : d.parameters[xp];
    if (!unit) c.x_labels = x_values;
    for (std::size_t l = 0; l < line_names.size(); ++l) {
      Series s = make_series(line_names[l], category_color(l), {});
      s.dots = true;
      for (const auto* row : line_rows[l]) {
        const std::string& xv = x_column < row->size() ? (*row)[x_column] : std::string();
        const double x = unit ? split_unit(xv)->first
                              : static_cast<double>(std::find(x_values.begin(), x_values.end(), xv) - x_values.begin());
        s.points.push_back({x, cell(d, *row, m.column + ".mean") * m.scale});
        s.errors.push_back(cell(d, *row, m.column + ".ci95") * m.scale);
      }
      // Sorted along x, whiskers with their points.
      std::vector<std::size_t> order(s.points.size());
      for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
      std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return s.points[a].x < s.points[b].x; });
      Series sorted = s;
      for (std::size_t k = 0; k < order.size(); ++k) sorted.points[k] = s.points[order[k]], sorted.errors[k] = s.errors[order[k]];
      c.series.push_back(std::move(sorted));
    }
    charts.push_back(std::move(c));
  }
  return charts;
}

std::optional<HeatMap> sweep_heat_map(const SweepData& d) {
  const auto metrics = sweep_metrics(d);
  if (d.parameters.size() != 2 || metrics.empty()) return std::nullopt;
  const auto& m = metrics.front();
  const std::size_t xp = sweep_x_parameter(d), yp = 1 - xp;
  HeatMap h;
  h.id = "sweep-heat-map";
  h.title = fmt::format("{} over both parameters", m.y_title);
  h.x_title = d.parameters[xp];
  h.y_title = d.parameters[yp];
  h.value_title = m.y_title.rfind("latency ", 0) == 0 ? m.y_title.substr(8) : m.y_title;  // "p99 (ms)"
  h.x_labels = values_of(d, xp);
  h.y_labels = values_of(d, yp);
  h.values.assign(h.y_labels.size(), std::vector<std::optional<double>>(h.x_labels.size()));
  const auto xc = *d.points.column(d.parameters[xp]), yc = *d.points.column(d.parameters[yp]);
  for (const auto& row : d.points.rows) {
    if (xc >= row.size() || yc >= row.size()) continue;
    const auto xi = static_cast<std::size_t>(std::find(h.x_labels.begin(), h.x_labels.end(), row[xc]) - h.x_labels.begin());
    const auto yi = static_cast<std::size_t>(std::find(h.y_labels.begin(), h.y_labels.end(), row[yc]) - h.y_labels.begin());
    const double v = cell(d, row, m.column + ".mean") * m.scale;
    if (std::isfinite(v)) h.values[yi][xi] = v;
  }
  return h;
}

}  // namespace msim::report
