#pragma once
/** @file
 *  @brief The results of a run as a table: one row per request
 *         type and per service, and a header line with provenance, SLO and cost.
 */
#include <QWidget>
#include <msim/Summary.hpp>

class QLabel;
class QTableWidget;

namespace msim::gui {

class SummaryTable : public QWidget {
  Q_OBJECT
public:
  explicit SummaryTable(QWidget* parent = nullptr);

  /** Request types, then services, in the summary's (scenario) order. */
  void set_summary(const msim::api::Summary& summary);
  void clear();

  /** Columns, in order; each cell keeps its exact value in Qt::UserRole. */
  static QStringList columns();
  QTableWidget* table() const { return table_; }
  /** The row of "requests/<type>" or "services/<name>"; -1 if absent. */
  int row_of(const QString& key) const;

private:
  QLabel* header_;
  QTableWidget* table_;
};

}  // namespace msim::gui
