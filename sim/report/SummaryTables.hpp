#pragma once
/** @file
 *  @brief summary.json as HTML tables: requests, services, provenance; "± CI" when the summary
 *  is the mean of replications (its `ci95` tree).
 */
#include <string>

#include <nlohmann/json.hpp>

namespace msim::report {

/** Per request type and `all`: completed, failed, failed %, throughput, latency percentiles, SLO. */
std::string requests_table(const nlohmann::ordered_json& summary);
/** Per service: replicas, utilization, queue, throughput, latency, failures, autoscaler. */
std::string services_table(const nlohmann::ordered_json& summary);
/** Scenario, seed, duration, warm-up, replications, msim version, as a definition list. */
std::string provenance(const nlohmann::ordered_json& summary);

/** Text escaped for HTML. */
std::string html_escape(const std::string& text);

}  // namespace msim::report
