#include "charts/ChartsPanel.hpp"

#include <QComboBox>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMap>
#include <QMenu>
#include <QMessageBox>
#include <QToolButton>

#include "charts/ChartExporter.hpp"
#include "charts/Palette.hpp"
#include "charts/TimeChart.hpp"
#include "model/RunData.hpp"

namespace msim::gui {
namespace {

// Counts per metrics interval as rates: each count divided by its interval's length.
QVector<QPointF> per_second(const QVector<QPointF>& counts) {
  QVector<QPointF> out;
  out.reserve(counts.size());
  double previous = 0;
  for (const auto& p : counts) {
    const double dt = p.x() - previous;
    out << QPointF(p.x(), dt > 0 ? p.y() / dt : 0);
    previous = p.x();
  }
  return out;
}

// Every value times `factor` (utilization: fraction to percent).
QVector<QPointF> scaled(QVector<QPointF> points, double factor) {
  for (auto& p : points) p.setY(p.y() * factor);
  return points;
}

// Adds series point by point (same times: every service reports at every tick).
QVector<QPointF> sum(const QVector<QVector<QPointF>>& all) {
  QMap<double, double> total;
  for (const auto& points : all)
    for (const auto& p : points) total[p.x()] += p.y();
  QVector<QPointF> out;
  for (auto it = total.begin(); it != total.end(); ++it) out << QPointF(it.key(), it.value());
  return out;
}

// Every service gets a line and a colour of its own up to the palette's size.
constexpr int MAX_SERVICE_LINES = PALETTE_SIZE;

// The services with the highest mean utilization, at most `count`, in scenario order.
QStringList busiest(const RunData& d, int count) {
  QStringList services = d.services();
  if (services.size() <= count) return services;
  QHash<QString, double> mean;
  for (const auto& s : services) {
    const auto& u = d.series("utilization", s);
    double sum = 0;
    for (const auto& p : u) sum += p.y();
    mean[s] = u.isEmpty() ? 0 : sum / static_cast<double>(u.size());
  }
  QStringList ranked = services;
  std::stable_sort(ranked.begin(), ranked.end(), [&](const QString& a, const QString& b) { return mean[a] > mean[b]; });
  ranked = ranked.mid(0, count);
  QStringList kept;
  for (const auto& s : services)
    if (ranked.contains(s)) kept << s;
  return kept;
}

// Titles are rich text: setting one re-lays it out, so only when it changes.
void set_title(TimeChart* chart, const QString& title) {
  if (chart->chart()->title() != title) chart->chart()->setTitle(title);
}

}  // namespace

ChartsPanel::ChartsPanel(QWidget* parent)
    : QWidget(parent), scope_box_(new QComboBox(this)), status_(new QLabel(this)),
      latency_(new TimeChart(tr("Latency"), tr("ms"), this)),
      throughput_(new TimeChart(tr("Throughput and failures"), tr("requests/s"), this)),
      replicas_(new TimeChart(tr("Replicas (dots: scaling decisions, red: failures)"), tr("instances"), this)),
      utilization_(new TimeChart(tr("CPU utilization"), tr("% of requested CPU"), this)) {
  auto* top = new QHBoxLayout;
  top->addWidget(new QLabel(tr("Show:"), this));
  scope_box_->setMinimumContentsLength(24);
  scope_box_->setToolTip(tr("End-to-end requests, or one service (also: click a service in the graph)"));
  top->addWidget(scope_box_);
  top->addWidget(status_, 1);
  auto* export_button = new QToolButton(this);
  export_button->setText(tr("Export..."));
  export_button->setPopupMode(QToolButton::InstantPopup);
  auto* menu = new QMenu(export_button);
  for (auto* chart : charts()) {
    auto* sub = menu->addMenu(chart->title().section(" (", 0, 0));
    sub->addAction(tr("PNG image..."), this, [this, chart] { export_chart(chart, "png"); });
    sub->addAction(tr("SVG image..."), this, [this, chart] { export_chart(chart, "svg"); });
    sub->addAction(tr("Data as CSV..."), this, [this, chart] { export_chart(chart, "csv"); });
    connect(chart, &TimeChart::export_requested, this, &ChartsPanel::export_chart);
  }
  export_button->setMenu(menu);
  top->addWidget(export_button);

  auto* grid = new QGridLayout;
  grid->addWidget(latency_, 0, 0);
  grid->addWidget(throughput_, 0, 1);
  grid->addWidget(replicas_, 1, 0);
  grid->addWidget(utilization_, 1, 1);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(top);
  layout->addLayout(grid, 1);
  connect(scope_box_, &QComboBox::activated, this, [this](int index) { set_scope(scope_box_->itemData(index).toString()); });
  update_scope_choices();
}

void ChartsPanel::set_data(const RunData* run) {
  data_ = run;
  drawn_revision_ = ~0ULL;
  refresh();
}

void ChartsPanel::set_scope(const QString& service) {
  if (service == scope_) return;
  scope_ = service;
  update_scope_choices();
  refresh();
  emit scope_changed(scope_);
}

void ChartsPanel::update_scope_choices() {
  QStringList services = data_ ? data_->services() : QStringList();
  if (!scope_.isEmpty() && !services.contains(scope_)) services << scope_;
  if (scope_box_->count() != services.size() + 1) {
    scope_box_->clear();
    scope_box_->addItem(tr("End-to-end (all requests)"), QString());
    for (const auto& s : services) scope_box_->addItem(tr("Service: %1").arg(s), s);
  }
  scope_box_->setCurrentIndex(std::max(0, scope_box_->findData(scope_)));
}

void ChartsPanel::refresh() {
  if (!data_ || (data_->revision() == drawn_revision_ && scope_ == drawn_scope_)) return;
  drawn_revision_ = data_->revision();
  drawn_scope_ = scope_;
  update_scope_choices();
  draw();
}

void ChartsPanel::draw() {
  const RunData& d = *data_;
  const QString& s = scope_;
  const QString type = s.isEmpty() ? QStringLiteral("all") : QString();
  for (auto* chart : charts()) chart->set_time_range(d.duration_s());
  const bool hours = d.duration_s() >= 3600;
  const auto at = [hours](double t) { return TimeChart::format_time(t, hours); };
  status_->setText(d.row_count() == 0 ? tr("No data yet: open a scenario and press Run, or open a results folder.")
                                      : tr("%1 rows up to %2 of %3").arg(d.row_count()).arg(at(d.time_s()), at(d.duration_s())));

  latency_->begin_update();
  const QColor percentile_colors[] = {QColor(44, 160, 44), QColor(255, 127, 14), QColor(31, 119, 180)};
  const char* percentiles[] = {"p50", "p90", "p99"};
  for (int i = 0; i < 3; ++i)
    latency_->set_series(QString(percentiles[i]), d.series(QStringLiteral("latency_ms.%1").arg(percentiles[i]), s, {}, type), percentile_colors[i]);
  latency_->set_objective(tr("SLO %1 ms").arg(d.slo_ms().value_or(0)), s.isEmpty() ? d.slo_ms() : std::nullopt);
  latency_->end_update();
  set_title(latency_, s.isEmpty() ? tr("End-to-end latency") : tr("Latency of %1").arg(s));

  throughput_->begin_update();
  throughput_->set_series(tr("completed/s"), d.series("throughput_rps", s, {}, type), QColor(31, 119, 180));
  throughput_->set_series(tr("failed/s"), d.series("failed_rps", s, {}, type), QColor(214, 39, 40));
  const QStringList services = s.isEmpty() ? d.services() : QStringList{s};
  const struct {
    const char* metric;
    QColor color;
  } causes[] = {{"rejected", QColor(255, 127, 14)}, {"timeouts", QColor(148, 103, 189)}, {"errors", QColor(140, 86, 75)}};
  for (const auto& cause : causes) {
    QVector<QVector<QPointF>> parts;
    for (const auto& service : services) parts << per_second(d.series(cause.metric, service));
    const auto total = sum(parts);
    const bool any = std::any_of(total.begin(), total.end(), [](const QPointF& p) { return p.y() > 0; });
    if (any) throughput_->set_series(tr("%1/s").arg(cause.metric), total, cause.color, Qt::DashLine);
  }
  throughput_->end_update();
  set_title(throughput_, s.isEmpty() ? tr("Throughput and failures (end-to-end)")
                                     : tr("Throughput and failures of %1").arg(s));

  replicas_->begin_update();
  utilization_->begin_update();
  const QStringList all_services = d.services();
  // Many services make unreadable charts: then show the busiest, and the rest by picking one.
  QStringList shown = s.isEmpty() ? busiest(d, MAX_SERVICE_LINES) : QStringList{s};
  const QString subset = s.isEmpty() && shown.size() < all_services.size()
                             ? tr(" - %1 busiest of %2 services").arg(shown.size()).arg(all_services.size())
                             : QString();
  set_title(replicas_, tr("Replicas") + subset);
  set_title(utilization_, tr("CPU utilization") + subset);
  for (int i = 0; i < all_services.size(); ++i) {
    const auto& service = all_services[i];
    if (!shown.contains(service)) continue;
    // Colours follow the scenario order, so a service has the same colour on every chart.
    replicas_->set_series(service, d.series("replicas", service), series_color(i));
    const auto& desired = d.series("desired_replicas", service);
    if (!desired.isEmpty()) replicas_->set_series(tr("%1 desired").arg(service), desired, series_color(i), Qt::DotLine, service);
    utilization_->set_series(service, scaled(d.series("utilization", service), 100), series_color(i));
  }
  QVector<ChartMarker> decisions;
  QVector<ChartBand> failures;
  incidents(d, s, &decisions, &failures);
  // Failures, scaling decisions and the warm-up mark every chart, so their effects line up on the
  // shared time axis; decisions are dots on the replica lines and ticks along the other time axes.
  for (auto* chart : charts()) {
    chart->set_markers(tr("scaling decision"), decisions, chart == replicas_);
    chart->set_bands(tr("failure"), failures);
    chart->set_warmup(d.warmup_s());
  }
  replicas_->end_update();
  utilization_->end_update();
}

void ChartsPanel::incidents(const RunData& d, const QString& s, QVector<ChartMarker>* decisions, QVector<ChartBand>* failures) {
  const bool hours = d.duration_s() >= 3600;
  const auto at = [hours](double t) { return TimeChart::format_time(t, hours); };
  QMap<QString, qsizetype> open;  // start kind + target -> index in failures
  static const QMap<QString, QString> ends{{"recover", "crash"}, {"slowdown_end", "slowdown"}, {"errors_end", "errors"}};
  for (const auto& e : d.events()) {
    if (!s.isEmpty() && e.service != s) continue;
    if (e.kind == "scale" && e.before != e.after) {  // autoscalers also log evaluations that keep the count
      *decisions << ChartMarker{QPointF(e.time_s, e.after.toDouble()),
                               tr("%1: %2 scaled %3 -> %4\n%5").arg(at(e.time_s), e.service, e.before, e.after, e.reason)};
    } else if (e.kind == "crash" || e.kind == "slowdown" || e.kind == "errors") {
      open[e.kind + '/' + e.service + '/' + e.target] = failures->size();
      *failures << ChartBand{e.time_s, d.duration_s(), tr("%1 %2 %3 from %4: %5").arg(e.kind, e.service, e.target, at(e.time_s), e.reason)};
    } else if (ends.contains(e.kind)) {
      const auto it = open.find(ends[e.kind] + '/' + e.service + '/' + e.target);
      if (it == open.end()) continue;
      (*failures)[*it].to_s = e.time_s;
      (*failures)[*it].text += tr(" (until %1)").arg(at(e.time_s));
      open.erase(it);
    }
  }
}

void ChartsPanel::export_chart(TimeChart* chart, const QString& format) {
  const QString filter = format == "png" ? tr("PNG image (*.png)") : format == "svg" ? tr("SVG image (*.svg)") : tr("CSV data (*.csv)");
  QString name = chart->title().section(" (", 0, 0).toLower().replace(' ', '-');
  QString path = QFileDialog::getSaveFileName(this, tr("Export %1").arg(chart->title()), name + '.' + format, filter);
  if (path.isEmpty()) return;
  if (!path.endsWith('.' + format, Qt::CaseInsensitive)) path += '.' + format;
  QString error;
  if (!ChartExporter::save(*chart, path, &error)) QMessageBox::warning(this, tr("Export failed"), error);
}

}  // namespace msim::gui
