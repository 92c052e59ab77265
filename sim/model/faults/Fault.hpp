#pragma once
/** @file
 *  @brief The extension point for failure kinds, on the model's side: what a fault acts on
 *         (FaultScope), the fault itself (one object per entry of the scenario's `failures:`,
 *         owning its state and events), and the registry entry (name, factory). A kind's reader
 *         is its scenario/failures/ entry of the same name.
 */
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "core/RandomStream.hpp"
#include "core/Simulator.hpp"
#include "model/EventLog.hpp"
#include "model/Placement.hpp"
#include "model/Runtime.hpp"
#include "model/faults/NetworkFaults.hpp"
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

/** Everything a fault may act on or report to. */
struct FaultScope {
  const scenario::ScenarioSpec& spec;
  std::uint64_t replication;
  core::Simulator& sim;
  const Placement& placement;
  std::vector<Service>& services;  // slowdown and error rate
  const std::vector<Instance>& instances;
  FaultTarget& target;
  const EventLog& events;
  FaultCounts& counts;
  NetworkFaults& network;

  std::uint32_t service_index(const std::string& name) const;
  std::uint32_t zone_index(const std::string& name) const;
};

/** One entry of the scenario's failures, in a run. */
class Fault {
public:
  virtual ~Fault() = default;
  /** At the start of the run: schedules its first events. */
  virtual void start() = 0;
};

/**
 * A fault that begins `at` and, given a duration, ends after it. Every kind's start and end are
 * the same two events (kind and target in the trajectory fingerprint: the failure's index).
 */
class ScheduledFault : public Fault {
public:
  ScheduledFault(FaultScope& scope, std::size_t index)
      : scope_(scope), index_(index), spec_(scope.spec.failures[index]), id_(fmt::format("f{}", index)) {}
  void start() final;

protected:
  /** The fault takes effect now. */
  virtual void begin() = 0;
  /** It is over. */
  virtual void end() = 0;

  FaultScope& scope_;
  std::size_t index_;
  const scenario::FailureSpec& spec_;
  std::string id_;  // "f<index>" in events.csv

private:
  void on_begin(std::uint64_t);
  void on_end(std::uint64_t);
};

/** One registry entry; its name matches a scenario::FailureKind. */
struct FaultEffect {
  std::string name;
  std::function<std::unique_ptr<Fault>(FaultScope& scope, std::size_t index)> make;
};

/** The registered effects, in registration order. */
const std::vector<FaultEffect>& fault_effects();
/** nullptr when no effect has that name. */
const FaultEffect* find_fault_effect(std::string_view name);

}  // namespace msim::model
