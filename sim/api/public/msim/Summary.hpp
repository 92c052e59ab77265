#pragma once
/** @file
 *  @brief A run's results as typed values: what summary.json holds (docs/output-format.md), read
 *         once by the API so that front ends (GUI, Python) never walk JSON. summary.json stays the
 *         contract on disk; `Summary::document` is its text for tools that want it whole.
 *
 *  Every number is a double: after replications a count is the mean across them and need not be
 *  whole. Lists keep the order of summary.json, which is the scenario's order.
 */
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace msim::api {

/** A latency object, in milliseconds. */
struct LatencyMs {
  double mean = 0, p50 = 0, p90 = 0, p99 = 0, p999 = 0, max = 0;
};

/** How the requests met the scenario's `slo` (present only when it has one). */
struct SloResult {
  double objective_ms = 0;
  double percentile = 0;  // e.g. 99
  double attainment = 1;  // share of requests within the objective; failures count as misses
  std::optional<double> intervals_met;  // all requests only: share of reporting intervals that met it
};

/** Completed and failed requests of a request type, of all requests, or of a window. */
struct RequestOutcome {
  double completed = 0, failed = 0;
  std::vector<std::pair<std::string, double>> failed_by_cause;  // cause name ("timeout", ...) -> count
  double failed_ratio = 0;
  double throughput_rps = 0;
  LatencyMs latency_ms;  // completed requests
  LatencyMs latency_all_ms;  // completed and failed, each failure at the time it failed
  std::optional<SloResult> slo;
};

/** Where the time of traced requests went, per service: means per traced request. */
struct ServiceTime {
  std::string service;
  double calls = 0, queue_ms = 0, work_ms = 0, network_ms = 0;
};
struct LatencyBreakdown {
  double traced_requests = 0;
  double latency_ms_mean = 0;
  std::vector<ServiceTime> services;
};

struct RequestTypeResult {
  std::string name;  // a request type of the scenario, or "all"
  RequestOutcome outcome;
  std::optional<LatencyBreakdown> breakdown;  // when tracing sampled requests of this type
};

struct EndpointResult {
  std::string name;
  double completed = 0, failed = 0, throughput_rps = 0;
  LatencyMs latency_ms;
};

struct RolloutResult {
  std::string strategy;  // "rolling", "canary" or "blue_green"
  std::string outcome;  // "not_started", "in_progress", "rolling_back", "done" or "rolled_back"
  std::optional<double> started_s, finished_s, rolled_back_s;
  std::string rollback_reason;
  double new_version_instances = 0;
};

struct ServiceResult {
  std::string name;
  double completed = 0, failed = 0, throughput_rps = 0;
  LatencyMs latency_ms;
  // Failures and resilience actions, counted in the measured window.
  double rejected = 0, timeouts = 0, connect_failures = 0, injected_errors = 0, retries = 0, short_circuited = 0,
         bulkhead_rejected = 0, rate_limited = 0, shed = 0, cancelled = 0, ejections = 0, errors = 0;
  double utilization = 0;  // CPU used / CPU requested by its instances, 0 to 1 (can pass 1 up to the limit)
  double cpu_seconds = 0;
  double cpu_throttled_share = 0, cpu_contended_share = 0;  // of the CPU time its threads wanted
  double queue_length_mean = 0;
  double wait_ms_mean = 0;
  double waited_fraction = 0;
  double in_flight_mean = 0;
  double replicas_min = 0, replicas_mean = 0, replicas_max = 0;
  double instance_seconds = 0;
  double availability = 0;  // share of instance time up (not crashed)
  double desired_replicas = 0;  // at the end of the run
  double scaling_actions = 0;
  std::string autoscaler;  // its kind, or "static"
  std::vector<std::string> calls_to;  // services it calls
  std::optional<RolloutResult> rollout;
  std::vector<EndpointResult> endpoints;
};

/** A stretch of the run judged on its own: `windows` of the scenario, or of msim compare. */
struct WindowResult {
  std::string name;  // "600s-1200s"
  double from_s = 0, to_s = 0;
  RequestOutcome requests;
};

struct ClusterResult {
  std::vector<std::string> zones;
  double nodes = 0, instances = 0;
  double pending_instances = 0;  // at the end of the run
};

struct CostResult {
  double core_hours = 0, price_per_core_hour = 0, node_hours = 0, dollars = 0;
  std::string basis;  // how `dollars` was computed
};

/** How `warmup: auto` chose the warm-up (MSER-5). */
struct AutoWarmup {
  std::string method;
  double truncated_batches = 0, batch_size = 0, batches = 0;
  bool reliable = false;
};

struct Summary {
  double schema_version = 0;
  std::string msim_version;
  std::string scenario, scenario_path, scenario_sha256;
  std::vector<std::pair<std::string, std::string>> overrides;  // --set key -> value
  std::uint64_t seed = 0;
  std::optional<double> replication;  // one run's index; absent when replications are aggregated
  std::optional<double> replications;  // aggregated: how many
  double sim_time_s = 0, warmup_s = 0, measured_s = 0;
  double events = 0;
  std::optional<AutoWarmup> warmup_auto;
  std::string trajectory_fingerprint;  // with --fingerprint
  double wall_s = 0, wall_events_per_s = 0;  // machine time: the only fields that differ between reruns

  std::vector<RequestTypeResult> requests;  // the scenario's request types, then "all"
  std::vector<WindowResult> windows;
  std::vector<ServiceResult> services;
  ClusterResult cluster;
  CostResult cost;
  std::vector<std::pair<std::string, double>> faults;  // failure kind -> how many started

  /** Aggregated replications: the 95 % Student-t half-widths, same shape, numbers only. */
  std::shared_ptr<const Summary> ci95;
  /** summary.json as written (or as it would be written, for a summary taken during a run). */
  std::string document;

  /** All requests; every summary has it. */
  const RequestOutcome& all() const;
  /** A request type or service by name; null when there is none of that name. */
  const RequestTypeResult* request_type(const std::string& name) const;
  const ServiceResult* service(const std::string& name) const;
};

/** Reads the text of a summary.json. Keys it does not know are ignored and missing ones keep their
 *  defaults (docs/output-format.md, "Versioning"); a value of the wrong type throws
 *  std::invalid_argument naming `origin` and the key's dotted path. */
Summary parse_summary(const std::string& text, const std::string& origin);
/** Reads <folder>/summary.json; throws std::invalid_argument naming the file when it is missing or unreadable. */
Summary read_summary(const std::filesystem::path& folder);

/** Every number of the summary (ci95 included) with its dotted path in summary.json, e.g.
 *  ("requests.all.latency_ms.p99", 12.5): what a table or a Python frame can be built from. */
void for_each_number(const Summary& summary, const std::function<void(const std::string& path, double value)>& visit);

}  // namespace msim::api
