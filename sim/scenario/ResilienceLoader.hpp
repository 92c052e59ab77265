#pragma once
/** @file
 *  @brief Reading the resilience settings of call edges (retries, circuitBreaker, bulkhead) and
 *         of services (rateLimit, loadShedding, outlierDetection, cancellation).
 */
#include <yaml-cpp/yaml.h>

#include "scenario/ScenarioSpec.hpp"
#include "scenario/YamlReader.hpp"

namespace msim::scenario {

RetrySpec read_retry(YamlReader& r, const YAML::Node& node, const std::string& path);
BreakerSpec read_breaker(YamlReader& r, const YAML::Node& node, const std::string& path);
void read_service_resilience(YamlReader& r, const YAML::Node& service, const std::string& path, ServiceSpec& svc);

/** Keys read_service_resilience understands, for the service's key check. */
const std::vector<std::string>& service_resilience_keys();

}  // namespace msim::scenario
