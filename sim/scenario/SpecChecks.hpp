#pragma once
/** @file
 *  @brief Checks and adjustments on a scenario once it is read: names every output can hold,
 *         draws longer than the run, and --scale-traffic.
 */
#include <vector>

#include "scenario/Diagnostics.hpp"
#include "scenario/ScenarioSpec.hpp"

namespace msim::scenario {

/** --scale-traffic: every open workload's rate profile and every closed workload's users times `k`. */
void scale_traffic(ScenarioSpec& spec, double k, Diagnostics& diagnostics);

/** Warns when more than 1 % of an endpoint's work (or a closed workload's think) draws exceed the run. */
void warn_unfinishable_draws(const ScenarioSpec& spec, std::vector<Diagnostic>& warnings);

/** Rejects control characters in names (they end up in CSV, JSON, Prometheus and trace files). */
void check_names(const ScenarioSpec& spec, Diagnostics& diagnostics);

}  // namespace msim::scenario
