#pragma once
/** @file
 *  @brief Rollouts: a new version replaces the running one as a Kubernetes Deployment does it
 *         (rolling update with maxSurge/maxUnavailable), all at once behind a switch (blue-green),
 *         or in weighted canary steps; rolled back automatically when the SLO or the error ratio
 *         is breached meanwhile. Voluntary removals respect the services' disruption budgets.
 *         It owns each Service::versions.rollout.
 */
#include <cstdint>
#include <vector>

#include "core/Simulator.hpp"
#include "model/DisruptionBudget.hpp"
#include "model/EndpointView.hpp"
#include "model/EventLog.hpp"
#include "model/ReplicaController.hpp"
#include "model/RequestOutcomes.hpp"
#include "model/Runtime.hpp"
#include "scenario/ScenarioSpec.hpp"

namespace msim::model {

class Rollouts final : public IntervalListener {
public:
  Rollouts(const scenario::ScenarioSpec& spec, core::Simulator& sim, std::vector<Service>& services, const std::vector<Instance>& instances,
           ReplicaController& replicas, EndpointView& view, const DisruptionBudgets& budgets, const RequestOutcomes& outcomes,
           const EventLog& events)
      : spec_(spec), sim_(sim), services_(services), instances_(instances), replicas_(replicas), view_(view), budgets_(budgets),
        outcomes_(outcomes), events_(events) {}
  Rollouts(const Rollouts&) = delete;
  Rollouts& operator=(const Rollouts&) = delete;

  /** Schedules each service's rollout. */
  void start();
  /** At the end of a metrics interval: roll back a rollout whose interval breached its limits. */
  void check_rollbacks();
  void interval_ended() override { check_rollbacks(); }

private:
  void on_start(std::uint64_t service);
  void on_tick(std::uint64_t service);
  void reconcile(std::uint32_t service);
  void switch_blue_green(std::uint32_t service);
  void check_rollback(std::uint32_t service);

  const scenario::ScenarioSpec& spec_;
  core::Simulator& sim_;
  std::vector<Service>& services_;
  const std::vector<Instance>& instances_;
  ReplicaController& replicas_;
  EndpointView& view_;
  const DisruptionBudgets& budgets_;
  const RequestOutcomes& outcomes_;
  const EventLog& events_;
};

}  // namespace msim::model
