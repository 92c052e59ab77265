#include "model/DisruptionBudget.hpp"

#include <algorithm>
#include <limits>

namespace msim::model {

DisruptionBudgets::DisruptionBudgets(const scenario::ScenarioSpec& spec, const core::Simulator& sim, const std::vector<Service>& services,
                                     const std::vector<Instance>& instances)
    : sim_(sim), services_(services), instances_(instances) {
  for (const auto& s : spec.services) budgets_.push_back(s.disruption_budget ? &*s.disruption_budget : nullptr);
}

int DisruptionBudgets::allowed(std::uint32_t s) const {
  const auto* budget = budgets_[s];
  if (!budget) return std::numeric_limits<int>::max();
  const Service& svc = services_[s];
  int healthy = 0;
  for (const auto i : svc.instances) healthy += available(instances_[i]) && !instances_[i].view.held ? 1 : 0;
  // Like the disruption controller: the expected count is the Deployment's replicas.
  const int min_available = budget->min_available ? budget->min_available->resolve(svc.replicas.desired, true)
                                                  : svc.replicas.desired - budget->max_unavailable->resolve(svc.replicas.desired, true);
  return std::max(0, healthy - min_available);
}

}  // namespace msim::model
