#pragma once
/** @file
 *  @brief Reading a service's `autoscaler:` (HPA with Kubernetes' field names, and the others).
 */
#include <yaml-cpp/yaml.h>

#include "scenario/ScenarioSpec.hpp"
#include "scenario/YamlReader.hpp"

namespace msim::scenario {

/** Every autoscaler kind by name, in the order of AutoscalerSpec::Kind: the one list that the
 *  scenario loader, msim compare, experiment files and the CLI's help take their names from. */
/** A scaling strategy's registry entry. */
struct AutoscalerKindEntry {
  std::string name;
  AutoscalerSpec::Kind kind;
  std::string help;
};
const std::vector<AutoscalerKindEntry>& autoscaler_kinds();
const std::vector<std::string>& autoscaler_kind_names();
/** The kind called `name`, if any. */
std::optional<AutoscalerSpec::Kind> autoscaler_kind(const std::string& name);

AutoscalerSpec read_autoscaler(YamlReader& r, const YAML::Node& node, const std::string& path);
/** Kubernetes' default behavior (autoscaling/v2): scale up 4 pods or 100 % per 15 s, no window; down 100 % per 15 s, 300 s window. */
ScalingRules default_scale_up();
ScalingRules default_scale_down();

}  // namespace msim::scenario
