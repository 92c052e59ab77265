#pragma once
/** @file
 *  @brief Keeps the timeseries and event rows in memory until taken (msim-gui's live charts).
 */
#include <vector>

#include <msim/Rows.hpp>

#include "metrics/Recorder.hpp"

namespace msim::metrics {

using msim::EventRow;
using msim::TimeseriesRow;

class RowKeeper final : public Recorder {
public:
  void timeseries(double time_s, std::string_view metric, std::string_view service, std::string_view endpoint, std::string_view request_type,
                  double value) override {
    timeseries_.push_back({time_s, std::string(metric), std::string(service), std::string(endpoint), std::string(request_type), value});
  }
  void event(double time_s, std::string_view id, std::string_view kind, std::string_view service, std::string_view target,
             std::string_view before, std::string_view after, std::string_view reason) override {
    events_.push_back({time_s, std::string(id), std::string(kind), std::string(service), std::string(target), std::string(before),
                       std::string(after), std::string(reason)});
  }
  /** Moves out the rows kept since the last call. */
  void take(std::vector<TimeseriesRow>& timeseries, std::vector<EventRow>& events) {
    timeseries = std::move(timeseries_);
    events = std::move(events_);
    timeseries_.clear();
    events_.clear();
  }

private:
  std::vector<TimeseriesRow> timeseries_;
  std::vector<EventRow> events_;
};

}  // namespace msim::metrics
