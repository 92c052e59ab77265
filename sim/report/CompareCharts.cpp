#include "report/CompareCharts.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "report/Axis.hpp"
#include "report/Palette.hpp"
#include "report/RunCharts.hpp"

namespace msim::report {
namespace {

struct Quality {
  double cost, value;
};

std::optional<Quality> quality(const CompareData& d, const std::string& s, bool slo) {
  const auto cost = d.metric(s, "cost_dollars");
  const auto value = d.metric(s, slo ? "slo_attainment" : "p99_ms");
  if (!cost || !value) return std::nullopt;
  return Quality{cost->first, value->first};
}

}  // namespace

std::vector<BarChart> compare_bars(const CompareData& d) {
  const struct {
    const char* metric;
    const char* title;
    const char* y_title;
    double scale;
  } METRICS[] = {{"p99_ms", "Latency p99 (mean of replications, 95 % CI)", "latency p99 (ms)", 1},
                 {"slo_attainment", "SLO attainment (95 % CI)", "requests within the SLO (%)", 100},
                 {"error_rate", "Failed requests (95 % CI)", "failed requests (%)", 100},
                 {"cost_dollars", "Cost (95 % CI)", "cost ($)", 1},
                 {"replicas_mean", "Mean replicas of the scaled services (95 % CI)", "replicas (instances)", 1}};
  std::vector<BarChart> charts;
  for (const auto& m : METRICS) {
    BarChart chart;
    chart.id = std::string("compare-") + m.metric;
    chart.title = m.title;
    chart.y_title = m.y_title;
    for (std::size_t i = 0; i < d.strategies.size(); ++i)
      if (const auto v = d.metric(d.strategies[i], m.metric)) chart.bars.push_back({d.strategies[i], v->first * m.scale, v->second * m.scale, category_color(i)});
    if (!chart.bars.empty()) charts.push_back(std::move(chart));
  }
  return charts;
}

bool pareto_uses_slo(const CompareData& d) {
  return std::all_of(d.strategies.begin(), d.strategies.end(), [&](const std::string& s) { return d.metric(s, "slo_attainment").has_value(); });
}

std::vector<std::string> pareto_optimal(const CompareData& d) {
  const bool slo = pareto_uses_slo(d);
  // Better quality: higher attainment, or lower p99.
  auto better = [&](double a, double b) { return slo ? a > b : a < b; };
  std::vector<std::string> out;
  for (const auto& s : d.strategies) {
    const auto q = quality(d, s, slo);
    if (!q) continue;
    bool dominated = false;
    for (const auto& other : d.strategies) {
      const auto o = quality(d, other, slo);
      if (other == s || !o) continue;
      const bool no_worse = o->cost <= q->cost && !better(q->value, o->value);
      const bool strictly = o->cost < q->cost || better(o->value, q->value);
      dominated = dominated || (no_worse && strictly);
    }
    if (!dominated) out.push_back(s);
  }
  return out;
}

XYChart pareto_chart(const CompareData& d) {
  const bool slo = pareto_uses_slo(d);
  const auto optimal = pareto_optimal(d);
  XYChart c;
  c.id = "compare-pareto";
  c.title = slo ? "Cost against SLO attainment (large dots: Pareto-optimal)" : "Cost against latency p99 (large dots: Pareto-optimal)";
  c.x_axis = XAxis::NUMBER;
  c.x_title = "cost ($)";
  c.y_title = slo ? "requests within the SLO (%)" : "latency p99 (ms)";
  c.y_from_zero = false;
  const double scale = slo ? 100 : 1;
  double lo = 1e300, hi = -1e300;
  std::vector<Point> front;
  for (std::size_t i = 0; i < d.strategies.size(); ++i) {
    const auto& s = d.strategies[i];
    const auto q = quality(d, s, slo);
    if (!q) continue;
    const bool best = std::find(optimal.begin(), optimal.end(), s) != optimal.end();
    Series series = make_series(best ? s + " (Pareto-optimal)" : s, category_color(i), {{q->cost, q->value * scale}});
    series.line = false;
    series.dot_radius = best ? 7 : 4.5;
    if (const auto e = d.metric(s, slo ? "slo_attainment" : "p99_ms")) series.errors = {e->second * scale};
    c.series.push_back(std::move(series));
    c.point_labels.push_back(s);
    if (best) front.push_back({q->cost, q->value * scale});
    lo = std::min(lo, q->cost), hi = std::max(hi, q->cost);
  }
  if (front.size() > 1) {
    std::sort(front.begin(), front.end(), [](const Point& a, const Point& b) { return a.x < b.x; });
    Series line = make_series("Pareto front", "#888888", front);
    line.stroke = Stroke::DASHED;
    c.series.push_back(std::move(line));
  }
  // Room for the names written right of the dots.
  const double pad = hi > lo ? (hi - lo) * 0.15 : std::max(hi * 0.1, 0.01);
  c.x_min = std::max(0.0, lo - pad);
  c.x_max = hi + pad;
  return c;
}

std::vector<XYChart> compare_time_charts(const CompareData& d) {
  XYChart p99;
  p99.id = "compare-p99-over-time";
  p99.title = "End-to-end latency p99 over time (replication 0 of each strategy)";
  p99.y_title = "latency p99 (ms)";
  XYChart replicas;
  replicas.id = "compare-replicas-over-time";
  replicas.title = "Replicas over time, all services (replication 0 of each strategy)";
  replicas.y_title = "replicas (instances)";
  double end = 0;
  for (std::size_t i = 0; i < d.strategies.size(); ++i) {
    const auto it = d.first_runs.find(d.strategies[i]);
    if (it == d.first_runs.end()) continue;
    const RunData& run = it->second;
    end = std::max(end, run.duration_s);
    p99.series.push_back(make_series(d.strategies[i], category_color(i), on_time_grid(run, run.series("latency_ms.p99", "", "all"))));
    std::map<double, double> total;
    for (const auto& s : run.services)
      for (const auto& p : run.series("replicas", s)) total[p.x] += p.y;
    std::vector<Point> points;
    for (const auto& [t, v] : total) points.push_back({t, v});
    replicas.series.push_back(make_series(d.strategies[i], category_color(i), std::move(points)));
    if (!p99.threshold)
      if (const auto slo = run.slo_ms()) p99.threshold = Threshold{*slo, fmt::format("SLO {} ms", format_value(*slo))};
  }
  if (p99.series.empty()) return {};
  p99.x_max = replicas.x_max = end;
  return {p99, replicas};
}

}  // namespace msim::report
