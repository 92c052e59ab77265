#pragma once
/** @file
 *  @brief Scaling strategies side by side on the same scenario and seed (msim compare), or any
 *         results folders overlaid: a summary table and p99 and replicas over time per run.
 */
#include <atomic>
#include <optional>

#include <QWidget>
#include <msim/Experiments.hpp>

#include "charts/TimeChart.hpp"

class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QThread;

namespace msim::gui {

class TimeChart;

class CompareView : public QWidget {
  Q_OBJECT
public:
  explicit CompareView(QWidget* parent = nullptr);
  ~CompareView() override;

  void set_scenario(const QString& path) { scenario_path_ = path; }
  void set_seed(std::optional<quint64> seed) { seed_ = seed; }
  void set_overrides(const QStringList& overrides) { overrides_ = overrides; }
  /** Where comparisons write their folders (one per comparison). */
  void set_results_root(const QString& root) { results_root_ = root; }
  void set_strategies(const QString& comma_separated);
  void set_replications(int replications);
  /** The services to scale, comma-separated (empty: those with an autoscaler block). */
  void set_services(const QString& comma_separated);
  QString services() const;
  QString status() const;

  /** Starts `msim compare` on a worker thread; false if one is running or there is no scenario. */
  bool start();
  void stop();
  bool is_running() const { return thread_ != nullptr; }
  /** Adds a run folder to the overlay, labelled `label`; false (and `error`) if it cannot be read. */
  bool add_run(const QString& label, const QString& folder, QString* error);
  void clear_runs();

  QTableWidget* table() const { return table_; }
  TimeChart* latency_chart() const { return latency_; }
  TimeChart* replicas_chart() const { return replicas_; }
  QString out_dir() const { return out_dir_; }

signals:
  /** Emitted (directly) just before a comparison reads the scenario file: save it now. */
  void about_to_start();
  void finished(bool ok, const QString& message);

private:
  void on_finished(const std::vector<msim::api::StrategyResult>& strategies, const QStringList& problems, bool cancelled, const QString& out_dir);
  void fill_table_from_compare(const std::vector<msim::api::StrategyResult>& strategies);
  void add_table_row(const QString& label, const msim::api::Summary& summary);
  void redraw();

  QString scenario_path_;
  std::optional<quint64> seed_;
  QStringList overrides_;
  QString results_root_;
  QString out_dir_;
  QString example_services() const;

  QLineEdit* strategies_;
  QLineEdit* services_;
  QSpinBox* replications_;
  QPushButton* run_button_;
  QPushButton* stop_button_;
  QLabel* status_;
  QTableWidget* table_;
  TimeChart* latency_;
  TimeChart* replicas_;
  QThread* thread_ = nullptr;
  std::atomic<bool> cancel_{false};
  struct Overlay {
    QString label;
    QVector<QPointF> p99;
    QVector<QPointF> replicas;
  };
  QVector<Overlay> overlays_;
  std::optional<double> slo_ms_;
  double duration_s_ = 0;
  double warmup_s_ = 0;  // the longest of the overlaid runs'
  QVector<ChartBand> failures_;  // of the first run with any: runs compared share their traffic and failures
};

}  // namespace msim::gui
