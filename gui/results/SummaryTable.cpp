#include "results/SummaryTable.hpp"

#include <optional>

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace msim::gui {
namespace {

// One row of the table: a request type or a service; utilization and replicas are services' only.
struct Row {
  QString key;  // "requests/<type>" or "services/<name>"
  QString title;
  double completed, failed, throughput_rps;
  msim::api::LatencyMs latency;
  std::optional<double> utilization, replicas_mean;
};

struct Column {
  const char* title;
  std::optional<double> (*value)(const Row&);
  int decimals;
  bool percent = false;  // a fraction shown as "51.2 %"
};

const Column COLUMNS[] = {
    {"completed", [](const Row& r) -> std::optional<double> { return r.completed; }, 0},
    {"failed", [](const Row& r) -> std::optional<double> { return r.failed; }, 0},
    {"throughput (req/s)", [](const Row& r) -> std::optional<double> { return r.throughput_rps; }, 1},
    {"mean (ms)", [](const Row& r) -> std::optional<double> { return r.latency.mean; }, 2},
    {"p50 (ms)", [](const Row& r) -> std::optional<double> { return r.latency.p50; }, 2},
    {"p90 (ms)", [](const Row& r) -> std::optional<double> { return r.latency.p90; }, 2},
    {"p99 (ms)", [](const Row& r) -> std::optional<double> { return r.latency.p99; }, 2},
    {"p99.9 (ms)", [](const Row& r) -> std::optional<double> { return r.latency.p999; }, 2},
    {"utilization", [](const Row& r) { return r.utilization; }, 1, true},
    {"replicas (mean)", [](const Row& r) { return r.replicas_mean; }, 2},
};

}  // namespace

SummaryTable::SummaryTable(QWidget* parent) : QWidget(parent), header_(new QLabel(this)), table_(new QTableWidget(this)) {
  header_->setWordWrap(true);
  header_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->setAlternatingRowColors(true);
  table_->setColumnCount(static_cast<int>(std::size(COLUMNS)));
  table_->setHorizontalHeaderLabels(columns());
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(header_);
  layout->addWidget(table_, 1);
  clear();
}

QStringList SummaryTable::columns() {
  QStringList titles;
  for (const auto& c : COLUMNS) titles << QString::fromLatin1(c.title);
  return titles;
}

void SummaryTable::clear() {
  table_->setRowCount(0);
  header_->setText(tr("The results of a run appear here when it ends (the same numbers as its summary.json)."));
}

int SummaryTable::row_of(const QString& key) const {
  for (int r = 0; r < table_->rowCount(); ++r)
    if (table_->verticalHeaderItem(r) && table_->verticalHeaderItem(r)->data(Qt::UserRole).toString() == key) return r;
  return -1;
}

void SummaryTable::set_summary(const msim::api::Summary& summary) {
  // Request types, then services, in scenario order, as msim run prints them.
  QVector<Row> rows;
  for (const auto& t : summary.requests) {
    const auto& o = t.outcome;
    const auto name = QString::fromStdString(t.name);
    rows.push_back({QStringLiteral("requests/%1").arg(name), tr("requests: %1").arg(name), o.completed, o.failed, o.throughput_rps, o.latency_ms,
                    std::nullopt, std::nullopt});
  }
  for (const auto& s : summary.services) {
    const auto name = QString::fromStdString(s.name);
    rows.push_back({QStringLiteral("services/%1").arg(name), tr("service: %1").arg(name), s.completed, s.failed, s.throughput_rps, s.latency_ms,
                    s.utilization, s.replicas_mean});
  }
  table_->setRowCount(static_cast<int>(rows.size()));
  for (int r = 0; r < rows.size(); ++r) {
    auto* head = new QTableWidgetItem(rows[r].title);
    head->setData(Qt::UserRole, rows[r].key);
    table_->setVerticalHeaderItem(r, head);
    for (int c = 0; c < static_cast<int>(std::size(COLUMNS)); ++c) {
      const auto v = COLUMNS[c].value(rows[r]);
      const double shown = v ? (COLUMNS[c].percent ? 100 * *v : *v) : 0;
      auto* item = new QTableWidgetItem(!v                   ? QString()
                                        : COLUMNS[c].percent ? QStringLiteral("%1 %").arg(shown, 0, 'f', COLUMNS[c].decimals)
                                                             : QString::number(shown, 'f', COLUMNS[c].decimals));
      if (v) item->setData(Qt::UserRole, *v);
      item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
      table_->setItem(r, c, item);
    }
  }
  QStringList lines;
  lines << tr("<b>%1</b> · seed %2 · %3 s simulated (%4 s warm-up) · %5 events in %6 s wall")
               .arg(QString::fromStdString(summary.scenario).toHtmlEscaped())
               .arg(summary.seed)
               .arg(summary.sim_time_s, 0, 'f', 0)
               .arg(summary.warmup_s, 0, 'f', 0)
               .arg(summary.events, 0, 'f', 0)
               .arg(summary.wall_s, 0, 'f', 2);
  if (const auto& slo = summary.all().slo)
    lines << tr("SLO p%1 &lt; %2 ms: %3 % of requests within, met in %4 % of intervals")
                 .arg(slo->percentile)
                 .arg(slo->objective_ms)
                 .arg(100 * slo->attainment, 0, 'f', 2)
                 .arg(100 * slo->intervals_met.value_or(0), 0, 'f', 1);
  if (!summary.cost.basis.empty())
    lines << tr("Cost: $%1 (%2 core-hours; %3)")
                 .arg(summary.cost.dollars, 0, 'f', 4)
                 .arg(summary.cost.core_hours, 0, 'f', 3)
                 .arg(QString::fromStdString(summary.cost.basis).toHtmlEscaped());
  if (summary.replications) lines << tr("Mean of %1 replications").arg(*summary.replications);
  header_->setText(lines.join("<br>"));
}

}  // namespace msim::gui
