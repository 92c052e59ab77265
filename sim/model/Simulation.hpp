#pragma once
/** @file
 *  @brief One simulation run of a scenario: builds the cluster, generates traffic, moves requests
 *         through services, and records metrics and result files.
 */
#include <filesystem>
#include <map>
#include <string_view>
#include <unordered_map>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/Simulator.hpp"
#include "metrics/Recorder.hpp"
#include "metrics/Stats.hpp"
#include "model/Autoscaling.hpp"
#include "model/ClusterAutoscaler.hpp"
#include "model/Compute.hpp"
#include "model/DisruptionBudget.hpp"
#include "model/EndpointView.hpp"
#include "model/EventLog.hpp"
#include "model/FaultInjector.hpp"
#include "model/Placement.hpp"
#include "model/ReplicaController.hpp"
#include "model/RequestOutcomes.hpp"
#include "model/Rollouts.hpp"
#include "model/Routing.hpp"
#include "model/Runtime.hpp"
#include "model/Traffic.hpp"
#include "scenario/ScenarioSpec.hpp"

namespace msim::model {

struct RunOptions {
  std::uint64_t replication = 0;  // selects the random streams, with the seed
  /** Where rows go as the run produces them (CSV files, memory for a GUI); none: nowhere. Not
   *  owned; each must outlive the Simulation. */
  std::vector<metrics::Recorder*> recorders;
  /** Called at each request's completion (time, end-to-end latency in seconds), e.g. for MSER. */
  std::function<void(core::SimTime, double)> on_request_completed;
  /** Time windows [from, to) whose requests are also measured on their own (summary.json "windows"). */
  std::vector<std::pair<core::SimTime, core::SimTime>> windows;
  /** Hash every fired event into summary.json's "trajectory_fingerprint" (tests/fingerprints). */
  bool fingerprint = false;
};

/**
 * @brief A single run. Drive it with advance() until it returns true, then read summary(); rows
 * went to RunOptions::recorders meanwhile. Single-threaded: create and drive it on one thread.
 */
class Simulation : private RequestStarter, private WorkDoneListener, private InstanceCalls {
public:
  Simulation(const scenario::ScenarioSpec& spec, RunOptions options);
  ~Simulation();
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  /** Fires up to `max_events` events; returns true once simulated time has reached the duration. */
  bool advance(std::uint64_t max_events);
  bool finished() const { return finished_; }
  core::SimTime now() const { return sim_.now(); }
  core::SimTime duration() const { return spec_.duration; }
  std::uint64_t events() const { return sim_.events_fired(); }

  /** The results (schema in docs/output-format.md). `wall_seconds` fills the wall_* fields. */
  nlohmann::ordered_json summary(double wall_seconds) const;

private:
  // Construction.
  void build_services();

  // A request's start and end (SimulationRequests.cpp).
  void start_request(std::uint32_t workload, std::uint32_t user, std::uint32_t type) override;
  void complete_request(std::uint32_t call);

  // Request flow.
  void dispatch(std::uint32_t call);
  void on_arrive(std::uint64_t call);
  void reject(std::uint32_t call);
  /** The call fails with `cause`, counted once for its service and endpoint. */
  void fail_call(Call& call, metrics::FailureCause cause);
  void start_work(std::uint32_t call);
  void work_done(std::uint32_t call) override;
  void release_worker(std::uint32_t call);
  void run_steps(std::uint32_t call);
  std::uint32_t draw_count(Endpoint& endpoint, const CallSite& site);
  void send_child(std::uint32_t parent, std::uint32_t site, std::uint16_t attempt);
  void finish(std::uint32_t call);
  void respond(std::uint32_t call);
  void on_response(std::uint64_t call);
  void on_timeout(std::uint64_t call);
  struct ChildResult {
    bool failed;
    metrics::FailureCause cause;
    std::uint32_t site;
    std::uint16_t attempt;
  };
  void child_done(std::uint32_t parent, const ChildResult& result);

  // Resilience (SimulationResilience.cpp).
  bool take_token(Service& service);
  bool is_orphan(std::uint32_t call) const;
  bool cancel_if_orphaned(std::uint32_t call);
  void release_edge(Call& child);
  void observe_instance(const Call& call, bool failed, metrics::FailureCause cause);
  void on_uneject(std::uint64_t instance);
  bool retry_allowed(std::uint32_t parent, const ChildResult& result);
  void schedule_retry(std::uint32_t parent, const ChildResult& result);
  void on_retry(std::uint64_t pending);
  void log_breaker_transition(std::uint32_t caller_service, CallSite& site);
  void on_next_upstream(std::uint64_t call);
  /** The call site that made `call` (a call between services, call_overhead_ only). */
  const CallSite& site_of(const Call& call) const {
    return services_[call.caller_service].endpoints[call.caller_endpoint].sites[call.from_site];
  }
  bool parent_waiting(const Call& call) const;
  void activate(std::uint32_t call);
  void deactivate(std::uint32_t call);
  void fail_connection(std::uint32_t call);

  // The calls a dead instance held (SimulationRequests.cpp).
  void kill_calls(std::uint32_t instance) override;

  // Load accounting (Simulation.cpp).
  void change_in_flight(std::uint32_t instance, int delta);
  void change_queue(std::uint32_t instance, int delta);

  // Metrics.
  void on_warmup_end(std::uint64_t);
  void on_metrics_tick(std::uint64_t);
  void write_interval_rows();
  void write_span(std::uint32_t c);

  const scenario::ScenarioSpec& spec_;
  RunOptions options_;
  core::Simulator sim_;
  EventLog events_;
  core::Trajectory trajectory_;  // with RunOptions::fingerprint
  Placement placement_;
  std::vector<Service> services_;
  std::vector<Instance> instances_;
  FaultCounts fault_counts_;
  Traffic traffic_;
  RequestOutcomes outcomes_;
  CallPool calls_;
  Compute compute_;
  EndpointView view_;
  ReplicaController replicas_;
  DisruptionBudgets budgets_;
  FaultInjector faults_;
  Routing routing_;
  ClusterAutoscaler cluster_autoscaler_;
  Autoscaling autoscaling_;
  Rollouts rollouts_;
  core::RandomStream tracing_rng_;
  std::uint64_t next_request_id_ = 0;
  std::uint64_t next_span_id_ = 0;
  /** Latency breakdown of traced requests, per (request type, service): where the time went. */
  struct BreakdownSums {
    std::uint64_t calls = 0;
    double queue_s = 0, work_s = 0, network_s = 0;
  };
  std::map<std::pair<std::uint32_t, std::uint32_t>, BreakdownSums> breakdown_;
  std::map<std::uint32_t, std::pair<std::uint64_t, double>> traced_completed_;  // per type: requests, latency sum (s)
  void record_breakdown(const Call& call);
  core::SimTime last_tick_;
  std::uint64_t slo_intervals_ = 0;
  std::uint64_t slo_intervals_met_ = 0;
  core::SimTime window_start_;
  bool finished_ = false;

  struct PendingRetry {
    std::uint32_t parent;
    std::uint32_t parent_generation;
    std::uint32_t site;
    std::uint16_t attempt;
    metrics::FailureCause cause;  // of the attempt that failed
  };
  std::vector<PendingRetry> retries_;
  std::vector<std::uint32_t> free_retries_;
  bool call_overhead_ = false;  // some call edge has a per-call overhead (protocol / overhead:)

  bool spans_wanted_ = false;  // some recorder takes spans
};

}  // namespace msim::model
