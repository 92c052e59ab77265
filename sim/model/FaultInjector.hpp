#pragma once
/** @file
 *  @brief Failure injection: scheduled faults (crash of instances, nodes or zones; slowdown;
 *         errors; added latency and partitions between services or zones), random failures with
 *         repair, and chaos monkeys. It owns the faults in force and their random streams and
 *         schedules its own events; what a fault does to an instance goes through FaultTarget.
 */
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/RandomStream.hpp"
#include "core/Simulator.hpp"
#include "model/EventLog.hpp"
#include "model/Placement.hpp"
#include "model/Runtime.hpp"
#include "scenario/ScenarioSpec.hpp"

namespace msim::model {

/** What faults act on: the instances' liveness. */
class FaultTarget {
public:
  /** Down (a crash, or `unreachable`: a hang or a dead node) because of fault `id`; faults may overlap. */
  virtual void take_down(std::uint32_t instance, bool unreachable, const std::string& id, const std::string& reason) = 0;
  /** One fault that held it down is over. */
  virtual void bring_up(std::uint32_t instance, const std::string& id, const std::string& reason) = 0;

protected:
  ~FaultTarget() = default;
};

/** summary.json's "faults" block: how many of each kind happened (crashes, instances down, scaling actions...). */
using FaultCounts = std::map<std::string, std::uint64_t>;

class FaultInjector {
public:
  /** `services`: a fault changes their slowdown and error rate; nothing is scheduled until start(). */
  FaultInjector(const scenario::ScenarioSpec& spec, std::uint64_t replication, core::Simulator& sim, const Placement& placement,
                std::vector<Service>& services, const std::vector<Instance>& instances, FaultTarget& target, const EventLog& events,
                FaultCounts& counts);
  FaultInjector(const FaultInjector&) = delete;
  FaultInjector& operator=(const FaultInjector&) = delete;

  /** Schedules every fault, random failure process and chaos monkey of the scenario. */
  void start();
  /** No connection between the caller and the callee (a partition between their services or zones). */
  bool partitioned(const Call& call, std::uint32_t callee_zone) const;
  /** Some latency or partition fault is in force (callers skip the checks otherwise). */
  bool network_faults() const { return !network_faults_.empty(); }
  /** Latency added to a hop between them. */
  core::SimTime injected_latency(const Call& call, std::uint32_t callee_zone) const;

private:
  struct NetworkFault {
    std::size_t failure;  // index into spec_.failures
    bool zones;  // between zones (else between services)
    std::uint32_t a, b;
    core::SimTime added;
    bool partition;
  };
  struct RandomTarget {
    std::size_t failure;
    std::string name;  // instance or node
    std::vector<std::uint32_t> instances;
    bool unreachable;  // a node: its instances get no reset
    core::RandomStream rng;
    std::uint32_t outages = 0;
  };

  void on_fault_start(std::uint64_t failure);
  void on_fault_end(std::uint64_t failure);
  void on_random_failure(std::uint64_t target);
  void on_random_repair(std::uint64_t target);
  void on_chaos_kill(std::uint64_t failure);
  void on_chaos_restore(std::uint64_t packed_failure_instance);

  const scenario::ScenarioSpec& spec_;
  std::uint64_t replication_;
  core::Simulator& sim_;
  const Placement& placement_;
  std::vector<Service>& services_;
  const std::vector<Instance>& instances_;
  FaultTarget& target_;
  const EventLog& events_;
  FaultCounts& counts_;
  std::vector<NetworkFault> network_faults_;
  std::vector<std::vector<std::uint32_t>> crashed_by_failure_;  // per scheduled failure: instances it took down
  std::vector<RandomTarget> random_targets_;
  std::vector<core::RandomStream> chaos_rngs_;  // per failure (used by chaos monkeys only)
  std::vector<std::uint32_t> chaos_kills_;
  std::map<std::uint64_t, std::string> chaos_restore_ids_;
};

}  // namespace msim::model
