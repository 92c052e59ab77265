#pragma once
/** @file
 *  @brief Reading a service's `balancer:` (a policy name, or a map with its options).
 */
#include <yaml-cpp/yaml.h>

#include "scenario/ScenarioSpec.hpp"
#include "scenario/YamlReader.hpp"

namespace msim::scenario {

BalancerSpec read_balancer(YamlReader& r, const YAML::Node& node, const std::string& path);

}  // namespace msim::scenario
