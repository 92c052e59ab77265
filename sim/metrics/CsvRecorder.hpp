#pragma once
/** @file
 *  @brief Writes a run's timeseries.csv, events.csv and (when tracing) spans.csv into a folder,
 *         each staged under a temporary name until commit() (docs/output-format.md).
 */
#include <filesystem>
#include <memory>
#include <string>

#include "metrics/OutputFile.hpp"
#include "metrics/Recorder.hpp"

namespace msim::metrics {

class CsvRecorder final : public Recorder {
public:
  /** Creates `folder` if needed and opens the files; spans.csv only with `spans`. */
  CsvRecorder(const std::filesystem::path& folder, bool spans);

  void timeseries(double time_s, std::string_view metric, std::string_view service, std::string_view endpoint, std::string_view request_type,
                  double value) override;
  void interval_done() override;
  void event(double time_s, std::string_view id, std::string_view kind, std::string_view service, std::string_view target,
             std::string_view before, std::string_view after, std::string_view reason) override;
  bool wants_spans() const override { return spans_ != nullptr; }
  void span(const SpanRecord& span) override;

  /** Moves the files into place; throws OutputError on I/O failure. Call once, after the run. */
  void commit();

private:
  std::unique_ptr<OutputFile> timeseries_;
  std::unique_ptr<OutputFile> events_;
  std::unique_ptr<OutputFile> spans_;
  std::string buffer_;  // one interval's timeseries rows, written at once
  double buffered_time_ = -1;  // the time whose text is in time_text_
  std::string time_text_;
};

}  // namespace msim::metrics
