#pragma once
/** @file
 *  @brief msim-gui's window: the scenario editor and its problems on the left; the service
 *         graph, the charts, the summary and the comparison in tabs on the right.
 */
#include <QMainWindow>
#include <QTemporaryDir>

#include "model/RunData.hpp"
#include "runner/SimulationRunner.hpp"

class QMenu;
class QTabWidget;
class QTimer;

namespace msim::gui {

class ChartsPanel;
class CompareView;
class ProblemList;
class RunToolBar;
class ScenarioEditor;
class ServiceGraphView;
class SummaryTable;

class MainWindow : public QMainWindow {
  Q_OBJECT
public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  bool open_scenario(const QString& path);
  bool open_results(const QString& folder);
  /** Validates the editor's text; returns the problems (also shown). */
  QStringList validate();
  /** Saves the scenario if needed, validates it and starts a run (paused: waiting for Step or
   *  Resume); false if it cannot start. */
  bool run(bool paused = false);
  /** Copies the last finished run's folder (summary.json, timeseries.csv, events.csv) to `folder`. */
  bool save_results(const QString& folder, QString* error);

  enum class Tab { GRAPH, CHARTS, SUMMARY, COMPARE };
  void show_tab(Tab tab);

  ScenarioEditor* editor() const { return editor_; }
  ProblemList* problems() const { return problems_; }
  ServiceGraphView* graph() const { return graph_; }
  ChartsPanel* charts() const { return charts_; }
  SummaryTable* summary() const { return summary_; }
  CompareView* compare() const { return compare_; }
  RunToolBar* run_bar() const { return run_bar_; }
  SimulationRunner* runner() const { return runner_; }
  const RunData& run_data() const { return run_data_; }
  /** The folder the last finished run wrote ("" if none). */
  QString last_run_folder() const { return last_run_folder_; }
  /** "dotted.key=value" overrides applied to runs, validation and the graph (like msim run --set). */
  void set_overrides(const QStringList& overrides) { overrides_ = overrides; }
  /** Draws what changed since the last refresh (a timer does this for the visible views). */
  void refresh_views(bool only_visible = false);

signals:
  void run_finished(bool stopped);

protected:
  void closeEvent(QCloseEvent* event) override;
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

private:
  void build_menus();
  void add_recent(const QString& path);
  void update_recent_menu();
  void update_title();
  void load_graph();
  bool maybe_save();
  void show_problems(const QStringList& problems);
  void on_started(double duration_s);
  void on_finished(const SummaryPtr& summary, const QString& out_dir, bool stopped);

  ScenarioEditor* editor_;
  ProblemList* problems_;
  ServiceGraphView* graph_;
  ChartsPanel* charts_;
  SummaryTable* summary_;
  CompareView* compare_;
  QTabWidget* tabs_;
  RunToolBar* run_bar_;
  SimulationRunner* runner_;
  QTimer* refresh_timer_;
  QTimer* validate_timer_;
  QMenu* recent_menu_ = nullptr;
  RunData run_data_;
  quint64 drawn_revision_ = ~0ULL;
  QTemporaryDir runs_dir_;  // this session's run folders; removed on exit unless saved elsewhere
  int run_number_ = 0;
  QStringList overrides_;
  std::optional<double> scenario_slo_ms_;  // from the last graph load (run() loads it)
  QString last_run_folder_;
  QString results_folder_;  // the results folder shown, when the charts show one (not a run)
};

}  // namespace msim::gui
