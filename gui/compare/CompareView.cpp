#include "compare/CompareView.hpp"

#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMap>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QThread>
#include <QVBoxLayout>
#include <msim/Experiments.hpp>
#include <msim/Scenario.hpp>

#include "charts/ChartsPanel.hpp"
#include "charts/Palette.hpp"
#include "charts/TimeChart.hpp"
#include "model/RunData.hpp"

namespace msim::gui {
namespace {

// Column title and the key of compare.json's metric (also read from a summary.json).
struct Metric {
  const char* title;
  const char* key;
  int decimals;
};
const Metric METRICS[] = {{"p99 (ms)", "p99_ms", 2},          {"p50 (ms)", "p50_ms", 2},
                          {"SLO attainment", "slo_attainment", 4}, {"SLO met (intervals)", "slo_intervals_met", 3},
                          {"cost ($)", "cost_dollars", 4},    {"scaling actions", "scaling_actions", 1},
                          {"replicas (mean)", "replicas_mean", 2}, {"errors", "error_rate", 4}};

// A run's summary under compare.json's metric keys (for overlaid run folders).
double summary_metric(const msim::api::Summary& s, const QString& key) {
  const auto& all = s.all();
  double sum = 0;
  if (key == "p99_ms") return all.latency_ms.p99;
  if (key == "p50_ms") return all.latency_ms.p50;
  if (key == "slo_attainment") return all.slo ? all.slo->attainment : qQNaN();
  if (key == "slo_intervals_met") return all.slo ? all.slo->intervals_met.value_or(qQNaN()) : qQNaN();
  if (key == "cost_dollars") return s.cost.dollars;
  if (key == "error_rate") {
    const double done = all.completed + all.failed;
    return done > 0 ? all.failed / done : 0;
  }
  for (const auto& svc : s.services) {
    if (key == "scaling_actions") sum += svc.scaling_actions;
    if (key == "replicas_mean") sum += svc.replicas_mean;
  }
  return sum;
}

}  // namespace

CompareView::CompareView(QWidget* parent)
    : QWidget(parent), strategies_(new QLineEdit("static,hpa,target_tracking", this)), services_(new QLineEdit(this)),
      replications_(new QSpinBox(this)),
      run_button_(new QPushButton(tr("Compare"), this)), stop_button_(new QPushButton(tr("Stop"), this)), status_(new QLabel(this)),
      table_(new QTableWidget(this)), latency_(new TimeChart(tr("End-to-end p99 latency by run"), tr("ms"), this)),
      replicas_(new TimeChart(tr("Replicas by run (all services)"), tr("instances"), this)) {
  QStringList names;
  for (const auto& name : msim::api::strategy_names()) names << QString::fromStdString(name);
  strategies_->setToolTip(tr("Comma-separated: %1, static:N.\nApplied to the services with an autoscaler block, on identical traffic.")
                              .arg(names.join(", ")));
  services_->setPlaceholderText(tr("autoscaled ones"));
  services_->setToolTip(tr("Comma-separated names of the services the strategies scale (msim compare --service).\n"
                           "Empty: the services with an autoscaler block in the scenario."));
  replications_->setRange(2, 100);  // confidence intervals need two
  replications_->setValue(2);
  replications_->setToolTip(tr("Replications per strategy (the table shows means; charts show replication 0)"));
  stop_button_->setEnabled(false);
  auto* add_button = new QPushButton(tr("Overlay results folder..."), this);
  add_button->setToolTip(tr("Add a folder written by msim run (or a saved GUI run) to the table and charts"));
  auto* clear_button = new QPushButton(tr("Clear"), this);
  auto* controls = new QHBoxLayout;
  controls->addWidget(new QLabel(tr("Strategies:"), this));
  controls->addWidget(strategies_, 2);
  controls->addWidget(new QLabel(tr("Services:"), this));
  controls->addWidget(services_, 1);
  controls->addWidget(new QLabel(tr("Replications:"), this));
  controls->addWidget(replications_);
  controls->addWidget(run_button_);
  controls->addWidget(stop_button_);
  controls->addWidget(add_button);
  controls->addWidget(clear_button);

  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->setAlternatingRowColors(true);
  QStringList headers;
  for (const auto& m : METRICS) headers << QString::fromLatin1(m.title);
  table_->setColumnCount(static_cast<int>(headers.size()));
  table_->setHorizontalHeaderLabels(headers);
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);

  auto* charts = new QSplitter(Qt::Horizontal, this);
  charts->addWidget(latency_);
  charts->addWidget(replicas_);
  auto* split = new QSplitter(Qt::Vertical, this);
  split->addWidget(table_);
  split->addWidget(charts);
  split->setStretchFactor(0, 1);
  split->setStretchFactor(1, 3);
  split->setSizes({200, 700});
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(controls);
  layout->addWidget(status_);
  layout->addWidget(split, 1);
  status_->setText(tr("Runs the strategies on the open scenario with the same seed and traffic, like msim compare."));
  status_->setWordWrap(true);

