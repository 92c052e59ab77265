#pragma once
/** @file
 *  @brief Distributions as written in scenarios: `exponential(4ms)`, `lognormal(median=2ms, p99=20ms)`,
 *         `empirical(data/latency.csv, unit=ms)`, or a plain value (`5ms`, `3`) for a constant.
 */
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/Distribution.hpp"
#include "scenario/Units.hpp"

namespace msim::scenario {

/** What the distribution's values are: durations (in seconds, units required) or plain numbers. */
enum class ValueKind { DURATION, NUMBER };

/**
 * Parses a distribution. `scenario_dir` anchors relative paths of empirical data files; a path
 * not found there is also looked up in the parent folders (so `data/x.csv` works from
 * `scenarios/sub/`).
 */
Parsed<core::Distribution> parse_distribution(std::string_view text, ValueKind kind,
                                              const std::filesystem::path& scenario_dir);

/** A data file named in a scenario: next to it, else in its parent folders (up to 4), else as
 *  given; empty when not found. */
std::filesystem::path find_data_file(const std::filesystem::path& given, const std::filesystem::path& scenario_dir);

/** Names accepted before the parenthesis, for suggestions (the registry's order). */
const std::vector<std::string>& distribution_names();

/** One registered distribution as `msim list distributions` shows it. */
struct DistributionHelp {
  std::string name;
  std::string usage;  // how to write it, e.g. "exponential(mean)"
  std::string help;  // what it is, in one line
};
std::vector<DistributionHelp> distribution_help();

}  // namespace msim::scenario
