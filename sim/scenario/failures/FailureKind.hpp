#pragma once
/** @file
 *  @brief The extension point for failure kinds, on the scenario's side: the registry entry (the
 *         key of a `failures:` entry, its help, whether it is scheduled, its body's reader). What
 *         a kind does in a run is its model/faults/ entry of the same name.
 *
 *  Adding a failure kind: docs/architecture.md, "Adding a failure kind".
 */
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "scenario/ScenarioSpec.hpp"
#include "scenario/YamlReader.hpp"

namespace msim::scenario {

struct FailureKind {
  std::string name;  // the entry's key: `- at: 5m\n  crash: {...}`; FailureSpec::kind
  std::string label;  // in load-window names and reasons ("chaos monkey")
  std::string help;  // one line
  bool scheduled = true;  // starts `at`, ends after `duration`; else a process over the whole run
  /** Reads the body (the mapping under the key) into `f`, reporting problems at `path`. */
  std::function<void(YamlReader& r, const YAML::Node& body, const std::string& path, FailureSpec& f)> read;
};

/** The registered kinds, in registration order. */
const std::vector<FailureKind>& failure_kinds();
/** nullptr when no kind has that name. */
const FailureKind* find_failure_kind(std::string_view name);
std::vector<std::string> failure_kind_names();

// What the readers share.
/** The text under `key` of `body`, or "" when absent. */
std::string text_of(YamlReader& r, const YAML::Node& body, const char* key, const std::string& path);
/** A list of names (`[cart, catalog]`). */
std::vector<std::string> names_list(YamlReader& r, const YAML::Node& v, const std::string& path);
/** A duration, or a distribution of durations; a plain duration is an exponential with that mean. */
std::optional<core::Distribution> mean_time(YamlReader& r, const YAML::Node& v, const std::string& path);
/** Sets `out` from `map[key]` if present; `positive`: it must be > 0. */
void set_duration(YamlReader& r, const YAML::Node& map, const char* key, const std::string& path, core::SimTime& out, bool positive = true);

}  // namespace msim::scenario
