#pragma once
/** @file
 *  @brief What a scenario will need before it runs: memory, output size and events, estimated
 *  from its rates, fan-out, capacities and metrics interval, so that a runaway scenario is
 *  refused with the estimate instead of exhausting the machine.
 */
#include <cstdint>
#include <string>

#include "scenario/ScenarioSpec.hpp"

namespace msim::model {

struct Footprint {
  double calls_per_s = 0;  // peak calls per simulated second, all services (fan-out included)
  double calls_per_request = 0;  // mean calls one request makes, its own included
  double pending_calls = 0;  // calls held at the end: queued backlog of overloaded services with unbounded queues
  std::string backlog_reason;  // the service whose backlog dominates, and why
  double memory_bytes = 0;  // engine state + pending calls (+ kept rows)
  double output_bytes = 0;  // timeseries.csv (+ spans.csv)
  double events = 0;  // over the whole run
};

/** `keep_rows`: the rows are also kept in memory (msim-gui). */
Footprint estimate_footprint(const scenario::ScenarioSpec& spec, bool keep_rows = false);

/** Half of the machine's physical memory, the default budget. */
double default_memory_budget();

/**
 * Why the scenario should not run within `memory_budget` bytes of memory and `disk_free` bytes of
 * disk (negative: unknown), with the estimate and what to change; empty when it fits.
 */
std::string over_budget(const Footprint& footprint, double memory_budget, double disk_free);

/** "1.5 GiB", "730 MiB". */
std::string format_bytes(double bytes);

}  // namespace msim::model
