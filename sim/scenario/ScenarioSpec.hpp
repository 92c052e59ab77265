#pragma once
/** @file
 *  @brief A scenario as plain, validated data: what the YAML file says, with defaults applied.
 */
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/Params.hpp"
#include "core/Distribution.hpp"
#include "core/SimTime.hpp"
#include "scaling/Settings.hpp"

namespace msim::scenario {

using core::Distribution;
using core::SimTime;

/** Where something was written: file, 1-based line and column (0 when unknown). */
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
};

/** Retries of a failed call (resilience4j RetryConfig defaults; Envoy-style retry budget). */
struct RetrySpec {
  enum class Jitter { NONE, FULL, EQUAL };
  int attempts = 3;  // including the first
  SimTime base = SimTime::from_ms(500);  // wait before the first retry
  double multiplier = 1;  // exponential backoff factor
  SimTime cap = SimTime::from_seconds(30);  // longest wait
  Jitter jitter = Jitter::NONE;
  std::optional<double> budget;  // retries in flight at most this share of calls in flight (Envoy retry_budget)
  int min_retry_concurrency = 3;  // ... but always at least this many
  bool on_timeout = true;
  bool on_error = true;
  bool on_rejected = true;
};

/** A circuit breaker with resilience4j CircuitBreakerConfig semantics and defaults. */
struct BreakerSpec {
  bool enabled = true;  // false: written down but switched off (handy with --set)
  bool time_based = false;  // window of seconds instead of calls
  int window = 100;  // calls (COUNT_BASED) or seconds (TIME_BASED)
  int minimum_calls = 100;
  double failure_rate = 0.5;
  double slow_call_rate = 1.0;
  SimTime slow_call_duration = SimTime::from_seconds(60);
  SimTime open_duration = SimTime::from_seconds(60);
  int half_open_calls = 10;
};

/** What one call costs beyond the callee's own work: (de)serialization CPU and payload bytes.
 *  Written per call edge as `protocol: rest|grpc` (a preset) and/or `overhead: {...}`. */
struct CallOverheadSpec {
  std::string protocol;  // the preset it started from ("rest", "grpc"), empty for none
  SimTime callee_cpu;  // added to the callee's work: deserialize the request, serialize the response
  SimTime caller_cpu;  // added to the caller's work (x probability x mean count): serialize the request, parse the response
  double request_bytes = 0;  // on the wire towards the callee, turned into time by network.bandwidth
  double response_bytes = 0;  // on the wire back to the caller

  /** The preset `name` ("rest" or "grpc"), or nothing for an unknown name. */
  static std::optional<CallOverheadSpec> preset(const std::string& name);
};

struct CallSpec {
  std::string target;  // as written: "service.endpoint", "service endpoint" or "service"
  std::string service;
  std::string endpoint;
  double probability = 1.0;
  Distribution count = Distribution::constant(1);  // how many times the call is made
  std::optional<SimTime> timeout;  // per attempt
  std::optional<RetrySpec> retry;
  std::optional<BreakerSpec> breaker;
  std::optional<int> bulkhead;  // most calls in flight on this edge (resilience4j maxConcurrentCalls 25)
  std::optional<CallOverheadSpec> overhead;  // empty: the call costs nothing beyond the hop
  SourceLocation where;
};

/** A step of an endpoint: one call in sequence, or a group of calls made in parallel (wait for all). */
struct StepSpec {
  bool parallel = false;
  std::vector<CallSpec> calls;
};

struct EndpointSpec {
  std::string name;
  Distribution work = Distribution::constant(0);  // seconds of work on a worker
  std::vector<StepSpec> steps;
  SourceLocation where;
};

enum class Discipline { FCFS, LIFO, PROCESSOR_SHARING };
enum class Threading { BLOCKING, ASYNC };
/** How callers choose among a service's instances (Envoy, Nginx and Finagle semantics). */
struct BalancerSpec {
  std::string policy = "round_robin";  // a name in balancing::policies()
  core::Params params;  // the policy's own parameters (its ParamSpecs), as given
  bool proxy = false;  // one shared balancer (a central proxy) instead of one per calling service (sidecars)
  std::vector<double> weights;  // weighted round robin, per instance index; missing = 1
  int next_upstream_tries = 1;  // proxy_next_upstream: tries on connection failure (1 = no retry)
  int max_fails = 0;  // passive health (Nginx max_fails); 0 = off
  SimTime fail_timeout = SimTime::from_seconds(10);  // Nginx fail_timeout
};

/** How callers learn which instances exist (what they believe lags the truth). */
struct DiscoverySpec {
  std::string kind = "kubernetes";  // a name in discovery::models()
  core::Params params;  // the model's own parameters (its ParamSpecs), as given
};

