#pragma once
/** @file
 *  @brief The readable results table `msim run` prints, made from summary.json.
 */
#include <string>

#include <nlohmann/json.hpp>

namespace msim::cli {

std::string format_result_table(const nlohmann::ordered_json& summary);

}  // namespace msim::cli
