#pragma once
/** @file
 *  @brief An experiment file (`msim sweep`): a base scenario, the parameters to sweep, the
 *         replications per point, and the metrics to summarise.
 */
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "scenario/Diagnostics.hpp"

namespace msim::experiment {

/** One swept key ("workload.shoppers.rate", or "strategy") and its values as scenario text. */
struct Parameter {
  std::string key;
  std::vector<std::string> values;
};

struct ExperimentSpec {
  std::string name;
  std::filesystem::path file;  // the experiment file
  std::filesystem::path scenario;  // the base scenario, resolved against the experiment's folder
  std::optional<std::uint64_t> seed;  // replaces the scenario's
  std::optional<std::string> duration;  // replaces the scenario's
  std::size_t replications = 1;
  std::vector<std::string> fixed;  // "dotted.key=value" applied at every point
  std::vector<Parameter> grid;  // every combination; the first key varies slowest
  std::vector<Parameter> zip;  // varied together, as one innermost axis
  std::vector<std::string> strategy_services;  // services a "strategy" parameter applies to (empty: autoscaled ones)
  std::vector<std::string> metrics;  // points.csv columns (dotted, '*' matches one segment); empty: every number
  std::optional<double> time_limit_s;  // wall-clock limit of one run
  std::string sha256;  // of the experiment and scenario texts: identifies the experiment when resuming
};

/** One combination of parameter values. */
struct SweepPoint {
  std::vector<std::pair<std::string, std::string>> values;  // (key, value), grid keys then zip keys
};

struct ExperimentLoad {
  std::optional<ExperimentSpec> spec;
  std::vector<scenario::Diagnostic> diagnostics;
};

/** Reads and checks an experiment file; never throws for bad input. */
ExperimentLoad load_experiment_file(const std::filesystem::path& path);

/** The points of the sweep, in row-major order of grid keys then the zipped axis. */
std::vector<SweepPoint> expand_points(const ExperimentSpec& spec);

/** Does a dotted path match a pattern whose '*' segments match any one segment? */
bool matches_metric_pattern(const std::string& pattern, const std::string& path);

}  // namespace msim::experiment
