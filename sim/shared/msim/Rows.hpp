#pragma once
/** @file
 *  @brief The rows of timeseries.csv and events.csv as plain values: one definition, shared by
 *         the engine (metrics::RowKeeper keeps them) and the public API (api::Snapshot hands them
 *         to front ends that read them while the run goes on). Standard types only.
 */
#include <string>

namespace msim {

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

}  // namespace msim
