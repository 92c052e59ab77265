#pragma once
/** @file
 *  @brief Drives each service's autoscaler as Kubernetes' control loop does: a metrics scrape
 *         every resolution period (per-instance CPU, requests/s, in-flight and queue averages, as
 *         metrics-server would report them), a decision every autoscaler period, and the new
 *         replica count handed to the ReplicaController. Each decision is a `scale` row of
 *         events.csv. The strategies themselves: scaling/.
 */
#include <cstdint>
#include <vector>

#include "core/Simulator.hpp"
#include "model/EventLog.hpp"
#include "model/FaultInjector.hpp"
#include "model/ReplicaController.hpp"
#include "model/Runtime.hpp"
#include "scenario/ScenarioSpec.hpp"

namespace msim::model {

class Autoscaling {
public:
  Autoscaling(const scenario::ScenarioSpec& spec, core::Simulator& sim, std::vector<Service>& services, std::vector<Instance>& instances,
              ReplicaController& replicas, const EventLog& events, FaultCounts& counts)
      : spec_(spec), sim_(sim), services_(services), instances_(instances), replicas_(replicas), events_(events), counts_(counts) {}
  Autoscaling(const Autoscaling&) = delete;
  Autoscaling& operator=(const Autoscaling&) = delete;

  /** Makes each service's autoscaler (Service::scaling.autoscaler) and schedules its first scrape and decision. */
  void start();

private:
  void on_scrape(std::uint64_t service);
  void on_decide(std::uint64_t service);

  const scenario::ScenarioSpec& spec_;
  core::Simulator& sim_;
  std::vector<Service>& services_;
  std::vector<Instance>& instances_;  // the scrape keeps its bookkeeping in each InstanceMetrics
  ReplicaController& replicas_;
  const EventLog& events_;
  FaultCounts& counts_;
};

}  // namespace msim::model
