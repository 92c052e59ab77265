#pragma once
/** @file
 *  @brief Nodes that come and go with demand, like Kubernetes' cluster-autoscaler: every 10 s,
 *         pools with autoscaling get enough new nodes for the pending instances (ready after the
 *         pool's provisioning delay), and nodes that stayed underused for the scale-down delay
 *         are drained and removed, between the pool's min and max.
 */
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/Simulator.hpp"
#include "model/DisruptionBudget.hpp"
#include "model/EventLog.hpp"
#include "model/Placement.hpp"
#include "model/Runtime.hpp"
#include "scenario/ScenarioSpec.hpp"

namespace msim::model {

/** What the cluster autoscaler asks of whoever runs the instances on its nodes. */
class NodeWorkloads {
public:
  /** Instances no node had room for, in the order they asked (some may be gone meanwhile). */
  virtual const std::vector<std::uint32_t>& pending_instances() const = 0;
  /** The instance is evicted: its ReplicaSet replaces it elsewhere, and it drains. */
  virtual void evict(std::uint32_t instance, std::string_view reason) = 0;
  /** A node was added: place what waits. */
  virtual void place_pending() = 0;

protected:
  ~NodeWorkloads() = default;
};

class ClusterAutoscaler {
public:
  ClusterAutoscaler(const scenario::ScenarioSpec& spec, core::Simulator& sim, Placement& placement, const std::vector<Service>& services,
                    const std::vector<Instance>& instances, NodeWorkloads& workloads, const DisruptionBudgets& budgets, const EventLog& events);
  ClusterAutoscaler(const ClusterAutoscaler&) = delete;
  ClusterAutoscaler& operator=(const ClusterAutoscaler&) = delete;

  /** Schedules the first round, if some pool autoscales. */
  void start();

private:
  void on_round(std::uint64_t);
  void on_node_ready(std::uint64_t pool);
  void scale_down_nodes();
  bool fits_elsewhere(std::uint32_t node, const std::vector<std::uint32_t>& instances) const;

  const scenario::ScenarioSpec& spec_;
  core::Simulator& sim_;
  Placement& placement_;
  const std::vector<Service>& services_;
  const std::vector<Instance>& instances_;
  NodeWorkloads& workloads_;
  const DisruptionBudgets& budgets_;
  const EventLog& events_;
  std::vector<int> provisioning_;  // nodes on their way, per pool
};

}  // namespace msim::model
