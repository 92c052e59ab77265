#pragma once
/** @file
 *  @brief A summary.json's final metrics in Prometheus' text exposition format (metrics.prom,
 *         docs/output-format.md): it reads the output contract, as the rest of report/ does.
 */
#include <string>

#include <nlohmann/json.hpp>

namespace msim::report {

std::string prometheus_text(const nlohmann::ordered_json& summary);

}  // namespace msim::report
