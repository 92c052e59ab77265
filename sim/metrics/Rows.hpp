#pragma once
/** @file
 *  @brief The rows of timeseries.csv and events.csv as plain values, for front ends that read
 *         them while the run goes on (RowKeeper).
 */
#include <string>

namespace msim::metrics {

/** One row of timeseries.csv: `value` is the same double the CSV prints. */
struct TimeseriesRow {
  double time_s = 0;
  std::string metric;
  std::string service;
  std::string endpoint;
  std::string request_type;
  double value = 0;
};

/** One row of events.csv, fields unquoted. */
struct EventRow {
  double time_s = 0;
  std::string id;
  std::string kind;
  std::string service;
  std::string target;
  std::string before;
  std::string after;
  std::string reason;
};

}  // namespace msim::metrics