  connect(run_button_, &QPushButton::clicked, this, [this] { start(); });
  connect(stop_button_, &QPushButton::clicked, this, &CompareView::stop);
  connect(clear_button, &QPushButton::clicked, this, &CompareView::clear_runs);
  connect(add_button, &QPushButton::clicked, this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Results folder to overlay"));
    if (dir.isEmpty()) return;
    QString error;
    if (!add_run(QDir(dir).dirName(), dir, &error)) QMessageBox::warning(this, tr("Cannot overlay"), error);
  });
}

CompareView::~CompareView() {
  cancel_ = true;
  if (thread_) thread_->wait();
}

void CompareView::set_strategies(const QString& comma_separated) { strategies_->setText(comma_separated); }
void CompareView::set_replications(int replications) { replications_->setValue(replications); }
void CompareView::set_services(const QString& comma_separated) { services_->setText(comma_separated); }
QString CompareView::services() const { return services_->text(); }

bool CompareView::start() {
  if (thread_) return false;
  if (scenario_path_.isEmpty()) {
    status_->setText(tr("Open (and save) a scenario first."));
    emit finished(false, status_->text());
    return false;
  }
  QStringList strategies;
  for (const auto& s : strategies_->text().split(',', Qt::SkipEmptyParts)) strategies << s.trimmed();
  if (strategies.size() < 1) {
    status_->setText(tr("Name at least one strategy."));
    emit finished(false, status_->text());
    return false;
  }
  emit about_to_start();
  clear_runs();
  cancel_ = false;
  msim::api::SessionOptions options;
  options.seed = seed_;
  for (const auto& o : overrides_) options.overrides.push_back(o.toStdString());
  const QString root = results_root_.isEmpty() ? QDir::temp().filePath("msim-gui") : results_root_;
  out_dir_ = QDir(root).filePath(QStringLiteral("compare-%1").arg(QDateTime::currentMSecsSinceEpoch()));
  options.out_dir = out_dir_.toStdString();
  msim::api::CompareOptions compare;
  for (const auto& s : strategies) compare.strategies.push_back(s.toStdString());
  for (const auto& s : services_->text().split(',', Qt::SkipEmptyParts))
    if (!s.trimmed().isEmpty()) compare.services.push_back(s.trimmed().toStdString());
  compare.replications = static_cast<std::size_t>(replications_->value());
  compare.jobs = 1;
  compare.cancel = &cancel_;
  compare.on_strategy_done = [this](const std::string& strategy, std::size_t done, std::size_t total) {
    const QString text = tr("Finished %1 (%2 of %3)...").arg(QString::fromStdString(strategy)).arg(done).arg(total);
    QMetaObject::invokeMethod(status_, [label = status_, text] { label->setText(text); }, Qt::QueuedConnection);
  };
  const std::string path = scenario_path_.toStdString();
  status_->setText(tr("Comparing %1 on %2 (seed %3)...").arg(strategies.join(", "), scenario_path_, seed_ ? QString::number(*seed_) : tr("of the scenario")));
  run_button_->setEnabled(false);
  stop_button_->setEnabled(true);
  thread_ = QThread::create([this, path, options, compare] {
    const auto result = msim::api::compare(path, options, compare);
    QStringList problems;
    for (const auto& p : result.problems) problems << QString::fromStdString(p);
    const QString out = QString::fromStdString(result.out_dir.string());
    const bool cancelled = result.cancelled;
    QMetaObject::invokeMethod(
        this, [=, this, strategies = result.strategies] { on_finished(strategies, problems, cancelled, out); }, Qt::QueuedConnection);
  });
  thread_->start();
  return true;
}

void CompareView::stop() { cancel_ = true; }
QString CompareView::status() const { return status_->text(); }

QString CompareView::example_services() const {
  QStringList names;
  for (const auto& s : msim::api::service_graph(scenario_path_.toStdString()).services) names << QString::fromStdString(s.name);
  return names.isEmpty() ? QStringLiteral("api") : names.mid(0, 2).join(", ");
}

