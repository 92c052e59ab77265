#include "metrics/CsvRecorder.hpp"

#include <iterator>

#include <fmt/format.h>

namespace msim::metrics {

CsvRecorder::CsvRecorder(const std::filesystem::path& folder, bool spans) {
  std::filesystem::create_directories(folder);
  timeseries_ = std::make_unique<OutputFile>(folder / "timeseries.csv");
  timeseries_->write("time_s,metric,service,endpoint,request_type,value\n");
  events_ = std::make_unique<OutputFile>(folder / "events.csv");
  events_->write("time_s,id,kind,service,target,before,after,reason\n");
  if (spans) {
    spans_ = std::make_unique<OutputFile>(folder / "spans.csv");
    spans_->write("request_id,span_id,parent_span_id,service,endpoint,instance,sent_s,arrived_s,responded_s,status,finished_s\n");
  }
}

void CsvRecorder::timeseries(double time_s, std::string_view metric, std::string_view service, std::string_view endpoint,
                             std::string_view request_type, double value) {
  if (time_s != buffered_time_) {  // every row of an interval has the same time: format it once
    buffered_time_ = time_s;
    time_text_ = fmt::format("{}", time_s);
  }
  fmt::format_to(std::back_inserter(buffer_), "{},{},{},{},{},{}\n", time_text_, metric, service, csv_field(endpoint), csv_field(request_type),
                 value);
}

void CsvRecorder::interval_done() {
  timeseries_->write(buffer_);
  buffer_.clear();
}

void CsvRecorder::event(double time_s, std::string_view id, std::string_view kind, std::string_view service, std::string_view target,
                        std::string_view before, std::string_view after, std::string_view reason) {
  events_->write(fmt::format("{},{},{},{},{},{},{},{}\n", time_s, id, kind, service, csv_field(target), before, after, csv_field(reason)));
}

void CsvRecorder::span(const SpanRecord& s) {
  if (!spans_) return;
  auto optional = [](const auto& v) { return v ? fmt::format("{}", *v) : std::string(); };
  spans_->write(fmt::format("{},{},{},{},{},{},{},{},{},{},{}\n", s.request_id, s.span_id, optional(s.parent_span), s.service,
                            csv_field(s.endpoint), s.instance ? fmt::format("{}-{}", s.service, *s.instance) : std::string(), s.sent_s,
                            optional(s.arrived_s), s.ended_s, s.status, optional(s.finished_s)));
}

void CsvRecorder::commit() {
  timeseries_->commit();
  events_->commit();
  if (spans_) spans_->commit();
}

}  // namespace msim::metrics
