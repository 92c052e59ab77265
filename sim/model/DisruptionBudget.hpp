#pragma once
/** @file
 *  @brief PodDisruptionBudgets: how many instances of a service voluntary disruptions (a
 *         rollout, a node drain) may take down now, counted as Kubernetes' disruption controller
 *         does it.
 */
#include <cstdint>
#include <vector>

#include "core/Simulator.hpp"
#include "model/Runtime.hpp"
#include "scenario/ScenarioSpec.hpp"

namespace msim::model {

class DisruptionBudgets {
public:
  DisruptionBudgets(const scenario::ScenarioSpec& spec, const core::Simulator& sim, const std::vector<Service>& services,
                    const std::vector<Instance>& instances);

  /** Serving and ready in the callers' view: what a budget counts as healthy. */
  bool available(const Instance& instance) const {
    return instance.life.up && !instance.life.starting && !instance.life.draining && !instance.life.gone && instance.view.ready_since <= sim_.now();
  }
  /** Instances of `service` a voluntary disruption may take down now without breaking its budget. */
  int allowed(std::uint32_t service) const;

private:
  const core::Simulator& sim_;
  const std::vector<Service>& services_;
  const std::vector<Instance>& instances_;
  std::vector<const scenario::DisruptionBudgetSpec*> budgets_;  // per service; null: none
};

}  // namespace msim::model
