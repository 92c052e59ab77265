#pragma once
/** @file
 *  @brief Reading one entry of `workload:`: open loop (rate profiles, arrival traces) or closed
 *         loop (users, think time), and its request types (call or weighted mix).
 */
#include <string>

#include <yaml-cpp/yaml.h>

#include "scenario/ScenarioSpec.hpp"
#include "scenario/YamlReader.hpp"

namespace msim::scenario {

/** Appends the workload at `n` to spec.workloads; `fallback_path` names it in messages until its name is known. */
void read_workload(YamlReader& r, const YAML::Node& n, const std::string& fallback_path, ScenarioSpec& spec);

}  // namespace msim::scenario
