#pragma once
/** @file
 *  @brief Inside the API only: a summary.json object as the engine builds it, read into an
 *         api::Summary (its `document` is the text summary.json gets: two-space indent, newline).
 */
#include <string>

#include <msim/Summary.hpp>
#include <nlohmann/json.hpp>

namespace msim::api {

Summary summary_from_json(const nlohmann::ordered_json& summary, const std::string& origin);

}  // namespace msim::api
