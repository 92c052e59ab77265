#pragma once
/** @file
 *  @brief Finds the runs in a results folder (an `msim run` folder, its rep-K/ replications,
 *         an `msim compare` folder or an `msim sweep` folder with runs/pNNNN-rNNN/) and lets
 *         the user pick one.
 */
#include <QDialog>

class QTableWidget;

namespace msim::gui {

class ResultsBrowser : public QDialog {
  Q_OBJECT
public:
  /** The folders under `dir` (itself included) holding summary.json and timeseries.csv, sorted. */
  static QStringList find_runs(const QString& dir, int max_depth = 3);

  ResultsBrowser(const QString& dir, const QStringList& runs, QWidget* parent = nullptr);
  /** The chosen run folder (the first one until the user picks). */
  QString selected_run() const;
  void select(int row);

  /** Asks when `dir` holds several runs; returns the run folder or "" (with `error` when there is none). */
  static QString choose_run(QWidget* parent, const QString& dir, QString* error);

private:
  QString dir_;
  QStringList runs_;
  QTableWidget* table_;
};

}  // namespace msim::gui
