#pragma once
/** @file
 *  @brief Reading a service's `rollout:` (rolling update, blue-green, canary, automatic rollback)
 *         and `disruptionBudget:` (a PodDisruptionBudget).
 */
#include <yaml-cpp/yaml.h>

#include "scenario/ScenarioSpec.hpp"
#include "scenario/YamlReader.hpp"

namespace msim::scenario {

RolloutSpec read_rollout(YamlReader& r, const YAML::Node& node, const std::string& path);
DisruptionBudgetSpec read_disruption_budget(YamlReader& r, const YAML::Node& node, const std::string& path);
/** "25%" or "2": Kubernetes' IntOrString for pod counts. */
std::optional<IntOrPercent> read_int_or_percent(YamlReader& r, const YAML::Node& node, const std::string& path);

}  // namespace msim::scenario
