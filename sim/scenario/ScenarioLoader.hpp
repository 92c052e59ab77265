#pragma once
/** @file
 *  @brief Reads a scenario YAML file into a validated ScenarioSpec, or reports every problem.
 */
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "scenario/Diagnostics.hpp"
#include "scenario/ScenarioSpec.hpp"

namespace msim::scenario {

struct LoadOptions {
  std::vector<std::string> overrides;  // "dotted.key=value", applied before validation
  std::optional<std::uint64_t> seed;  // replaces the file's seed
  std::optional<std::string> duration;  // replaces the file's duration ("10m")
  std::vector<std::string> injections;  // --inject: one failure per line, added to failures:
  std::optional<double> traffic_scale;  // --scale-traffic: every workload's rate (or users) times this
};

struct LoadResult {
  std::optional<ScenarioSpec> spec;  // set only when there is no diagnostic
  std::vector<Diagnostic> diagnostics;
  std::vector<Diagnostic> warnings;  // valid, but likely not what was meant
  bool ok() const { return spec.has_value(); }
};

/** Loads and validates a scenario file; never throws for bad input. */
LoadResult load_scenario_file(const std::string& path, const LoadOptions& options = {});

/** Same, from text; `display_name` names it in messages and `base_dir` anchors data files. */
LoadResult load_scenario_text(const std::string& text, const std::string& display_name,
                              const std::filesystem::path& base_dir, const LoadOptions& options = {});

/** The checks across sections that every spec passes before it is run, whether read from YAML or
 *  built in C++ (ScenarioBuilder): names printable and unique, call targets and request types
 *  resolved (service.endpoint, or a service's only endpoint), rollbacks on an SLO that exists,
 *  failure targets, no call cycles. Adds to `diagnostics`. */
void check_spec(ScenarioSpec& spec, Diagnostics& diagnostics);

/** A service name is a DNS label: lowercase letters, digits and '-', at most 63 characters. */
bool valid_service_name(const std::string& name);

/** A spec built in C++ through check_spec, after the builder's own `earlier` problems: the spec
 *  when there is no diagnostic. */
LoadResult check_built_spec(ScenarioSpec spec, const std::vector<Diagnostic>& earlier = {});

}  // namespace msim::scenario
