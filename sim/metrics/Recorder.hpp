#pragma once
/** @file
 *  @brief What a run reports as it goes: timeseries rows per metrics interval, events, spans.
 *         The model calls every recorder it was given; recorders decide where the rows go (CSV
 *         files, memory for a GUI, nowhere). The model itself opens no file.
 */
#include <cstdint>
#include <optional>
#include <string_view>

namespace msim::metrics {

/** One span of a traced request (a row of spans.csv). */
struct SpanRecord {
  std::uint64_t request_id = 0;
  std::uint64_t span_id = 0;
  std::optional<std::uint64_t> parent_span;  // none for the root call
  std::string_view service;
  std::string_view endpoint;
  std::optional<std::uint32_t> instance;  // its index within the service; none if it reached none
  double sent_s = 0;
  std::optional<double> arrived_s;  // with an instance only
  double ended_s = 0;  // when the caller got its answer or gave up
  std::string_view status;  // "ok", "abandoned" or a failure cause
  std::optional<double> finished_s;  // when the instance responded; none if it never did
};

class Recorder {
public:
  virtual ~Recorder() = default;
  /** One value of one metrics interval ending at `time_s` (rows come in timeseries.csv's order). */
  virtual void timeseries(double /*time_s*/, std::string_view /*metric*/, std::string_view /*service*/, std::string_view /*endpoint*/,
                          std::string_view /*request_type*/, double /*value*/) {}
  /** The rows of one interval are complete. */
  virtual void interval_done() {}
  virtual void event(double /*time_s*/, std::string_view /*id*/, std::string_view /*kind*/, std::string_view /*service*/,
                     std::string_view /*target*/, std::string_view /*before*/, std::string_view /*after*/, std::string_view /*reason*/) {}
  /** Spans are built only when some recorder wants them. */
  virtual bool wants_spans() const { return false; }
  virtual void span(const SpanRecord& /*span*/) {}
};

}  // namespace msim::metrics
