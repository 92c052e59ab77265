#pragma once
/** @file
 *  @brief Combines the summary.json of independent replications into one: every number becomes
 *         the mean across replications, and a `ci95` tree of the same shape holds the 95 %
 *         Student-t half-widths.
 */
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "experiment/Statistics.hpp"

namespace msim::experiment {

/** Means and `ci95` of replications' summaries (all of the same shape); `replication` is dropped. */
nlohmann::ordered_json aggregate_summaries(const std::vector<nlohmann::ordered_json>& summaries);

/** Values of one dotted path ("requests.all.latency_ms.mean") across summaries. */
std::vector<double> values_at(const std::vector<nlohmann::ordered_json>& summaries, const std::string& dotted_path);

}  // namespace msim::experiment
