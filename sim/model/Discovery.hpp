#pragma once
/** @file
 *  @brief When callers learn that an instance went away or came back, per discovery system
 *         (../shared/REFERENCE.md section 5): Kubernetes readiness probes and endpoint
 *         propagation, Eureka leases and caches, Consul health checks, or ideal (instant).
 */
#include "core/RandomStream.hpp"
#include "core/SimTime.hpp"
#include "scenario/ScenarioSpec.hpp"

namespace msim::model {

/** The periodic timers of one instance (probes, renewals, checks), with random phases. */
struct DiscoveryPhases {
  double probe = 0;  // seconds into the probe / check period
  double renewal = 0;
};

/**
 * @brief The lag between a change in an instance's health and the callers' view of it, for one
 * service. Phases are drawn once, from the service's discovery stream, so the lags are
 * reproducible and independent of other components.
 */
class DiscoveryTiming {
public:
  DiscoveryTiming() = default;
  DiscoveryTiming(const scenario::DiscoverySpec& spec, core::RandomStream& rng);

  DiscoveryPhases new_instance(core::RandomStream& rng) const;
  /** When callers stop sending to an instance that went down at `down` (`unreachable`: no reset, checks time out). */
  core::SimTime removal_time(core::SimTime down, const DiscoveryPhases& phases, bool unreachable) const;
  /** When callers stop sending to an instance that is being deleted at `now` (it deregisters). */
  core::SimTime deregistration_time(core::SimTime now) const;
  /** When callers start sending to an instance that became healthy at `up`. */
  core::SimTime addition_time(core::SimTime up, const DiscoveryPhases& phases) const;

private:
  scenario::DiscoverySpec spec_;
  double eviction_phase_ = 0;  // Eureka server eviction sweep
  double cache_phase_ = 0;  // Eureka server response-cache refresh
  double fetch_phase_ = 0;  // Eureka client registry fetch
};

}  // namespace msim::model
