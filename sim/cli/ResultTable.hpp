#pragma once
/** @file
 *  @brief The readable results table `msim run` prints, made from summary.json.
 */
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace msim::cli {

std::string format_result_table(const nlohmann::ordered_json& summary);

/** Loud lines for a run that must not look healthy: nothing completed, or more than
 *  `failed_threshold` (a share, e.g. 0.01) of the requests failed. Empty when neither. */
std::vector<std::string> headline_warnings(const nlohmann::ordered_json& summary, double failed_threshold);

}  // namespace msim::cli
