#pragma once
/** @file
 *  @brief Dotted paths into summary.json ("requests.all.latency_ms.p99"), as --get and --check take them.
 */
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace msim::cli {

/** The value at `dotted` (names may hold '/'), or null when there is none. */
const nlohmann::ordered_json* find_summary_value(const nlohmann::ordered_json& summary, const std::string& dotted);

/** Every dotted path to a number in the summary (ci95 and wall_* left out). */
std::vector<std::string> numeric_paths(const nlohmann::ordered_json& summary);

/** "; did you mean 'x'?" for the closest numeric path, or a hint where to look. */
std::string suggest_summary_path(const nlohmann::ordered_json& summary, const std::string& dotted);

}  // namespace msim::cli