/** Envoy outlier detection (outlier_detection.proto defaults). */
struct OutlierSpec {
  int consecutive_errors = 5;  // consecutive_5xx
  SimTime interval = SimTime::from_seconds(10);
  SimTime base_ejection = SimTime::from_seconds(30);
  SimTime max_ejection = SimTime::from_seconds(300);
  double max_ejection_percent = 0.1;
};

using scaling::ScalingMetric;
using scaling::ScalingRules;

/** How a service's replica count is decided over time (`autoscaler:`), and where it was written. */
struct AutoscalerSpec : scaling::Settings {
  SourceLocation where;
};

/** A count given as a number of pods or a percentage of the replicas (Kubernetes' IntOrString). */
struct IntOrPercent {
  double value = 0;
  bool percent = false;
  /** Pods for `replicas`: percentages round up (maxSurge, disruption budgets) or down (a rollout's maxUnavailable). */
  int resolve(int replicas, bool round_up) const;
};

/** A new version of a service replacing the current one, and how (`rollout:`). */
struct RolloutSpec {
  enum class Strategy { ROLLING, BLUE_GREEN, CANARY };
  Strategy strategy = Strategy::ROLLING;
  SimTime at;  // when the new version is deployed
  IntOrPercent max_surge{25, true};  // Kubernetes' defaults
  IntOrPercent max_unavailable{25, true};
  double work_factor = 1;  // the new version's work time, relative to the current one
  double error_rate = 0;  // share of the new version's responses that fail
  struct CanaryStep {
    double weight = 0;  // share of the replicas (and so of the traffic) on the new version
    SimTime pause;  // how long to watch it before the next step
  };
  std::vector<CanaryStep> steps;  // canary; a last step to 100 % is implied
  // Automatic rollback while the rollout is in progress, checked every metrics interval.
  bool rollback_on_slo = false;  // the interval's end-to-end percentile misses the scenario's SLO
  std::optional<double> rollback_error_rate;  // the service's error ratio in the interval exceeds this
  SourceLocation where;
};

/** A PodDisruptionBudget: how many instances voluntary disruptions (drains, rollouts) must leave. */
struct DisruptionBudgetSpec {
  std::optional<IntOrPercent> min_available;
  std::optional<IntOrPercent> max_unavailable;
};

struct ServiceSpec {
  std::string name;
  int replicas = 1;
  std::optional<AutoscalerSpec> autoscaler;
  Distribution startup = Distribution::constant(5);  // seconds from placement to a running process
  SimTime termination_grace = SimTime::from_seconds(30);  // terminationGracePeriodSeconds
  int workers = 1;
  std::optional<int> queue;  // waiting slots per instance; empty = unbounded
  Discipline discipline = Discipline::FCFS;
  Threading threading = Threading::BLOCKING;
  double cpu_request = 1.0;  // cores
  double cpu_limit = 0;  // cores (CFS quota); 0: no limit
  double memory_request = 256.0 * 1024 * 1024;  // bytes
  BalancerSpec balancer;
  std::optional<DiscoverySpec> discovery;  // empty: the cluster's
  bool cancellation = false;  // it stops work its caller no longer waits for (gRPC-style), at the next step
  std::optional<double> rate_limit;  // requests per second admitted (token bucket), the rest rejected
  double rate_limit_burst = 0;  // bucket size; 0: one second of rate
  std::optional<int> shed_queue_length;  // reject arrivals once this many wait (load shedding)
  std::optional<SimTime> shed_max_wait;  // drop a request that waited longer than this when its turn comes
  std::optional<OutlierSpec> outlier;  // callers eject instances that fail repeatedly
  std::optional<RolloutSpec> rollout;
  std::optional<DisruptionBudgetSpec> disruption_budget;
  std::vector<EndpointSpec> endpoints;
  SourceLocation where;
};

struct NodePoolSpec {
  std::string name;
  int nodes = 1;
  double cpu = 4;  // cores per node
  double memory = 16.0 * 1024 * 1024 * 1024;  // bytes per node
  std::vector<std::string> zones;  // empty = all zones
  double price_per_second = 0;  // "price: 0.38/h" (dollars per node-hour)
  // Cluster autoscaler: nodes are added for pending instances (after `provisioning`); nodes
  // requested below `scale_down_utilization` are drained and removed after `scale_down_delay`,
  // between min and max nodes.
  bool autoscaled = false;
  int min_nodes = 0;
  int max_nodes = 0;
  SimTime provisioning = SimTime::from_seconds(90);
  SimTime scale_down_delay = SimTime::from_seconds(600);  // scale-down-unneeded-time
  double scale_down_utilization = 0.5;  // a node requested below this share is a candidate for removal
};

