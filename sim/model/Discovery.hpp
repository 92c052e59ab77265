#pragma once
/** @file
 *  @brief A service's discovery timing: its model of discovery::models(), built from the spec,
 *         and the random phases of its timers, drawn from the service's discovery stream.
 */
#include <memory>

#include "core/RandomStream.hpp"
#include "core/SimTime.hpp"
#include "discovery/DiscoveryModel.hpp"
#include "scenario/ScenarioSpec.hpp"

namespace msim::model {

using DiscoveryPhases = discovery::InstancePhases;

/**
 * @brief The lag between a change in an instance's health and the callers' view of it, for one
 * service. Phases are drawn from the service's discovery stream, three for the service and two per
 * instance whatever the model, so the lags are reproducible and independent of other components.
 */
class DiscoveryTiming {
public:
  DiscoveryTiming() = default;
  DiscoveryTiming(const scenario::DiscoverySpec& spec, core::RandomStream& rng);

  DiscoveryPhases new_instance(core::RandomStream& rng) const;
  core::SimTime removal_time(core::SimTime down, const DiscoveryPhases& phases, bool unreachable) const {
    return model_->removal_time(down, phases, unreachable);
  }
  core::SimTime deregistration_time(core::SimTime now) const { return model_->deregistration_time(now); }
  core::SimTime addition_time(core::SimTime up, const DiscoveryPhases& phases) const { return model_->addition_time(up, phases); }

private:
  std::shared_ptr<const discovery::DiscoveryModel> model_;  // shared: a Service is copyable
};

}  // namespace msim::model
