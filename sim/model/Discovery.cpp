#include "model/Discovery.hpp"

#include <cmath>

namespace msim::model {
namespace {

using core::SimTime;

// The first tick phase + k * period (k integer) at or after t.
double next_tick(double t, double phase, double period) {
  if (period <= 0) return t;
  return phase + std::ceil((t - phase) / period - 1e-12) * period;
}

// The last tick at or before t.
double last_tick(double t, double phase, double period) { return phase + std::floor((t - phase) / period + 1e-12) * period; }

}  // namespace

DiscoveryTiming::DiscoveryTiming(const scenario::DiscoverySpec& spec, core::RandomStream& rng) : spec_(spec) {
  eviction_phase_ = rng.uniform01() * spec_.eviction.seconds();
  cache_phase_ = rng.uniform01() * spec_.response_cache.seconds();
  fetch_phase_ = rng.uniform01() * spec_.fetch.seconds();
}

DiscoveryPhases DiscoveryTiming::new_instance(core::RandomStream& rng) const {
  DiscoveryPhases p;
  const double period = spec_.kind == scenario::DiscoverySpec::Kind::CONSUL ? spec_.check_interval.seconds() : spec_.probe_period.seconds();
  p.probe = rng.uniform01() * period;
  p.renewal = rng.uniform01() * spec_.renewal.seconds();
  return p;
}

SimTime DiscoveryTiming::removal_time(SimTime down, const DiscoveryPhases& phases, bool unreachable) const {
  const double t = down.seconds();
  using Kind = scenario::DiscoverySpec::Kind;
  switch (spec_.kind) {
    case Kind::IDEAL:
      return down;
    case Kind::KUBERNETES: {
      // failureThreshold consecutive failed probes, the first at the next probe after the crash.
      const double period = spec_.probe_period.seconds();
      const double first = next_tick(t, phases.probe, period);
      return SimTime::from_seconds(first + (spec_.failure_threshold - 1) * period) + spec_.propagation;
    }
    case Kind::EUREKA: {
      // The lease runs from the last renewal; the eviction sweep, the server's response cache
      // and the client's next registry fetch each add their wait.
      const double renewed = std::max(0.0, last_tick(t, phases.renewal, spec_.renewal.seconds()));
      const double expiry = renewed + spec_.lease.seconds() * (spec_.lease_doubling ? 2 : 1);
      const double evicted = next_tick(std::max(expiry, t), eviction_phase_, spec_.eviction.seconds());
      const double cached = next_tick(evicted, cache_phase_, spec_.response_cache.seconds());
      return SimTime::from_seconds(next_tick(cached, fetch_phase_, spec_.fetch.seconds()));
    }
    case Kind::CONSUL: {
      // The next check fails: at once on a refused connection, after the check timeout when unreachable.
      const double check = next_tick(t, phases.probe, spec_.check_interval.seconds());
      return SimTime::from_seconds(check + (unreachable ? spec_.check_timeout.seconds() : 0.0)) + spec_.propagation;
    }
  }
  return down;
}

SimTime DiscoveryTiming::deregistration_time(SimTime now) const {
  using Kind = scenario::DiscoverySpec::Kind;
  switch (spec_.kind) {
    case Kind::IDEAL:
      return now;
    case Kind::KUBERNETES:  // a terminating pod leaves the endpoints at once; kube-proxy follows
    case Kind::CONSUL:  // the agent deregisters the service on shutdown
      return now + spec_.propagation;
    case Kind::EUREKA: {  // the client cancels its lease; callers see it after the cache and their next fetch
      const double cached = next_tick(now.seconds(), cache_phase_, spec_.response_cache.seconds());
      return SimTime::from_seconds(next_tick(cached, fetch_phase_, spec_.fetch.seconds()));
    }
  }
  return now;
}

SimTime DiscoveryTiming::addition_time(SimTime up, const DiscoveryPhases& phases) const {
  const double t = up.seconds();
  using Kind = scenario::DiscoverySpec::Kind;
  switch (spec_.kind) {
    case Kind::IDEAL:
      return up;
    case Kind::KUBERNETES: {
      const double period = spec_.probe_period.seconds();
      const double first = next_tick(t + spec_.initial_delay.seconds(), phases.probe, period);
      return SimTime::from_seconds(first + (spec_.success_threshold - 1) * period) + spec_.propagation;
    }
    case Kind::EUREKA: {
      // Registration at start-up; visible after the response cache and the client fetch.
      const double cached = next_tick(t, cache_phase_, spec_.response_cache.seconds());
      return SimTime::from_seconds(next_tick(cached, fetch_phase_, spec_.fetch.seconds()));
    }
    case Kind::CONSUL:
      return SimTime::from_seconds(next_tick(t, phases.probe, spec_.check_interval.seconds())) + spec_.propagation;
  }
  return up;
}

}  // namespace msim::model
