#pragma once
/** @file
 *  @brief The four charts of a run on one time axis: latency percentiles with the SLO,
 *         throughput and errors by cause, replicas with scaling decisions and failures, and
 *         utilization; for the whole system or one service.
 */
#include <QWidget>

#include "charts/TimeChart.hpp"

class QComboBox;
class QLabel;

namespace msim::gui {

class RunData;
class TimeChart;

class ChartsPanel : public QWidget {
  Q_OBJECT
public:
  explicit ChartsPanel(QWidget* parent = nullptr);

  /** The run to draw (not owned). Call refresh() after it changes. */
  void set_data(const RunData* data);
  /** Redraws if the data or the scope changed since the last time; cheap otherwise. */
  void refresh();
  /** "" for end-to-end, or a service name. */
  QString scope() const { return scope_; }
  void set_scope(const QString& service);

  TimeChart* latency_chart() const { return latency_; }
  TimeChart* throughput_chart() const { return throughput_; }
  TimeChart* replicas_chart() const { return replicas_; }
  TimeChart* utilization_chart() const { return utilization_; }
  QList<TimeChart*> charts() const { return {latency_, throughput_, replicas_, utilization_}; }

  /** A run's scaling decisions (at their new count) and failure intervals, of one service or all (""). */
  static void incidents(const RunData& data, const QString& scope, QVector<ChartMarker>* decisions, QVector<ChartBand>* failures);

signals:
  void scope_changed(const QString& service);

private:
  void draw();
  void update_scope_choices();
  void export_chart(TimeChart* chart, const QString& format);

  const RunData* data_ = nullptr;
  QString scope_;
  quint64 drawn_revision_ = ~0ULL;
  QString drawn_scope_;
  QComboBox* scope_box_;
  QLabel* status_;
  TimeChart* latency_;
  TimeChart* throughput_;
  TimeChart* replicas_;
  TimeChart* utilization_;
};

}  // namespace msim::gui
