#pragma once
/** @file
 *  @brief `--set dotted.key=value`: replaces (or adds) one scalar in the YAML tree before validation.
 */
#include <string>

#include <yaml-cpp/yaml.h>

#include "scenario/Diagnostics.hpp"
#include "scenario/Units.hpp"

namespace msim::scenario {

/**
 * Applies one "dotted.key=value" override to `root`. Path segments name map keys; in a list,
 * a segment is an index or the `name` of an element (`workload.shoppers.rate=300/s`). The last
 * key may be new (it is then validated like any other key); intermediate ones must exist.
 * Returns false, with a diagnostic, when the path cannot be followed.
 */
bool apply_override(YAML::Node root, const std::string& assignment, Diagnostics& diagnostics);

/**
 * "dotted.key+=VALUE" appends VALUE, read as YAML (a flow mapping such as `{ at: 5m, crash: { zone: b } }`),
 * to the list at dotted.key, creating the list when the key is absent (`failures+=...`).
 */
bool apply_append(YAML::Node root, const std::string& assignment, Diagnostics& diagnostics);

/**
 * One failure in a line, as `msim run --inject` takes it: "KIND key=value ...", e.g.
 * "crash zone=b at=5m for=2m" or "slowdown service=api factor=3 at=60s for=30s". `at` and `for`
 * (or `duration`) are the failure's times, the other keys those of its kind, with the file's
 * names and values. Returns the failure as a YAML mapping of the `failures:` list, or an
 * explanation of what is wrong.
 */
Parsed<YAML::Node> parse_injection(const std::string& text);

}  // namespace msim::scenario
