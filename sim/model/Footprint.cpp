#include "model/Footprint.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>

#include <fmt/format.h>
#include <unistd.h>

namespace msim::model {
namespace {

// Sizes of engine state (bytes), fitted a little above peak RSS on generated scenarios: 2,000
// services with 20,000 instances (175 MiB; estimated 219 MiB) and the data-centre run of
// docs/performance.md (20,000 services, 200,000 instances: 1.74 GiB; estimated 2.0 GiB).
constexpr double CALL_BYTES = 256;  // a pooled call and its bookkeeping
constexpr double INSTANCE_BYTES = 2048;
constexpr double ENDPOINT_BYTES = 40 * 1024;  // random streams and window/interval histograms
constexpr double SERVICE_BYTES = 40 * 1024;
constexpr double BASE_BYTES = 24.0 * 1024 * 1024;  // the process itself (the quick start peaks at 18 MiB)
constexpr double ROW_BYTES = 56;  // a timeseries.csv line
constexpr double ROW_MEMORY_BYTES = 160;  // a kept row (msim-gui)
constexpr double SPAN_BYTES = 120;  // a spans.csv line
constexpr double EVENTS_PER_CALL = 4;  // arrive, start, finish, respond
constexpr double MAX_CALLS_PER_REQUEST = 1e7;

double peak_rate(const scenario::WorkloadSpec& w, double duration_s) {
  if (w.kind == scenario::WorkloadSpec::Kind::CLOSED) {
    const double think = std::max(w.think.mean(), 1e-3);
    return std::isfinite(think) ? w.users / think : 0.0;
  }
  if (w.arrival == scenario::WorkloadSpec::Arrival::TRACE) return static_cast<double>(w.trace_times.size()) / std::max(duration_s, 1e-9);
  return w.rate.max_rate();
}

}  // namespace

Footprint estimate_footprint(const scenario::ScenarioSpec& spec, bool keep_rows) {
  Footprint f;
  const double duration = spec.duration.seconds();
  std::map<std::string, std::size_t> service_index;
  for (std::size_t s = 0; s < spec.services.size(); ++s) service_index[spec.services[s].name] = s;

  // Mean calls an endpoint makes, itself included (the call graph is acyclic: the loader checks).
  std::map<std::pair<std::size_t, std::string>, double> tree_size;
  std::function<double(std::size_t, const std::string&, int)> calls_of = [&](std::size_t s, const std::string& endpoint, int depth) -> double {
    const auto key = std::pair(s, endpoint);
    if (const auto it = tree_size.find(key); it != tree_size.end()) return it->second;
    double total = 1;
    if (depth < 64)
      for (const auto& ep : spec.services[s].endpoints)
        if (ep.name == endpoint)
          for (const auto& step : ep.steps)
            for (const auto& call : step.calls) {
              const auto callee = service_index.find(call.service);
              if (callee == service_index.end()) continue;
              const double count = std::max(0.0, call.count.mean());
              total += call.probability * count * calls_of(callee->second, call.endpoint, depth + 1);
            }
    total = std::min(total, 1e300);
    tree_size[key] = total;
    return total;
  };
  // Calls per second arriving at each service, from every workload's peak rate.
  std::vector<double> arrivals(spec.services.size(), 0.0);
  std::function<void(std::size_t, const std::string&, double, int)> spread = [&](std::size_t s, const std::string& endpoint, double rate, int depth) {
    arrivals[s] += rate;
    if (depth >= 64 || rate < 1e-9) return;
    for (const auto& ep : spec.services[s].endpoints)
      if (ep.name == endpoint)
        for (const auto& step : ep.steps)
          for (const auto& call : step.calls)
            if (const auto callee = service_index.find(call.service); callee != service_index.end())
              spread(callee->second, call.endpoint, rate * call.probability * std::max(0.0, call.count.mean()), depth + 1);
  };
  double request_rate = 0, pending_closed = 0, weighted_tree = 0;
  for (const auto& w : spec.workloads) {
    const double rate = peak_rate(w, duration);
    double weights = 0;
    for (const auto& t : w.mix) weights += t.weight;
    for (const auto& t : w.mix) {
      const auto s = service_index.find(t.service);
      if (s == service_index.end() || weights <= 0) continue;
      const double share = rate * t.weight / weights;
      const double tree = calls_of(s->second, t.endpoint, 0);
      f.calls_per_request = std::max(f.calls_per_request, tree);
      weighted_tree += share * tree;
      spread(s->second, t.endpoint, share, 0);
      if (w.kind == scenario::WorkloadSpec::Kind::CLOSED) pending_closed += w.users * t.weight / weights * tree;
    }
    request_rate += rate;
  }
  for (const double a : arrivals) f.calls_per_s += a;

  // Backlog: an open-loop service offered more than it can serve, with nowhere to drop the excess.
  double largest = 0;
  double instances = 0, endpoints = 0, rows_per_tick = 6.0 * 1;  // "all"
  for (std::size_t s = 0; s < spec.services.size(); ++s) {
    const auto& svc = spec.services[s];
    const int most = svc.autoscaler ? std::max(svc.replicas, svc.autoscaler->max_replicas) : svc.replicas;
    instances += most;
    endpoints += static_cast<double>(svc.endpoints.size());
    rows_per_tick += 8 + 6.0 * static_cast<double>(svc.endpoints.size());
    if (svc.queue || arrivals[s] <= 0) continue;
    double mean_work = 0;
    for (const auto& ep : svc.endpoints) mean_work = std::max(mean_work, ep.work.mean());
    const double capacity = mean_work > 0 && std::isfinite(mean_work) ? most * std::max(1, svc.workers) / mean_work
                            : mean_work == 0                          ? arrivals[s]
                                                                      : 0.0;
    const double excess = std::max(0.0, arrivals[s] - capacity) * duration;
    f.pending_calls += excess;
    if (excess > largest) {
      largest = excess;
      f.backlog_reason = fmt::format("service '{}' is offered up to {:.3g} calls/s but serves at most {:.3g}/s, and its queue is unbounded",
                                     svc.name, arrivals[s], capacity);
    }
  }
  f.pending_calls = std::max(f.pending_calls, pending_closed);
  for (const auto& w : spec.workloads) rows_per_tick += 6.0 * static_cast<double>(w.mix.size());
  const double ticks = duration / std::max(spec.metrics_interval.seconds(), 1e-9);
  const double rows = rows_per_tick * ticks;
  f.output_bytes = rows * ROW_BYTES + request_rate * duration * spec.trace_sample * (weighted_tree / std::max(request_rate, 1e-300)) * SPAN_BYTES;
  f.memory_bytes = BASE_BYTES + static_cast<double>(spec.services.size()) * SERVICE_BYTES + endpoints * ENDPOINT_BYTES +
                   instances * INSTANCE_BYTES + f.pending_calls * CALL_BYTES + (keep_rows ? rows * ROW_MEMORY_BYTES : 0.0);
  // One request's whole call tree can be in flight at once (parallel fan-out).
  f.memory_bytes = std::max(f.memory_bytes, BASE_BYTES + f.calls_per_request * CALL_BYTES);
  f.events = f.calls_per_s * EVENTS_PER_CALL * duration + ticks;
  return f;
}

double default_memory_budget() {
  const long pages = ::sysconf(_SC_PHYS_PAGES);
  const long page = ::sysconf(_SC_PAGESIZE);
  if (pages <= 0 || page <= 0) return 8.0 * (1 << 30);
  return 0.5 * static_cast<double>(pages) * static_cast<double>(page);
}

std::string format_bytes(double bytes) {
  if (!std::isfinite(bytes)) return "unbounded";
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  int u = 0;
  while (bytes >= 1024 && u < 6) bytes /= 1024, ++u;
  return fmt::format("{:.{}f} {}", bytes, bytes < 10 ? 1 : 0, units[u]);
}

std::string over_budget(const Footprint& f, double memory_budget, double disk_free) {
  const std::string advice = "; if that is really what you want, raise the budget with --max-memory SIZE or run with --force";
  if (f.calls_per_request > MAX_CALLS_PER_REQUEST)
    return fmt::format("one request makes about {:.3g} calls (the product of the call counts along its paths), more than the {:.0e} msim "
                       "accepts: lower the counts, or give a call a probability{}",
                       f.calls_per_request, MAX_CALLS_PER_REQUEST, advice);
  if (f.memory_bytes > memory_budget)
    return fmt::format("this run would need about {} of memory ({:.3g} calls held at the end{}), more than the budget of {}: bound the "
                       "queue (queue: N), add capacity, lower the rate or shorten the run{}",
                       format_bytes(f.memory_bytes), f.pending_calls, f.backlog_reason.empty() ? "" : ": " + f.backlog_reason,
                       format_bytes(memory_budget), advice);
  if (disk_free >= 0 && f.output_bytes > disk_free)
    return fmt::format("this run would write about {} of results (timeseries.csv: a row per series every metrics interval), more than "
                       "the {} free on the output folder's disk: lengthen metrics.interval, shorten the run or free space{}",
                       format_bytes(f.output_bytes), format_bytes(disk_free), advice);
  return {};
}

}  // namespace msim::model
