#pragma once
/** @file
 *  @brief The results of a run as a table, from the summary.json object: one row per request
 *         type and per service, and a header line with provenance, SLO and cost.
 */
#include <QJsonObject>
#include <QWidget>

class QLabel;
class QTableWidget;

namespace msim::gui {

class SummaryTable : public QWidget {
  Q_OBJECT
public:
  explicit SummaryTable(QWidget* parent = nullptr);

  /** Services are listed in `service_order` (scenario order), then any others. */
  void set_summary(const QJsonObject& summary, const QStringList& service_order = {}, const QStringList& request_order = {});
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
