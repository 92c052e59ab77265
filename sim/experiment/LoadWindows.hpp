#pragma once
/** @file
 *  @brief The windows of a run worth judging on their own: from each load change or failure to
 *         the next (a whole-run p99 can hide, or be set by, a few minutes around one of them).
 */
#include <string>
#include <vector>

#include "scenario/ScenarioSpec.hpp"

namespace msim::experiment {

struct TimeWindow {
  core::SimTime from;
  core::SimTime to;
  std::string label;  // "10m-20m", what started it in `why`
  std::string why;  // "load 100/s -> 1000/s", "failure: crash api"
};

/** Changes closer than a minute form one; each window runs to the next change or the end of the
 *  run, inside the measured window; at most 8. Empty for steady traffic without failures. */
std::vector<TimeWindow> automatic_windows(const scenario::ScenarioSpec& spec);

/** "10m..20m" (or "600s..1200s", "10m-20m") within the run; throws std::invalid_argument. */
TimeWindow parse_window(const std::string& text, const scenario::ScenarioSpec& spec);

/** "10m", "10m20s", "45s", "1h5m". */
std::string short_time(core::SimTime t);

}  // namespace msim::experiment
