#pragma once
/** @file
 *  @brief Reading a service's `autoscaler:` (HPA with Kubernetes' field names, and the others).
 *         The strategies, their names and their own parameters: scaling/Registry.cpp.
 */
#include <yaml-cpp/yaml.h>

#include "scenario/ScenarioSpec.hpp"
#include "scenario/YamlReader.hpp"

namespace msim::scenario {

AutoscalerSpec read_autoscaler(YamlReader& r, const YAML::Node& node, const std::string& path);
/** Kubernetes' default behavior (autoscaling/v2): scale up 4 pods or 100 % per 15 s, no window; down 100 % per 15 s, 300 s window. */
ScalingRules default_scale_up();
ScalingRules default_scale_down();

}  // namespace msim::scenario
