#pragma once
/** @file
 *  @brief What a run measures over time: the warm-up (the start of the measured window), the
 *         metrics intervals and their timeseries rows, the SLO per interval, and the measured
 *         results of summary.json (requests, windows, services, cluster, cost, faults).
 */
#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/Simulator.hpp"
#include "metrics/Recorder.hpp"
#include "model/FaultInjector.hpp"
#include "model/Placement.hpp"
#include "model/ReplicaController.hpp"
#include "model/RequestOutcomes.hpp"
#include "model/Runtime.hpp"
#include "model/Tracing.hpp"
#include "scenario/ScenarioSpec.hpp"

namespace msim::model {

class Measurement {
public:
  struct Sources {
    const scenario::ScenarioSpec& spec;
    core::Simulator& sim;
    const std::vector<metrics::Recorder*>& recorders;
    std::vector<Service>& services;  // their window and interval statistics are reset here
    const std::vector<Instance>& instances;
    const Placement& placement;
    const ReplicaController& replicas;
    RequestOutcomes& outcomes;
    Tracing& tracing;
    const FaultCounts& fault_counts;
    IntervalListener& interval_listener;
  };
  explicit Measurement(Sources sources) : s_(sources) {}
  Measurement(const Measurement&) = delete;
  Measurement& operator=(const Measurement&) = delete;

  /** Schedules the end of the warm-up and the first metrics tick. */
  void start();
  /** Ends the last, partial interval when the run has reached its duration. */
  void finish();
  core::SimTime window_start() const { return window_start_; }
  /** summary.json from "requests" on (docs/output-format.md), measured up to now. */
  nlohmann::ordered_json results() const;

private:
  void on_warmup_end(std::uint64_t);
  void on_metrics_tick(std::uint64_t);
  void write_interval_rows();
  void count_slo_interval();

  Sources s_;
  core::SimTime last_tick_;
  std::uint64_t slo_intervals_ = 0;
  std::uint64_t slo_intervals_met_ = 0;
  core::SimTime window_start_;
};

}  // namespace msim::model
