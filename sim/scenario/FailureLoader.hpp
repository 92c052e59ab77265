#pragma once
/** @file
 *  @brief Reading the `failures:` section (see docs/scenario-format.md).
 */
#include <yaml-cpp/yaml.h>

#include "scenario/ScenarioSpec.hpp"
#include "scenario/YamlReader.hpp"

namespace msim::scenario {

void read_failures(YamlReader& r, const YAML::Node& node, ScenarioSpec& spec);
/** Checks that failures name existing services, zones, nodes and pools (after services are read). */
void check_failure_targets(const ScenarioSpec& spec, Diagnostics& diagnostics);

}  // namespace msim::scenario
