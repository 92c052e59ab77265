#pragma once
/** @file
 *  @brief One simulation run of a scenario: assembles the components from the spec and runs
 *         them (what each owns: docs/architecture.md, "Components").
 */
#include <filesystem>
#include <map>
#include <string_view>
#include <unordered_map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/Simulator.hpp"
#include "metrics/Recorder.hpp"
#include "model/Counters.hpp"
#include "model/Autoscaling.hpp"
#include "model/ClusterAutoscaler.hpp"
#include "model/Compute.hpp"
#include "model/DisruptionBudget.hpp"
#include "model/EndpointView.hpp"
#include "model/EventLog.hpp"
#include "model/FaultInjector.hpp"
#include "model/ModelEvents.hpp"
#include "model/Measurement.hpp"
#include "model/Placement.hpp"
#include "model/ReplicaController.hpp"
#include "model/RequestFlow.hpp"
#include "model/RequestOutcomes.hpp"
#include "model/Rollouts.hpp"
#include "model/Routing.hpp"
#include "model/Runtime.hpp"
#include "model/Tracing.hpp"
#include "model/Traffic.hpp"
#include "scenario/ScenarioSpec.hpp"

namespace msim::model {

struct RunOptions {
  std::uint64_t replication = 0;  // selects the random streams, with the seed
  /** Where rows go as the run produces them (CSV files, memory for a GUI); none: nowhere. Not
   *  owned; each must outlive the Simulation. */
  std::vector<metrics::Recorder*> recorders;
  /** Hear the model's typed events (model/ModelEvents.hpp), after its own statistics, e.g. MSER's
   *  pilot. Not owned; each must outlive the Simulation. */
  std::vector<ModelObserver*> observers;
  /** Time windows [from, to) whose requests are also measured on their own (summary.json "windows"). */
  std::vector<std::pair<core::SimTime, core::SimTime>> windows;
  /** Hash every fired event into summary.json's "trajectory_fingerprint" (tests/fingerprints). */
  bool fingerprint = false;
};

/**
 * @brief A single run. Drive it with advance() until it returns true, then read summary(); rows
 * went to RunOptions::recorders meanwhile. Single-threaded: create and drive it on one thread.
 */
class Simulation {
public:
  Simulation(const scenario::ScenarioSpec& spec, RunOptions options);
  ~Simulation();
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  /** Fires up to `max_events` events; returns true once simulated time has reached the duration. */
  bool advance(std::uint64_t max_events);
  bool finished() const { return finished_; }
  core::SimTime now() const { return sim_.now(); }
  core::SimTime duration() const { return spec_.duration; }
  std::uint64_t events() const { return sim_.events_fired(); }

  /** The results (schema in docs/output-format.md). `wall_seconds` fills the wall_* fields. */
  nlohmann::ordered_json summary(double wall_seconds) const;

private:
  // Construction.
  void build_services();

  const scenario::ScenarioSpec& spec_;
  RunOptions options_;
  core::Simulator sim_;
  EventLog events_;
  core::Trajectory trajectory_;  // with RunOptions::fingerprint
  Placement placement_;
  std::vector<Service> services_;
  std::vector<Instance> instances_;
  FaultCounts fault_counts_;
  ModelSignals signals_;  // RunOptions::observers (RequestOutcomes hears first, directly)
  // Declared so that each is constructed before any other takes it by one of its interfaces.
  RequestFlow flow_;
  Traffic traffic_;
  RequestOutcomes outcomes_;
  Tracing tracing_;
  Compute compute_;
  ReplicaController replicas_;
  EndpointView view_;
  DisruptionBudgets budgets_;
  FaultInjector faults_;
  Routing routing_;
  ClusterAutoscaler cluster_autoscaler_;
  Autoscaling autoscaling_;
  Rollouts rollouts_;
  Measurement measurement_;
  bool finished_ = false;
};

}  // namespace msim::model
