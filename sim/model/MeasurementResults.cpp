// Measurement: the measured results of summary.json (the output contract, docs/output-format.md).
#include <fmt/format.h>

#include "model/Measurement.hpp"
#include "scenario/ServiceGraph.hpp"

namespace msim::model {
namespace {

using json = nlohmann::ordered_json;

double ms(double ns) { return ns * 1e-6; }

json latency_json(const metrics::Histogram& h) {
  json j;
  j["mean"] = ms(h.mean());
  j["p50"] = ms(h.quantile(0.50));
  j["p90"] = ms(h.quantile(0.90));
  j["p99"] = ms(h.quantile(0.99));
  j["p999"] = ms(h.quantile(0.999));
  j["max"] = ms(static_cast<double>(h.max()));
  return j;
}

json outcome_json(const OutcomeCounter& o, double seconds) {
  json j;
  j["completed"] = o.completed_count();
  j["failed"] = o.failed_count();
  json causes;
  for (std::size_t i = 0; i < o.failed_by_cause.size(); ++i) causes[FAILURE_CAUSE_NAMES[i]] = o.failed_by_cause[i];
  j["failed_by_cause"] = causes;
  const double total = static_cast<double>(o.completed_count() + o.failed_count());
  j["failed_ratio"] = total > 0 ? static_cast<double>(o.failed_count()) / total : 0.0;
  j["throughput_rps"] = seconds > 0 ? static_cast<double>(o.completed_count()) / seconds : 0.0;
  j["latency_ms"] = latency_json(o.latency);
  return j;
}

}  // namespace

json Measurement::results() const {
  const auto now = s_.sim.now();
  const double measured = (now - window_start_).seconds();
  json j;
  json requests;
  auto with_slo = [&](const OutcomeCounter& o, bool all) {
    json out = outcome_json(o, measured);
    // Failed requests at the time they failed, beside the completed ones: what users saw.
    out["latency_all_ms"] = latency_json(o.latency_of_all());
    if (!s_.spec.slo_latency) return out;
    const double total = static_cast<double>(o.completed_count() + o.failed_count());
    const double within = static_cast<double>(o.latency.count_at_or_below(s_.spec.slo_latency->ns()));
    json slo;
    slo["objective_ms"] = s_.spec.slo_latency->milliseconds();
    slo["percentile"] = 100 * s_.spec.slo_quantile;
    slo["attainment"] = total > 0 ? within / total : 1.0;  // failures count as misses
    if (all) slo["intervals_met"] = slo_intervals_ > 0 ? static_cast<double>(slo_intervals_met_) / static_cast<double>(slo_intervals_) : 1.0;
    out["slo"] = slo;
    return out;
  };
  for (const auto& t : s_.outcomes.types()) requests[t.name] = with_slo(t.stats.window, false);
  // Where the time of traced requests went, per service: mean per request (calls in parallel
  // overlap, so the parts can add up to more than the latency; in sequence they add up to it).
  for (const auto& [type, done] : s_.tracing.completed()) {
    if (done.requests == 0) continue;
    const double n = static_cast<double>(done.requests);
    json services_json = json::object();
    for (const auto& [key, b] : s_.tracing.breakdown()) {
      if (key.first != type) continue;
      services_json[s_.services[key.second].name] = {{"calls", static_cast<double>(b.calls) / n}, {"queue_ms", 1e3 * b.queue_s / n},
                                                   {"work_ms", 1e3 * b.work_s / n}, {"network_ms", 1e3 * b.network_s / n}};
    }
    requests[s_.outcomes.types()[type].name]["breakdown"] = {{"traced_requests", done.requests}, {"latency_ms_mean", 1e3 * done.latency_s / n},
                                                {"services", services_json}};
  }
  requests["all"] = with_slo(s_.outcomes.all().window, true);
  j["requests"] = requests;
  if (!s_.outcomes.windows().empty()) {
    // Keyed "600s-1200s" (an object, not a list, so that replications average like the rest).
    json windows = json::object();
    for (const auto& w : s_.outcomes.windows()) {
      const double seconds = (std::min(w.to, now) - w.from).seconds();
      json entry = {{"from_s", w.from.seconds()}, {"to_s", w.to.seconds()}};
      entry["requests"] = with_slo(w.outcome, false);
      entry["requests"]["throughput_rps"] = seconds > 0 ? static_cast<double>(w.outcome.completed_count()) / seconds : 0.0;
      windows[fmt::format("{:g}s-{:g}s", w.from.seconds(), w.to.seconds())] = std::move(entry);
    }
    j["windows"] = windows;
  }

  // Who calls whom, so that readers of the folder alone (msim report) can draw the service graph.
  std::map<std::string, json> callees;
  const auto graph = scenario::build_service_graph(s_.spec);
  for (const auto e : boost::make_iterator_range(boost::edges(graph))) {
    auto& list = callees[graph[boost::source(e, graph)].name];
    if (!list.is_array()) list = json::array();
    list.push_back(graph[boost::target(e, graph)].name);
  }
  json services;
  for (const auto& s : s_.services) {
    const auto& st = s.stats;
    const auto& o = st.outcome.window;
    json js;
    js["completed"] = o.completed_count();
    js["failed"] = o.failed_count();
    js["throughput_rps"] = measured > 0 ? static_cast<double>(o.completed_count()) / measured : 0.0;
    js["latency_ms"] = latency_json(o.latency);
    js["rejected"] = o.failed_count(FailureCause::REJECTED);
    js["timeouts"] = st.timeouts;
    js["connect_failures"] = st.connect_failures;
    js["injected_errors"] = st.injected_errors;
    js["retries"] = st.retries;
    js["short_circuited"] = st.short_circuited;
    js["bulkhead_rejected"] = st.bulkhead_rejected;
    js["rate_limited"] = st.rate_limited;
    js["shed"] = st.shed;
    js["cancelled"] = st.cancelled;
    js["ejections"] = st.ejections;
    js["errors"] = o.failed_count(FailureCause::ERROR);
    const double instance_seconds = st.replicas.window_area(now);
    const double cpu_seconds = st.busy_cores.window_area(now);
    js["utilization"] = instance_seconds > 0 ? cpu_seconds / (s.resources.cpu_request * instance_seconds) : 0.0;
    js["cpu_seconds"] = cpu_seconds;
    // Shares of the CPU time its threads wanted: refused by its limit (CFS throttling), or by a full node.
    const double throttled = st.cpu_throttled.window_area(now), contended = st.cpu_contended.window_area(now);
    const double wanted = cpu_seconds + throttled + contended;
    js["cpu_throttled_share"] = wanted > 0 ? throttled / wanted : 0.0;
    js["cpu_contended_share"] = wanted > 0 ? contended / wanted : 0.0;
    js["queue_length"] = {{"mean", measured > 0 ? st.queue_length.window_area(now) / measured : 0.0}};
    js["wait_ms"] = {{"mean", st.started > 0 ? 1000.0 * st.wait_seconds / static_cast<double>(st.started) : 0.0}};
    js["waited_fraction"] = st.started > 0 ? static_cast<double>(st.waited) / static_cast<double>(st.started) : 0.0;
    js["in_flight"] = {{"mean", measured > 0 ? st.in_flight.window_area(now) / measured : 0.0}};
    js["replicas"] = {{"min", st.replicas_min}, {"mean", measured > 0 ? instance_seconds / measured : 0.0}, {"max", st.replicas_max}};
    js["instance_seconds"] = instance_seconds;
    const double crashed_seconds = st.crashed.window_area(now);
    js["availability"] = instance_seconds + crashed_seconds > 0 ? instance_seconds / (instance_seconds + crashed_seconds) : 0.0;
    js["desired_replicas"] = s.replicas.desired;
    js["scaling_actions"] = st.scaling_actions;
    js["autoscaler"] = s.scaling.autoscaler ? s.scaling.autoscaler->name() : "static";
    const auto called = callees.find(s.name);
    js["calls_to"] = called == callees.end() ? json::array() : called->second;
    if (s.versions.rollout) {
      const auto& r = *s.versions.rollout;
      using P = RolloutState::Phase;
      auto at = [](core::SimTime t) { return t == core::SimTime::max() ? json(nullptr) : json(t.seconds()); };
      int new_version = 0;
      for (const auto i : s.instances) new_version += !s_.instances[i].life.gone && s_.instances[i].version == 1 ? 1 : 0;
      js["rollout"] = {{"strategy", r.spec->strategy == scenario::RolloutSpec::Strategy::ROLLING ? "rolling"
                                    : r.spec->strategy == scenario::RolloutSpec::Strategy::CANARY ? "canary" : "blue_green"},
                       {"outcome", r.phase == P::WAITING ? "not_started" : r.phase == P::ROLLING ? (r.target == 1 ? "in_progress" : "rolling_back")
                                   : r.phase == P::DONE ? "done" : "rolled_back"},
                       {"started_s", r.phase == P::WAITING ? json(nullptr) : json(r.started_at.seconds())},
                       {"finished_s", at(r.finished_at)},
                       {"rolled_back_s", at(r.rolled_back_at)},
                       {"rollback_reason", r.rollback_reason},
                       {"new_version_instances", new_version}};
    }
    json eps;
    for (const auto& e : s.endpoints) {
      json je;
      je["completed"] = e.stats.window.completed_count();
      je["failed"] = e.stats.window.failed_count();
      je["throughput_rps"] = measured > 0 ? static_cast<double>(e.stats.window.completed_count()) / measured : 0.0;
      je["latency_ms"] = latency_json(e.stats.window.latency);
      eps[e.name] = je;
    }
    js["endpoints"] = eps;
    services[s.name] = js;
  }
  j["services"] = services;

  json cluster;
  cluster["zones"] = s_.placement.zones();
  std::size_t live_nodes = 0;
  for (const auto& node : s_.placement.nodes()) live_nodes += node.removed ? 0 : 1;
  cluster["nodes"] = live_nodes;
  cluster["instances"] = s_.instances.size();
  std::size_t pending = 0;
  for (const std::uint32_t i : s_.replicas.pending_instances()) pending += s_.instances[i].life.gone || s_.instances[i].placement.placed ? 0 : 1;
  cluster["pending_instances"] = pending;  // at the end of the run
  j["cluster"] = cluster;
  double core_hours = 0;
  for (const auto& s : s_.services) core_hours += s.stats.replicas.window_area(now) * s.resources.cpu_request / 3600.0;
  // Node pools with a price are paid per node-hour; otherwise requested cores are.
  double node_hours = 0, node_dollars = 0;
  bool priced = false;
  for (const auto& node : s_.placement.nodes()) {
    if (node.pool >= s_.placement.pools().size()) continue;
    const double from = std::max(node.added_at, window_start_.seconds());
    const double to = node.removed_at < 0 ? now.seconds() : std::min(node.removed_at, now.seconds());
    if (to <= from) continue;
    const double price = s_.placement.pools()[node.pool].price_per_second;
    priced = priced || price > 0;
    node_hours += (to - from) / 3600.0;
    node_dollars += (to - from) * price;
  }
  j["cost"] = {{"core_hours", core_hours}, {"price_per_core_hour", s_.spec.price_per_core_hour}, {"node_hours", node_hours},
               {"dollars", priced ? node_dollars : core_hours * s_.spec.price_per_core_hour},
               {"basis", priced ? "node-hours x pool price" : "requested core-hours x pricePerCoreHour"}};
  json faults = json::object();
  for (const auto& [kind, count] : s_.fault_counts) faults[kind] = count;
  j["faults"] = faults;
  return j;
}


}  // namespace msim::model
