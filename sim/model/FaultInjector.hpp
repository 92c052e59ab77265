#pragma once
/** @file
 *  @brief Failure injection: one Fault per entry of the scenario's `failures:`, made by its
 *         registered kind (model/faults/): scheduled faults (crash of instances, nodes or zones;
 *         slowdown; errors; added latency and partitions between services or zones), random
 *         failures with repair, and chaos monkeys. It owns them and the network faults in force.
 */
#include <cstdint>
#include <memory>
#include <vector>

#include "core/Simulator.hpp"
#include "model/EventLog.hpp"
#include "model/Placement.hpp"
#include "model/Runtime.hpp"
#include "model/faults/Fault.hpp"
#include "model/faults/NetworkFaults.hpp"
#include "scenario/ScenarioSpec.hpp"

namespace msim::model {

class FaultInjector {
public:
  /** `services`: a fault changes their slowdown and error rate; nothing is scheduled until start(). */
  FaultInjector(const scenario::ScenarioSpec& spec, std::uint64_t replication, core::Simulator& sim, const Placement& placement,
                std::vector<Service>& services, const std::vector<Instance>& instances, FaultTarget& target, const EventLog& events,
                FaultCounts& counts)
      : scope_{spec, replication, sim, placement, services, instances, target, events, counts, network_} {}
  FaultInjector(const FaultInjector&) = delete;
  FaultInjector& operator=(const FaultInjector&) = delete;

  /** Makes and starts the fault of every entry of the scenario's failures, in order. */
  void start();
  /** No connection between the caller and the callee (a partition between their services or zones). */
  bool partitioned(const Call& call, std::uint32_t callee_zone) const { return network_.partitioned(call, callee_zone); }
  /** Some latency or partition fault is in force (callers skip the checks otherwise). */
  bool network_faults() const { return !network_.empty(); }
  /** Latency added to a hop between them. */
  core::SimTime injected_latency(const Call& call, std::uint32_t callee_zone) const { return network_.injected_latency(call, callee_zone); }

private:
  NetworkFaults network_;
  FaultScope scope_;
  std::vector<std::unique_ptr<Fault>> faults_;
};

}  // namespace msim::model
