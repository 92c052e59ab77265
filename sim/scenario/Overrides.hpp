#pragma once
/** @file
 *  @brief `--set dotted.key=value`: replaces (or adds) one scalar in the YAML tree before validation.
 */
#include <string>

#include <yaml-cpp/yaml.h>

#include "scenario/Diagnostics.hpp"

namespace msim::scenario {

/**
 * Applies one "dotted.key=value" override to `root`. Path segments name map keys; in a list,
 * a segment is an index or the `name` of an element (`workload.shoppers.rate=300/s`). The last
 * key may be new (it is then validated like any other key); intermediate ones must exist.
 * Returns false, with a diagnostic, when the path cannot be followed.
 */
bool apply_override(YAML::Node root, const std::string& assignment, Diagnostics& diagnostics);

}  // namespace msim::scenario
