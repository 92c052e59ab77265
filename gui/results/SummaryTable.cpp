#include "results/SummaryTable.hpp"

#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace msim::gui {
namespace {

// Column title and where its value is in a request-type or service object of summary.json.
struct Column {
  const char* title;
  const char* path;  // dotted
  int decimals;
  bool percent = false;  // a fraction shown as "51.2 %"
};

const Column COLUMNS[] = {
    {"completed", "completed", 0},         {"failed", "failed", 0},
    {"throughput (req/s)", "throughput_rps", 1}, {"mean (ms)", "latency_ms.mean", 2},
    {"p50 (ms)", "latency_ms.p50", 2},     {"p90 (ms)", "latency_ms.p90", 2},
    {"p99 (ms)", "latency_ms.p99", 2},     {"p99.9 (ms)", "latency_ms.p999", 2},
    {"utilization", "utilization", 1, true},     {"replicas (mean)", "replicas.mean", 2},
};

QJsonValue at(const QJsonObject& object, const QString& dotted) {
  QJsonValue v = object;
  for (const auto& part : dotted.split('.')) v = v.toObject().value(part);
  return v;
}

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

void SummaryTable::set_summary(const QJsonObject& summary, const QStringList& service_order, const QStringList& request_order) {
  QStringList keys;
  QVector<QJsonObject> rows;
  // Request types and services in scenario order, as msim run prints them (a QJsonObject sorts its keys).
  const auto requests = summary.value("requests").toObject();
  QStringList types;
  for (const auto& type : request_order)
    if (requests.contains(type)) types << type;
  for (auto it = requests.begin(); it != requests.end(); ++it)
    if (!types.contains(it.key())) types << it.key();
  for (const auto& type : types) {
    keys << QStringLiteral("requests/%1").arg(type);
    rows << requests.value(type).toObject();
  }
  const auto services = summary.value("services").toObject();
  QStringList names;
  for (const auto& name : service_order)
    if (services.contains(name)) names << name;
  for (auto it = services.begin(); it != services.end(); ++it)
    if (!names.contains(it.key())) names << it.key();
  for (const auto& name : names) {
    keys << QStringLiteral("services/%1").arg(name);
    rows << services.value(name).toObject();
  }
  table_->setRowCount(static_cast<int>(rows.size()));
  for (int r = 0; r < rows.size(); ++r) {
    const QString key = keys[r];
    auto* head = new QTableWidgetItem(key.startsWith("requests/") ? tr("requests: %1").arg(key.mid(9)) : tr("service: %1").arg(key.mid(9)));
    head->setData(Qt::UserRole, key);
    table_->setVerticalHeaderItem(r, head);
    for (int c = 0; c < static_cast<int>(std::size(COLUMNS)); ++c) {
      const QJsonValue v = at(rows[r], QString::fromLatin1(COLUMNS[c].path));
      const double shown = COLUMNS[c].percent ? 100 * v.toDouble() : v.toDouble();
      auto* item = new QTableWidgetItem(!v.isDouble()          ? QString()
                                        : COLUMNS[c].percent ? QStringLiteral("%1 %").arg(shown, 0, 'f', COLUMNS[c].decimals)
                                                             : QString::number(shown, 'f', COLUMNS[c].decimals));
      if (v.isDouble()) item->setData(Qt::UserRole, v.toDouble());
      item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
      table_->setItem(r, c, item);
    }
  }
  QStringList lines;
  lines << tr("<b>%1</b> · seed %2 · %3 s simulated (%4 s warm-up) · %5 events in %6 s wall")
               .arg(summary.value("scenario").toString().toHtmlEscaped())
               .arg(summary.value("seed").toVariant().toString())
               .arg(summary.value("sim_time_s").toDouble(), 0, 'f', 0)
               .arg(summary.value("warmup_s").toDouble(), 0, 'f', 0)
               .arg(summary.value("events").toVariant().toString())
               .arg(summary.value("wall_s").toDouble(), 0, 'f', 2);
  const auto slo = requests.value("all").toObject().value("slo").toObject();
  if (!slo.isEmpty())
    lines << tr("SLO p%1 &lt; %2 ms: %3 % of requests within, met in %4 % of intervals")
                 .arg(slo.value("percentile").toDouble())
                 .arg(slo.value("objective_ms").toDouble())
                 .arg(100 * slo.value("attainment").toDouble(), 0, 'f', 2)
                 .arg(100 * slo.value("intervals_met").toDouble(), 0, 'f', 1);
  const auto cost = summary.value("cost").toObject();
  if (!cost.isEmpty())
    lines << tr("Cost: $%1 (%2 core-hours; %3)")
                 .arg(cost.value("dollars").toDouble(), 0, 'f', 4)
                 .arg(cost.value("core_hours").toDouble(), 0, 'f', 3)
                 .arg(cost.value("basis").toString().toHtmlEscaped());
  if (summary.contains("replications")) lines << tr("Mean of %1 replications").arg(summary.value("replications").toVariant().toString());
  header_->setText(lines.join("<br>"));
}

}  // namespace msim::gui
