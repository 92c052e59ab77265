#pragma once
/** @file
 *  @brief Independent replications of one scenario on several threads, with automatic warm-up
 *         (MSER-5) and a precision target; results are identical whatever the thread count.
 */
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "scenario/ScenarioSpec.hpp"

namespace msim::experiment {

struct ReplicationPlan {
  std::size_t replications = 1;  // initial count; with a precision target, more may be added
  unsigned jobs = 1;  // threads
  std::optional<double> precision;  // target relative 95 % half-width of the main metrics
  std::vector<std::string> precision_metrics{"requests.all.latency_ms.mean", "requests.all.throughput_rps"};
  std::size_t max_replications = 1000;
  std::filesystem::path out_dir;  // a new, empty folder (a ResultsFolder's staging folder); empty: nothing written
  /** Called on the calling thread about 10 times a second: fraction of the planned work done, events so far. */
  std::function<void(double fraction, std::uint64_t events)> progress;
  const std::atomic<bool>* cancel = nullptr;
  std::vector<std::pair<core::SimTime, core::SimTime>> windows;  // measured on their own (model::RunOptions::windows)
  bool fingerprint = false;  // model::RunOptions::fingerprint
};

struct ReplicationOutcome {
  nlohmann::ordered_json summary;  // one replication's summary, or the aggregate of several
  std::vector<nlohmann::ordered_json> replications;  // each replication's summary, by index
  bool cancelled = false;
  std::string note;  // what the precision target or the automatic warm-up did, for the user
};

/** The warm-up chosen by MSER-5 from a pilot run (replication 0, no warm-up) of the scenario. */
struct AutoWarmup {
  core::SimTime warmup;
  nlohmann::ordered_json info;  // summary.json's "warmup_auto" block
  std::string note;  // one line for the user
};
/** Runs the pilot; empty when cancelled. */
std::optional<AutoWarmup> choose_warmup_automatically(const scenario::ScenarioSpec& spec, const std::atomic<bool>* cancel);

/**
 * Runs replications 0..N-1 (replication k draws from streams derived from (seed, k, path)).
 * With one replication, its files go straight into out_dir; with several, replication k's go into
 * out_dir/rep-K/ and out_dir/summary.json holds the aggregate. Each file is written once. When
 * cancelled or failed, out_dir may hold part of the files: its owner (a ResultsFolder) discards it.
 */
ReplicationOutcome run_replications(const scenario::ScenarioSpec& spec, const ReplicationPlan& plan);

}  // namespace msim::experiment
