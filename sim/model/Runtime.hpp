#pragma once
/** @file
 *  @brief The run-time objects of a simulated cluster: services, endpoints, instances, calls.
 *
 *  Plain structs indexed by 32-bit ids; the behaviour lives in the components that act on them. Calls are pooled so
 *  that a request's call tree costs no allocation in steady state.
 */
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "core/Distribution.hpp"
#include "core/EventQueue.hpp"
#include "core/RandomStream.hpp"
#include "model/Counters.hpp"
#include "scaling/Autoscaler.hpp"
#include "model/Balancer.hpp"
#include "model/CircuitBreaker.hpp"
#include "model/Discovery.hpp"
#include "model/RingQueue.hpp"
#include "scenario/ScenarioSpec.hpp"

namespace msim::model {

using core::SimTime;
inline constexpr std::uint32_t NONE = 0xFFFFFFFFu;

/** A call an endpoint makes: to whom, how likely, how many times, with what timeout. */
struct CallSite {
  std::uint32_t service = NONE;
  std::uint32_t endpoint = NONE;
  double probability = 1.0;
  core::Distribution count;
  bool always_once = true;  // probability 1 and count 1: no random draw needed
  SimTime timeout = SimTime::zero();  // per attempt; zero: none
  std::optional<scenario::RetrySpec> retry;
  std::unique_ptr<CircuitBreaker> breaker;
  int bulkhead = 0;  // most calls in flight on this edge; 0: no limit
  int in_flight = 0;  // calls on this edge the callers still wait for
  int retries_in_flight = 0;
  core::RandomStream retry_rng;  // jitter: "services/<s>/endpoints/<e>/calls/<i>/retry"
  // Per-call overhead (protocol / overhead:), all zero when none is configured.
  SimTime callee_cpu = SimTime::zero();  // added to the callee's work
  SimTime request_extra = SimTime::zero();  // request bytes / bandwidth, added to the request hop
  SimTime response_extra = SimTime::zero();  // response bytes / bandwidth, added to the response hop
};

struct Step {
  bool parallel = false;
  std::uint32_t first_site = 0;  // into Endpoint::sites
  std::uint32_t site_count = 0;
};

struct Endpoint {
  std::string name;
  core::Distribution work;
  core::RandomStream work_rng;  // "services/<s>/endpoints/<e>/work"
  core::RandomStream call_rng;  // "services/<s>/endpoints/<e>/calls": probabilities and counts
  std::vector<CallSite> sites;
  std::vector<Step> steps;
  double caller_cpu = 0;  // seconds of serialization CPU its calls cost it, on average (probability x mean count x callerCpu)
  WindowedOutcome stats;
};

/** Processor-sharing state of an instance: virtual work clock and finish tags. */
struct SharedProcessor {
  double virtual_time = 0;  // work seconds served to each job since the start
  SimTime last_update;
  std::vector<std::pair<double, std::uint32_t>> jobs;  // (finish tag, call), a min-heap by tag
  core::EventId next_departure;
};

/** Per-instance load, integrated over time, and the last sample the metrics pipeline took. */
struct InstanceMetrics {
  metrics::TimeIntegral cpu;  // cores busy
  metrics::TimeIntegral in_flight;
  metrics::TimeIntegral queue;
  std::uint64_t completions = 0;
  // At the last scrape.
  double cpu_area = 0, in_flight_area = 0, queue_area = 0;
  std::uint64_t completions_at = 0;
  core::SimTime scraped_at;
  bool has_sample = false;
  double cpu_cores = 0, rps = 0, in_flight_mean = 0, queue_mean = 0;
  core::SimTime sample_at;
};

/** Where an instance runs (Placement, the cluster autoscaler). */
struct InstancePlacement {
  std::uint32_t node = NONE;
  std::uint32_t zone = 0;
  bool placed = false;  // false: pending, no node could take it
};

/** Its life from creation to termination, and the faults that hold it down (ReplicaController). */
struct InstanceLifecycle {
  bool starting = false;  // placed, its process not running yet
  bool draining = false;  // being deleted: out of the view, finishing its calls
  bool terminate_when_idle = false;
  bool gone = false;  // terminated
  core::SimTime started_at;  // when it was placed (the pod's start time)
  bool up = false;  // running (it may still be missing from, or stale in, the callers' view)
  bool unreachable = false;  // down without a reset (its node or zone failed): callers wait for a timeout
  int down_causes = 0;  // overlapping faults that hold it down
};

/** How the callers see it: readiness and discovery (EndpointView, Rollouts' blue-green hold). */
struct InstanceVisibility {
  bool held = false;  // ready, but kept out of the view until a blue-green switch
  core::SimTime ready_since = core::SimTime::max();  // in the callers' view (Ready) since
  core::SimTime ready_changed;  // last change of readiness
  std::uint32_t view_version = 0;  // discards stale discovery updates
  DiscoveryPhases discovery;
};

/** Outlier detection's record of it (EdgePolicies). */
struct InstanceOutlier {
  int consecutive_errors = 0;
  int times_ejected = 0;
  bool ejected = false;
};

/** The calls it holds: accepted and not yet answered, and those waiting for a worker (RequestFlow). */
struct InstanceCallState {
  std::uint32_t first_active = NONE;  // calls accepted here and not yet answered (intrusive list)
  int busy_workers = 0;
  RingQueue<std::uint32_t> waiting;  // calls waiting for a worker
};

/** Its share of the CPU (Compute). The sharing fields matter only when the scenario allows contention. */
struct InstanceCompute {
  int working = 0;  // threads doing CPU work right now (each wants one core)
  double speed = 1;  // work seconds done per second by each working thread
  double granted = 0;  // cores it gets: min(working, limit), then its share of the node
  double throttled = 0;  // cores wanted beyond its limit
  double contended = 0;  // cores within its limit that the node could not give
  SharedProcessor ps;
};

/** One replica of a service: its identity, and one part per component that owns it. */
struct Instance {
  std::uint32_t service = NONE;
  std::uint32_t index = 0;  // among its service's instances: named "<service>-<index>"
  std::uint8_t version = 0;  // 0: the version at the start; 1: the one a rollout brings
  core::SimTime created_at;
  InstancePlacement placement;
  InstanceLifecycle life;
  InstanceVisibility view;
  InstanceOutlier outlier;
  InstanceCallState calls;
  InstanceCompute compute;
  InstanceMetrics load;
};

/** A rollout in progress or done (Rollouts.cpp). */
struct RolloutState {
  enum class Phase { WAITING, ROLLING, DONE, ROLLED_BACK };
  const scenario::RolloutSpec* spec = nullptr;
  Phase phase = Phase::WAITING;
  std::uint8_t target = 1;  // the version being rolled to: 0 while rolling back
  std::size_t step = 0;  // canary: the step being reached or paused at
  core::SimTime step_reached = core::SimTime::max();
  bool switched = false;  // blue-green: traffic moved to the new version
  core::SimTime started_at, finished_at = core::SimTime::max(), rolled_back_at = core::SimTime::max();
  std::string rollback_reason;
};

/** How its instances serve calls: the server model of every replica (RequestFlow, Compute). */
struct ServiceServer {
  scenario::Discipline discipline = scenario::Discipline::FCFS;
  scenario::Threading threading = scenario::Threading::BLOCKING;
  int workers = 1;
  long long queue_capacity = -1;  // -1: unbounded
};

/** What each replica asks of a node (Placement, Compute, the cluster autoscaler, cost). */
struct ServiceResources {
  double cpu_request = 1;
  double cpu_limit = 0;  // 0: none
  double memory_request = 0;  // bytes
};

/** What callers see of it and how they pick an instance (EndpointView, Routing). */
struct ServiceView {
  scenario::BalancerSpec balancer;
  std::vector<std::uint32_t> visible;  // what callers believe is there (discovery's view)
  std::uint64_t visible_version = 0;  // bumped whenever `visible` changes
  DiscoveryTiming discovery;
  core::RandomStream discovery_rng;  // "services/<s>/discovery"
};

/** The faults acting on it now (FaultInjector's effects; RequestFlow draws the errors). */
struct ServiceFaults {
  double slowdown = 1;  // work multiplier from injected slowdowns
  double error_rate = 0;  // injected share of failing responses
  core::RandomStream error_rng;  // "services/<s>/errors"
};

/** Its server-side protection: rate limit, load shedding, outlier ejection, cancellation (EdgePolicies). */
struct ServiceResilience {
  bool cancellation = false;
  double rate_limit = 0;  // per second; 0: none
  double rate_limit_burst = 0;
  double tokens = 0;
  SimTime tokens_at;
  long long shed_queue_length = -1;
  SimTime shed_max_wait = SimTime::max();
  std::optional<scenario::OutlierSpec> outlier;
  int ejected_count = 0;
};

/** How many replicas it has and wants (ReplicaController). */
struct ServiceReplicas {
  int up_count = 0;
  int desired = 0;  // the replica count asked for (spec.replicas)
};

/** Its versions and the rollout between them (Rollouts). */
struct ServiceVersions {
  double work[2] = {1, 1};  // work factor per version
  double errors[2] = {0, 0};  // injected error share per version
  std::uint8_t new_instance = 0;  // the version the ReplicaSet creates now
  std::optional<RolloutState> rollout;
};

/** Its autoscaler and what it reads (Autoscaling). */
struct ServiceScaling {
  std::unique_ptr<scaling::Autoscaler> autoscaler;
  const scenario::AutoscalerSpec* spec = nullptr;
  metrics::Histogram window_latency;  // since the last scrape (latency metrics)
};

/** One service: its identity and endpoints, and one part per component that owns it. */
struct Service {
  std::string name;
  std::vector<Endpoint> endpoints;
  std::vector<std::uint32_t> instances;  // every instance, up or not
  ServiceServer server;
  ServiceResources resources;
  ServiceView view;
  ServiceFaults faults;
  ServiceResilience resilience;
  ServiceReplicas replicas;
  ServiceVersions versions;
  ServiceScaling scaling;
  ServiceStats stats;
};

/** Who made a call: the calling instance's zone, service, endpoint and call site (Routing, EdgePolicies). */
struct CallCaller {
  std::uint32_t zone = NONE;  // zone of the calling instance; NONE for a request's root call
  std::uint32_t service = NONE;
  std::uint32_t endpoint = NONE;
  std::uint32_t site = 0;  // the caller's call site that made it
};

/** Where the call's own calls are (CallTree): the step of its endpoint and the children outstanding. */
struct CallSteps {
  std::uint32_t step = 0;  // current step of the endpoint's calls
  std::uint32_t pending = 0;  // children outstanding in the current step
  std::uint32_t repeats_left = 0;  // further sequential repetitions of the current call
  std::uint32_t site = 0;  // call site of the current sequential step
};

/** What a root call came from (Traffic). */
struct CallOrigin {
  std::uint32_t workload = NONE;  // root calls only
  std::uint32_t user = NONE;  // root calls of closed-loop workloads
};

/** Its place on the edge: attempts, what it holds, its deadline and timeout (EdgePolicies, Routing). */
struct CallEdge {
  std::uint16_t attempt = 1;
  bool counted = false;  // it holds a place in its edge's in_flight (and breaker)
  bool balanced = false;  // it counts as outstanding in a balancer
  std::uint8_t upstream_tries = 1;  // connection attempts (proxy_next_upstream)
  SimTime deadline = SimTime::max();  // when its caller (or an ancestor) stops waiting
  core::EventId timeout;
};

/** Its life on the instance that took it (RequestFlow, Compute). */
struct CallOnInstance {
  SimTime work;  // CPU work it needs
  core::EventId work_done;
  std::uint32_t prev_active = NONE;  // neighbours in the instance's list of active calls
  std::uint32_t next_active = NONE;
  bool active = false;  // in that list
  bool killed = false;  // its instance crashed under it
  bool holds_worker = false;
};

/** Its span, when the request is traced (Tracing). */
struct CallTrace {
  std::uint64_t span = 0;  // span id
  std::uint64_t parent_span = 0;
  SimTime started_at;  // when its work started (after queueing)
  SimTime responded_at = SimTime::max();  // when the instance sent the response (max: never)
};

/** How it ended, when it did not succeed. */
struct CallOutcome {
  bool abandoned = false;  // the caller timed out; the result is dropped
  bool failed = false;
  FailureCause cause = FailureCause::ERROR;
};

/** One call in flight: a request's root call, or a call an endpoint made to another service. Its
 *  identity and times, and one part per concern. */
struct Call {
  std::uint32_t generation = 0;  // bumped on every reuse of the slot
  std::uint32_t parent = NONE;  // NONE for a request's root call
  std::uint32_t parent_generation = 0;  // the parent's generation when this call was made
  std::uint32_t service = NONE;
  std::uint32_t endpoint = NONE;
  std::uint32_t instance = NONE;
  std::uint32_t request_type = NONE;  // root calls, and every call of a traced request
  CallOutcome outcome;  // (here, and `traced`, to fill the padding before request_id)
  bool traced = false;  // its request is traced: `trace` holds its span
  std::uint64_t request_id = 0;
  SimTime sent_at;  // when the caller sent it
  SimTime arrived_at;  // when it reached the instance
  CallCaller caller;
  CallSteps steps;
  CallOrigin origin;
  CallEdge edge;
  CallOnInstance on;
  CallTrace trace;
};

// The pool resets one Call per call: its size is on the request path (docs/performance.md).
static_assert(sizeof(void*) != 8 || sizeof(Call) <= 184, "Call grew: reorder its parts to fill the padding, or measure the cost");

/** "<service>-<index>", as events.csv and the GUI name an instance. */
inline std::string instance_name(const std::vector<Service>& services, const std::vector<Instance>& instances, std::uint32_t i) {
  return fmt::format("{}-{}", services[instances[i].service].name, instances[i].index);
}

/** Free-list pool of calls; ids stay valid until released. */
class CallPool {
public:
  std::uint32_t acquire() {
    if (!free_.empty()) {
      const std::uint32_t id = free_.back();
      free_.pop_back();
      const std::uint32_t generation = calls_[id].generation + 1;
      calls_[id] = Call{};
      calls_[id].generation = generation;
      return id;
    }
    calls_.emplace_back();
    return static_cast<std::uint32_t>(calls_.size() - 1);
  }
  void release(std::uint32_t id) { free_.push_back(id); }
  Call& operator[](std::uint32_t id) { return calls_[id]; }
  const Call& operator[](std::uint32_t id) const { return calls_[id]; }
  std::size_t in_use() const { return calls_.size() - free_.size(); }

private:
  std::vector<Call> calls_;
  std::vector<std::uint32_t> free_;
};

}  // namespace msim::model
