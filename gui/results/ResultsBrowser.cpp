#include "results/ResultsBrowser.hpp"

#include <optional>
#include <stdexcept>

#include <QDialogButtonBox>
#include <QDir>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>
#include <msim/Summary.hpp>

namespace msim::gui {
namespace {

bool is_run(const QDir& dir) { return dir.exists("summary.json") && dir.exists("timeseries.csv"); }

void collect(const QDir& dir, int depth, QStringList& runs) {
  if (is_run(dir)) runs << dir.absolutePath();
  if (depth <= 0) return;
  for (const auto& sub : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) collect(QDir(dir.filePath(sub)), depth - 1, runs);
}

// A row per run: an unreadable summary.json leaves its cells empty but the run listed, named.
std::optional<msim::api::Summary> read_summary(const QString& run) {
  try {
    return msim::api::read_summary(run.toStdString());
  } catch (const std::invalid_argument&) {
    return std::nullopt;
  }
}

}  // namespace

QStringList ResultsBrowser::find_runs(const QString& dir, int max_depth) {
  QStringList runs;
  collect(QDir(dir), max_depth, runs);
  return runs;
}

ResultsBrowser::ResultsBrowser(const QString& dir, const QStringList& runs, QWidget* parent)
    : QDialog(parent), dir_(dir), runs_(runs), table_(new QTableWidget(this)) {
  setWindowTitle(tr("Choose a run"));
  resize(900, 480);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(new QLabel(tr("%1 holds %n run(s). Pick one to browse:", nullptr, static_cast<int>(runs.size())).arg(dir), this));
  const QStringList headers{tr("run"), tr("seed"), tr("overrides"), tr("throughput (req/s)"), tr("p99 (ms)"), tr("failed")};
  table_->setColumnCount(static_cast<int>(headers.size()));
  table_->setHorizontalHeaderLabels(headers);
  table_->setRowCount(static_cast<int>(runs.size()));
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  const QDir base(dir);
  for (int r = 0; r < runs.size(); ++r) {
    const QString relative = base.relativeFilePath(runs[r]);
    QStringList cells{relative == "." ? tr("(this folder)") : relative};
    if (const auto summary = read_summary(runs[r])) {
      const auto& all = summary->all();
      QStringList overrides;
      for (const auto& [key, value] : summary->overrides) overrides << QString::fromStdString(key + '=' + value);
      cells << QString::number(summary->seed) << overrides.join(", ") << QString::number(all.throughput_rps, 'f', 1)
            << QString::number(all.latency_ms.p99, 'f', 2) << QString::number(all.failed, 'g', 10);
    } else {
      cells << tr("(unreadable summary.json)");
    }
    for (int c = 0; c < cells.size(); ++c) table_->setItem(r, c, new QTableWidgetItem(cells[c]));
  }
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  table_->horizontalHeader()->setStretchLastSection(true);
  layout->addWidget(table_, 1);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel, this);
  layout->addWidget(buttons);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(table_, &QTableWidget::cellDoubleClicked, this, &QDialog::accept);
  select(0);
}

QString ResultsBrowser::selected_run() const {
  const int row = table_->currentRow();
  return row >= 0 && row < runs_.size() ? runs_[row] : QString();
}

void ResultsBrowser::select(int row) {
  if (row >= 0 && row < runs_.size()) table_->selectRow(row);
}

QString ResultsBrowser::choose_run(QWidget* parent, const QString& dir, QString* error) {
  const auto runs = find_runs(dir);
  if (runs.isEmpty()) {
    if (error) *error = tr("%1 holds no msim results (no folder with summary.json and timeseries.csv).").arg(dir);
    return {};
  }
  if (runs.size() == 1) return runs.first();
  ResultsBrowser browser(dir, runs, parent);
  return browser.exec() == QDialog::Accepted ? browser.selected_run() : QString();
}

}  // namespace msim::gui
