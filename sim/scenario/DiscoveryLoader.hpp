#pragma once
/** @file
 *  @brief Reading a `discovery:` block, the cluster's or a service's (see docs/scenario-format.md):
 *         a model of discovery::models() and its parameters.
 */
#include <string>

#include <yaml-cpp/yaml.h>

#include "scenario/ScenarioSpec.hpp"
#include "scenario/YamlReader.hpp"

namespace msim::scenario {

/** Reads `node` over `discovery`, which holds what it starts from (the defaults, or the cluster's). */
void read_discovery(YamlReader& r, const YAML::Node& node, const std::string& path, DiscoverySpec& discovery);

}  // namespace msim::scenario
