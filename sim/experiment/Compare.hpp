#pragma once
/** @file
 *  @brief `msim compare`: several scaling strategies on identical traffic and service times
 *         (common random numbers), with confidence intervals and paired differences.
 */
#include <atomic>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "scenario/ScenarioSpec.hpp"

namespace msim::experiment {

struct CompareOptions {
  std::vector<std::string> strategies;  // "hpa", "target_tracking", "scheduled", "static" or "static:N"
  std::vector<std::string> services;  // the services they apply to; empty: those with an autoscaler
  std::size_t replications = 10;
  unsigned jobs = 1;
  std::filesystem::path out_dir;  // empty: nothing written
  std::vector<std::string> windows;  // "10m..20m": measured on their own; empty: from each load change or failure to the next
  std::function<void(const std::string& strategy, std::size_t done, std::size_t total)> on_strategy_done;
  const std::atomic<bool>* cancel = nullptr;
};

struct CompareResult {
  nlohmann::ordered_json table;  // per strategy, per metric: mean, ci95, and the paired difference to the first
  nlohmann::ordered_json document;  // compare.json: objective, recommendation, pareto, windows, strategies (= table)
  std::string text;  // aligned table for the terminal
  std::string markdown;
  std::string csv;
  bool cancelled = false;
};

/** Applies one strategy to a copy of the scenario; throws std::invalid_argument for a bad name. */
scenario::ScenarioSpec with_strategy(const scenario::ScenarioSpec& spec, const std::string& strategy, const std::vector<std::string>& services);

CompareResult compare_strategies(const scenario::ScenarioSpec& spec, const CompareOptions& options);

}  // namespace msim::experiment