void CompareView::on_finished(const std::vector<msim::api::StrategyResult>& strategies, const QStringList& problems, bool cancelled,
                              const QString& out_dir) {
  thread_->wait();
  delete thread_;
  thread_ = nullptr;
  run_button_->setEnabled(true);
  stop_button_->setEnabled(false);
  if (!problems.isEmpty()) {
    QStringList shown;
    for (const auto& p : problems)
      // The engine's message names the command line's --service flag: say it in this tab's terms.
      shown << (p.contains("no service has an autoscaler block")
                    ? tr("no service of this scenario has an autoscaler block, so there is nothing to scale. Type the services to scale "
                         "in the Services field above (comma-separated, e.g. %1), or add an autoscaler block to a service in the editor "
                         "(docs/scaling.md), then press Compare again.")
                          .arg(example_services())
                    : p);
    status_->setText(tr("Cannot compare: %1").arg(shown.join("\n")));
    emit finished(false, status_->text());
    return;
  }
  if (cancelled) {
    status_->setText(tr("Comparison stopped."));
    emit finished(false, status_->text());
    return;
  }
  QStringList unreadable;
  for (const auto& s : strategies) {
    const auto strategy = QString::fromStdString(s.name);
    // Strategy folders use the strategy name with other characters as '-' (as msim compare writes them).
    QString folder_name = strategy;
    for (auto& c : folder_name)
      if (!(c.isLetterOrNumber() && c.unicode() < 128) && c != '_' && c != '-') c = '-';
    const QDir run(QDir(out_dir).filePath(folder_name));
    const QString run_dir = run.exists("timeseries.csv") ? run.path() : run.filePath("rep-0");
    QString error;
    if (!add_run(strategy, run_dir, &error)) unreadable << strategy;
  }
  fill_table_from_compare(strategies);
  status_->setText(tr("Compared %1 strategies on identical traffic; results in %2%3")
                       .arg(strategies.size())
                       .arg(out_dir, unreadable.isEmpty() ? QString() : tr(" (no time series for %1)").arg(unreadable.join(", "))));
  emit finished(true, status_->text());
}

void CompareView::fill_table_from_compare(const std::vector<msim::api::StrategyResult>& strategies) {
  table_->setRowCount(static_cast<int>(strategies.size()));
  for (int r = 0; r < table_->rowCount(); ++r) {
    const auto& strategy = strategies[static_cast<std::size_t>(r)];
    table_->setVerticalHeaderItem(r, new QTableWidgetItem(QString::fromStdString(strategy.name)));
    for (int c = 0; c < static_cast<int>(std::size(METRICS)); ++c) {
      const auto* m = strategy.metric(METRICS[c].key);
      QString text;
      if (m) {
        text = QString::number(m->mean, 'f', METRICS[c].decimals);
        if (replications_->value() > 1) text += QStringLiteral(" ± %1").arg(m->ci95, 0, 'f', METRICS[c].decimals);
      }
      auto* item = new QTableWidgetItem(text);
      item->setData(Qt::UserRole, m ? m->mean : 0.0);
      item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
      table_->setItem(r, c, item);
    }
  }
}

void CompareView::add_table_row(const QString& label, const msim::api::Summary& summary) {
  const int r = table_->rowCount();
  table_->setRowCount(r + 1);
  table_->setVerticalHeaderItem(r, new QTableWidgetItem(label));
  for (int c = 0; c < static_cast<int>(std::size(METRICS)); ++c) {
    const double v = summary_metric(summary, QString::fromLatin1(METRICS[c].key));
    auto* item = new QTableWidgetItem(qIsNaN(v) ? QString() : QString::number(v, 'f', METRICS[c].decimals));
    item->setData(Qt::UserRole, v);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    table_->setItem(r, c, item);
  }
}

bool CompareView::add_run(const QString& label, const QString& folder, QString* error) {
  RunData run;
  if (!run.load_folder(folder, error)) return false;
  Overlay overlay;
  overlay.label = label;
  overlay.p99 = run.series("latency_ms.p99", {}, {}, "all");
  QMap<double, double> replicas;
  for (const auto& service : run.services())
    for (const auto& p : run.series("replicas", service)) replicas[p.x()] += p.y();
  for (auto it = replicas.begin(); it != replicas.end(); ++it) overlay.replicas << QPointF(it.key(), it.value());
  overlays_ << overlay;
  if (run.slo_ms()) slo_ms_ = run.slo_ms();
  duration_s_ = std::max(duration_s_, run.duration_s());
  warmup_s_ = std::max(warmup_s_, run.warmup_s());
  if (failures_.isEmpty()) {
    QVector<ChartMarker> decisions;  // differ by strategy: the replicas lines show them
    ChartsPanel::incidents(run, {}, &decisions, &failures_);
  }
  add_table_row(label, run.summary());
  redraw();
  return true;
}

void CompareView::clear_runs() {
  overlays_.clear();
  table_->setRowCount(0);
  slo_ms_.reset();
  duration_s_ = 0;
  warmup_s_ = 0;
  failures_.clear();
  redraw();
}

void CompareView::redraw() {
  latency_->begin_update();
  replicas_->begin_update();
  for (int i = 0; i < overlays_.size(); ++i) {
    latency_->set_series(overlays_[i].label, overlays_[i].p99, series_color(i));
    replicas_->set_series(overlays_[i].label, overlays_[i].replicas, series_color(i));
  }
  latency_->set_objective(tr("SLO %1 ms").arg(slo_ms_.value_or(0)), slo_ms_);
  latency_->end_update();
  replicas_->end_update();
  latency_->set_time_range(duration_s_);
  replicas_->set_time_range(duration_s_);
  // The same warm-up and failure marks as the Charts tab.
  for (auto* chart : {latency_, replicas_}) {
    chart->set_bands(tr("failure"), failures_);
    chart->set_warmup(warmup_s_);
  }
}

}  // namespace msim::gui