struct ClusterSpec {
  enum class Scheduler { SPREAD, BINPACK, LEAST_ALLOCATED };
  Scheduler scheduler = Scheduler::SPREAD;
  std::vector<std::string> zones;
  std::vector<NodePoolSpec> pools;  // empty = unlimited capacity, one node per instance
};

struct NetworkSpec {
  std::optional<Distribution> latency;  // seconds per hop, each way; none = 0
  SimTime cross_zone = SimTime::zero();  // added to a hop between zones
  SimTime connect_timeout = SimTime::from_seconds(5);  // to an unreachable instance (Envoy's default)
  double bandwidth = 10e9 / 8;  // bytes per second per hop (10 Gbit/s); turns call payloads into transfer time
};

/** A fault: scheduled at a time (optionally restored after a duration), or a random process. */
struct FailureSpec {
  std::string kind = "crash";  // a registered failure kind (scenario/failures/, model/faults/)
  SimTime at;
  std::optional<SimTime> duration;  // restored after this long; empty = until the end
  // What it hits: a service (and how many of its instances), a node, or a zone.
  std::string service;
  int instances = 1;
  std::string node;
  std::string zone;
  bool unreachable = false;  // crashed instances of a service hang instead of resetting connections
  // Between whom (latency, partition): two services, or two zones.
  std::string from;
  std::string to;
  bool between_zones = false;
  double factor = 1;  // slowdown
  double error_rate = 0;  // errors
  SimTime added_latency;  // latency
  // Random processes: instances of `service` or nodes of `pool`; chaos monkey: `services`.
  bool random_nodes = false;
  std::string pool;
  std::vector<std::string> services;
  Distribution time_to_failure = Distribution::exponential(3600);  // MTTF (seconds)
  Distribution time_to_repair = Distribution::exponential(60);  // MTTR (seconds)
  Distribution interval = Distribution::constant(600);  // chaos monkey: time between kills
  SourceLocation where;
};

/** Arrival rate (per second) as a function of simulated time. */
struct RateProfile {
  enum class Kind { CONSTANT, STEPS, RAMP, DIURNAL, SPIKE };
  Kind kind = Kind::CONSTANT;
  double rate = 0;  // CONSTANT; RAMP start ("from"); DIURNAL min; SPIKE base
  double rate2 = 0;  // RAMP "to"; DIURNAL max; SPIKE peak
  double t0 = 0;  // RAMP start; DIURNAL peak time; SPIKE start (seconds)
  double t1 = 0;  // RAMP end; DIURNAL period; SPIKE length (seconds)
  std::vector<std::pair<double, double>> steps;  // STEPS: (from time s, rate), ascending

  double at(double t_seconds) const;
  double max_rate() const;
};

struct RequestTypeSpec {
  std::string name;
  std::string target;  // as written
  std::string service;
  std::string endpoint;
  double weight = 1.0;
  SourceLocation where;
};

struct WorkloadSpec {
  enum class Kind { OPEN, CLOSED };
  enum class Arrival { POISSON, CONSTANT, TRACE };
  std::string name;
  Kind kind = Kind::OPEN;
  Arrival arrival = Arrival::POISSON;  // TRACE: at the times of trace_times
  RateProfile rate;  // from `rate`, or from a trace of per-second rates (STEPS, Poisson arrivals)
  std::string trace_file;  // `arrival: { trace: FILE }` as written; empty without a trace
  std::vector<double> trace_times;  // TRACE: one request at each time (seconds), ascending
  int users = 0;
  Distribution think = Distribution::constant(0);
  std::vector<RequestTypeSpec> mix;
  SourceLocation where;
};

struct ScenarioSpec {
  std::string name;
  std::string description;
  std::string path;  // as given
  std::string sha256;  // of the file's bytes
  std::vector<std::pair<std::string, std::string>> overrides;  // --set key=value, in order
  std::uint64_t seed = 1;
  SimTime duration = SimTime::from_seconds(60);
  SimTime warmup = SimTime::zero();
  bool warmup_auto = false;  // "warmup: auto": chosen by MSER-5 from a pilot run
  SimTime metrics_interval = SimTime::from_seconds(1);
  double trace_sample = 0.0;  // fraction of requests whose call tree is recorded
  std::optional<SimTime> slo_latency;  // "slo: { latency: p99 < 250ms }": the objective
  double slo_quantile = 0.99;
  double price_per_core_hour = 0.04;  // cost of a requested core for an hour (an assumption; set your own)
  ClusterSpec cluster;
  NetworkSpec network;
  DiscoverySpec discovery;  // the default of every service
  std::vector<ServiceSpec> services;
  std::vector<FailureSpec> failures;
  std::vector<WorkloadSpec> workloads;

  const ServiceSpec* find_service(const std::string& name) const;
};

}  // namespace msim::scenario
