#include "report/RunCharts.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include <fmt/format.h>

#include "report/Axis.hpp"
#include "report/Palette.hpp"

namespace msim::report {
namespace {

using json = nlohmann::ordered_json;

// Counts per interval (rejected, timeouts, errors) as rates, summed over services.
std::vector<Point> summed_rate(const RunData& run, const std::string& metric) {
  std::map<double, double> total;
  for (const auto& s : run.services) {
    double previous = 0;
    for (const auto& p : run.series(metric, s)) {
      const double dt = p.x - previous;
      total[p.x] += dt > 0 ? p.y / dt : 0;
      previous = p.x;
    }
  }
  std::vector<Point> out;
  for (const auto& [t, v] : total) out.push_back({t, v});
  return out;
}

bool any_positive(const std::vector<Point>& points) {
  return std::any_of(points.begin(), points.end(), [](const Point& p) { return p.y > 0; });
}

void decorate(XYChart& chart, const RunData& run, const std::vector<Band>& bands) {
  chart.x_max = run.duration_s;
  chart.bands = bands;
  chart.bands_name = "failure";
}

double number_at(const json& j, const char* pointer) {
  const json::json_pointer p(pointer);
  return j.contains(p) && j.at(p).is_number() ? j.at(p).get<double>() : 0.0;
}

}  // namespace

std::vector<Point> on_time_grid(const RunData& run, const std::vector<Point>& values, double scale) {
  std::vector<Point> out;
  out.reserve(run.times.size());
  std::size_t k = 0;
  for (const double t : run.times) {
    while (k < values.size() && values[k].x < t) ++k;
    const bool have = k < values.size() && values[k].x == t;
    out.push_back({t, have ? values[k].y * scale : std::numeric_limits<double>::quiet_NaN()});
  }
  return out;
}

std::vector<Band> failure_bands(const RunData& run) {
  // A fault's start row and its end row; crash -> recover is matched by instance (their ids may
  // differ when faults overlap on one instance, docs/output-format.md).
  static const std::map<std::string, std::string> END_OF{
      {"recover", "crash"}, {"slowdown_end", "slowdown"}, {"errors_end", "errors"}, {"latency_end", "latency"}, {"partition_end", "partition"}};
  std::vector<Band> bands;
  std::map<std::string, std::size_t> open;
  const bool hours = hours_format(run.duration_s);
  for (const auto& e : run.events) {
    const std::string where = e.target.empty() ? e.service : e.service + " " + e.target;
    if (e.kind == "crash" || e.kind == "slowdown" || e.kind == "errors" || e.kind == "latency" || e.kind == "partition") {
      const std::string key = e.kind + '/' + e.service + '/' + e.target;
      if (open.count(key)) continue;  // already down: the earlier band covers it
      open[key] = bands.size();
      bands.push_back({e.time_s, run.duration_s, fmt::format("{} {} from {}: {}", e.kind, where, format_time(e.time_s, hours), e.reason)});
    } else if (const auto end = END_OF.find(e.kind); end != END_OF.end()) {
      const auto it = open.find(end->second + '/' + e.service + '/' + e.target);
      if (it == open.end()) continue;
      bands[it->second].to = e.time_s;
      bands[it->second].text += fmt::format(" (until {})", format_time(e.time_s, hours));
      open.erase(it);
    }
  }
  return bands;
}

std::vector<Marker> scaling_markers(const RunData& run) {
  std::vector<Marker> markers;
  const bool hours = hours_format(run.duration_s);
  for (const auto& e : run.events) {
    if (e.kind != "scale" || e.before == e.after) continue;  // autoscalers also log evaluations that keep the count
    const auto after = to_number(e.after);
    if (!after) continue;
    markers.push_back({e.time_s, *after, fmt::format("{}: {} scaled {} → {} ({})\n{}", format_time(e.time_s, hours), e.service, e.before, e.after, e.target, e.reason)});
  }
  return markers;
}

std::vector<XYChart> run_time_charts(const RunData& run, const std::string& prefix) {
  const auto bands = failure_bands(run);
  std::vector<XYChart> charts;

  XYChart latency;
  latency.id = prefix + "latency";
  latency.title = "End-to-end latency";
  latency.y_title = "latency (ms)";
  const struct {
    const char* name;
    const char* color;
  } percentiles[] = {{"p50", colors::P50}, {"p90", colors::P90}, {"p99", colors::P99}};
  for (const auto& p : percentiles)
    latency.series.push_back(make_series(p.name, p.color, on_time_grid(run, run.series(fmt::format("latency_ms.{}", p.name), "", "all"))));
  if (const auto slo = run.slo_ms()) latency.threshold = Threshold{*slo, fmt::format("SLO {} ms", format_value(*slo))};
  decorate(latency, run, bands);
  charts.push_back(std::move(latency));

  XYChart throughput;
  throughput.id = prefix + "throughput";
  throughput.title = "Throughput and failures (end-to-end; causes summed over services)";
  throughput.y_title = "requests/s";
  throughput.series.push_back(make_series("completed/s", colors::COMPLETED, run.series("throughput_rps", "", "all")));
  throughput.series.push_back(make_series("failed/s", colors::FAILED, run.series("failed_rps", "", "all")));
  const struct {
    const char* metric;
    const char* color;
  } causes[] = {{"rejected", colors::REJECTED}, {"timeouts", colors::TIMEOUTS}, {"errors", colors::ERRORS}};
  for (const auto& cause : causes) {
    auto rate = summed_rate(run, cause.metric);
    if (any_positive(rate)) {
      Series s = make_series(fmt::format("{}/s", cause.metric), cause.color, std::move(rate));
      s.stroke = Stroke::DASHED;
      throughput.series.push_back(std::move(s));
    }
  }
  decorate(throughput, run, bands);
  charts.push_back(std::move(throughput));

  XYChart replicas;
  replicas.id = prefix + "replicas";
  replicas.title = "Replicas (dots: scaling decisions, red: failures)";
  replicas.y_title = "replicas (instances)";
  XYChart utilization;
  utilization.id = prefix + "utilization";
  utilization.title = "CPU utilization";
  utilization.y_title = "CPU utilization (% of requested CPU)";
  for (std::size_t i = 0; i < run.services.size(); ++i) {
    const auto& service = run.services[i];
    const auto& color = category_color(i);
    replicas.series.push_back(make_series(service, color, run.series("replicas", service)));
    const auto& desired = run.series("desired_replicas", service);
    if (!desired.empty()) {
      Series d = make_series(service + " desired", color, desired);
      d.stroke = Stroke::DOTTED;
      replicas.series.push_back(std::move(d));
    }
    utilization.series.push_back(make_series(service, color, on_time_grid(run, run.series("utilization", service), 100)));
  }
  replicas.markers = scaling_markers(run);
  replicas.markers_name = "scaling decision";
  decorate(replicas, run, bands);
  decorate(utilization, run, bands);
  charts.push_back(std::move(replicas));
  charts.push_back(std::move(utilization));
  return charts;
}

bool has_call_edges(const json& summary) {
  if (!summary.contains("services")) return false;
  for (const auto& [name, s] : summary["services"].items())
    if (!s.contains("calls_to")) return false;
  return true;
}

std::vector<GraphNode> graph_nodes(const json& summary) {
  std::vector<GraphNode> nodes;
  if (!has_call_edges(summary)) return nodes;
  for (const auto& [name, s] : summary["services"].items()) {
    GraphNode n;
    n.name = name;
    for (const auto& c : s["calls_to"])
      if (c.is_string()) n.calls_to.push_back(c.get<std::string>());
    n.utilization = number_at(s, "/utilization");
    n.detail = fmt::format("{} repl. · {} % CPU · p99 {} ms", format_value(number_at(s, "/replicas/mean"), 3), format_value(100 * n.utilization, 2),
                           format_value(number_at(s, "/latency_ms/p99"), 3));
    nodes.push_back(std::move(n));
  }
  return nodes;
}

}  // namespace msim::report
