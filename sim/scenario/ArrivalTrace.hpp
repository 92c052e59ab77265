#pragma once
/** @file
 *  @brief Arrivals replayed from a CSV trace (`arrival: { trace: FILE }`): one row per request
 *         (`time_s`) or requests per second (`second,rate`).
 */
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "scenario/Units.hpp"

namespace msim::scenario {

struct ArrivalTrace {
  bool per_second = false;  // `second,rate` rows (else `time_s`)
  std::vector<double> times;  // time_s: request times in seconds, ascending
  std::vector<std::pair<double, double>> steps;  // second,rate: (from second, rate), a rate of 0 after the last row and in gaps
};

/** Reads a trace; an error names the file and its line ("arrivals.csv:12: ..."). */
Parsed<ArrivalTrace> read_arrival_trace(const std::filesystem::path& file, const std::string& shown_name);

}  // namespace msim::scenario
