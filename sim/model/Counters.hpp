#pragma once
/** @file
 *  @brief What the model counts while it runs: per request type, per service, per endpoint. The
 *         model owns these counters; recorders and summary.json read them through Measurement.
 *
 *  Each block keeps the measured window (since warm-up, for summary.json) and the current
 *  reporting interval (for timeseries.csv); reset_interval() starts a new interval.
 */
#include <array>
#include <cstdint>

#include "metrics/Histogram.hpp"
#include "metrics/TimeIntegral.hpp"

namespace msim::model {

/** Why a call or request failed. */
enum class FailureCause : std::uint8_t { REJECTED = 0, TIMEOUT = 1, ERROR = 2, CIRCUIT_OPEN = 3 };
inline constexpr std::array<const char*, 4> FAILURE_CAUSE_NAMES{"rejected", "timeout", "error", "circuit_open"};

/** Completions with their latency, and failures by cause. */
struct OutcomeCounter {
  metrics::Histogram latency;  // of completed requests, ns
  metrics::Histogram failed_after;  // of failed requests: time from sending to the failure, ns (requests only)
  std::array<std::uint64_t, 4> failed_by_cause{};

  void completed(std::int64_t latency_ns) { latency.record(latency_ns); }
  void failed(FailureCause cause) { ++failed_by_cause[static_cast<std::size_t>(cause)]; }
  std::uint64_t failed_count(FailureCause cause) const { return failed_by_cause[static_cast<std::size_t>(cause)]; }
  /** A failed request, counted also in the latency of all requests at the time it failed. */
  void failed(FailureCause cause, std::int64_t after_ns) {
    failed(cause);
    failed_after.record(after_ns);
  }
  std::uint64_t completed_count() const { return latency.count(); }
  std::uint64_t failed_count() const {
    std::uint64_t n = 0;
    for (const auto c : failed_by_cause) n += c;
    return n;
  }
  /** Completed and failed requests together (as load testers such as k6 and wrk2 report them). */
  metrics::Histogram latency_of_all() const {
    metrics::Histogram all = latency;
    all.merge(failed_after);
    return all;
  }
  void reset() {
    latency.reset();
    failed_after.reset();
    failed_by_cause = {};
  }
};

/** Window and interval versions of the same counter. */
struct WindowedOutcome {
  OutcomeCounter window;
  OutcomeCounter interval;

  void completed(std::int64_t latency_ns) {
    window.completed(latency_ns);
    interval.completed(latency_ns);
  }
  void failed(FailureCause cause) {
    window.failed(cause);
    interval.failed(cause);
  }
  void failed(FailureCause cause, std::int64_t after_ns) {
    window.failed(cause, after_ns);
    interval.failed(cause, after_ns);
  }
};

struct ServiceStats {
  WindowedOutcome outcome;  // server side: arrival at an instance to response sent
  std::uint64_t started = 0;  // calls whose work started (window)
  std::uint64_t waited = 0;  // of those, calls that waited in a queue first
  double wait_seconds = 0;  // total time spent waiting in queues
  std::uint64_t timeouts = 0;  // calls to this service that the caller gave up on (window)
  std::uint64_t connect_failures = 0;  // calls that found the instance gone, unreachable or partitioned
  std::uint64_t injected_errors = 0;  // responses failed by an `errors` fault
  std::uint64_t retries = 0;  // retry attempts sent to it
  std::uint64_t short_circuited = 0;  // calls to it refused by an open circuit breaker
  std::uint64_t bulkhead_rejected = 0;  // calls to it refused by a full bulkhead
  std::uint64_t rate_limited = 0;  // arrivals refused by its rate limit
  std::uint64_t shed = 0;  // requests dropped by load shedding
  std::uint64_t cancelled = 0;  // orphaned requests it stopped working on
  std::uint64_t ejections = 0;  // instances ejected by outlier detection
  std::uint64_t interval_timeouts = 0;
  metrics::TimeIntegral busy_cores;  // CPU in use (cores), summed over instances
  metrics::TimeIntegral cpu_throttled;  // cores its threads wanted beyond the CPU limit (CFS quota)
  metrics::TimeIntegral cpu_contended;  // cores within the limit its node could not give (node full)
  metrics::TimeIntegral queue_length;  // waiting requests, summed over instances
  metrics::TimeIntegral in_flight;  // requests inside the service, summed over instances
  metrics::TimeIntegral replicas;  // running instances
  metrics::TimeIntegral crashed;  // instances down because of a fault
  std::uint64_t scaling_actions = 0;
  int replicas_min = 0;
  int replicas_max = 0;

  void reset_window(core::SimTime now) {
    outcome.window.reset();
    started = waited = 0;
    wait_seconds = 0;
    timeouts = 0;
    connect_failures = injected_errors = 0;
    retries = short_circuited = bulkhead_rejected = rate_limited = shed = cancelled = ejections = 0;
    busy_cores.reset_window(now);
    cpu_throttled.reset_window(now);
    cpu_contended.reset_window(now);
    queue_length.reset_window(now);
    in_flight.reset_window(now);
    replicas.reset_window(now);
    crashed.reset_window(now);
    scaling_actions = 0;
    replicas_min = replicas_max = static_cast<int>(replicas.value());
  }
  void reset_interval(core::SimTime now) {
    outcome.interval.reset();
    interval_timeouts = 0;
    busy_cores.reset_interval(now);
    cpu_throttled.reset_interval(now);
    cpu_contended.reset_interval(now);
    queue_length.reset_interval(now);
    in_flight.reset_interval(now);
    replicas.reset_interval(now);
    crashed.reset_interval(now);
  }
};

}  // namespace msim::model
