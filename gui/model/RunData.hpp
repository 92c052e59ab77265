#pragma once
/** @file
 *  @brief Everything known about one run: its full time series and events (never downsampled),
 *         its summary, and the scenario's SLO. Filled live from snapshots or from a results folder.
 */
#include <optional>

#include <QHash>
#include <QPointF>
#include <QString>
#include <QStringList>
#include <QVector>
#include <msim/Summary.hpp>

namespace msim::api {
struct Snapshot;
}

namespace msim::gui {

/** One row of events.csv. */
struct RunEvent {
  double time_s = 0;
  QString id, kind, service, target, before, after, reason;
};

class RunData {
public:
  void clear();

  /** Appends the rows and events of a snapshot. */
  void append(const msim::api::Snapshot& snapshot);
  void add_row(double time_s, const QString& metric, const QString& service, const QString& endpoint, const QString& request_type,
               double value);
  void add_event(const RunEvent& event);

  /** Reads summary.json, timeseries.csv and events.csv from an `msim run` folder. */
  bool load_folder(const QString& dir, QString* error);

  /** The points (time_s, value) of one series of timeseries.csv; empty if there is none. */
  const QVector<QPointF>& series(const QString& metric, const QString& service, const QString& endpoint = {},
                                 const QString& request_type = {}) const;
  /** Every series, keyed as key(metric, service, endpoint, request_type). */
  const QHash<QString, QVector<QPointF>>& all_series() const { return series_; }
  static QString key(const QString& metric, const QString& service, const QString& endpoint, const QString& request_type);
  /** Last value of a series, or `fallback`. */
  double latest(const QString& metric, const QString& service, const QString& request_type = {}, double fallback = 0) const;

  QStringList services() const { return services_; }  // in the order they first appear
  /** Request types in the order they first appear, "all" last (as msim run prints them). */
  QStringList request_types() const;
  const QVector<RunEvent>& events() const { return events_; }
  qsizetype row_count() const { return rows_; }

  double duration_s() const { return duration_s_; }
  void set_duration_s(double seconds) { duration_s_ = seconds; }
  double time_s() const { return time_s_; }  // the latest row or event time
  /** The warm-up at the start of the run (not counted in the summary), in seconds. */
  double warmup_s() const { return warmup_s_; }
  void set_warmup_s(double seconds) { warmup_s_ = seconds; }
  std::optional<double> slo_ms() const { return slo_ms_; }
  void set_slo_ms(std::optional<double> slo) { slo_ms_ = slo; }
  /** The run's results; empty (no request types) until the run ends or a folder is read. */
  const msim::api::Summary& summary() const { return summary_; }
  void set_summary(const msim::api::Summary& summary);
  QString folder() const { return folder_; }
  void set_folder(const QString& folder) { folder_ = folder; }
  /** Changes whenever data is added: views redraw only when it moved. */
  quint64 revision() const { return revision_; }

private:
  QHash<QString, QVector<QPointF>> series_;
  QStringList services_;
  QStringList request_types_;
  QVector<RunEvent> events_;
  qsizetype rows_ = 0;
  double duration_s_ = 0;
  double time_s_ = 0;
  double warmup_s_ = 0;
  std::optional<double> slo_ms_;
  msim::api::Summary summary_;
  QString folder_;
  quint64 revision_ = 0;
};

}  // namespace msim::gui
