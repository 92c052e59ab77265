#include "charts/TimeChart.hpp"

#include <algorithm>
#include <cmath>

#include <QAreaSeries>
#include <QContextMenuEvent>
#include <QCursor>
#include <QLegendMarker>
#include <QLineSeries>
#include <QMenu>
#include <QScatterSeries>
#include <QToolTip>
#include <QValueAxis>

#include "charts/Downsample.hpp"

namespace msim::gui {

TimeChart::TimeChart(const QString& title, const QString& y_title, QWidget* parent)
    : QChartView(new QChart(), parent), title_(title), x_axis_(new QValueAxis(this)), y_axis_(new QValueAxis(this)) {
  setRenderHint(QPainter::Antialiasing);
  setMinimumSize(320, 220);
  chart()->setTitle(title);
  chart()->legend()->setAlignment(Qt::AlignBottom);
  chart()->setMargins(QMargins(4, 4, 4, 4));
  x_axis_->setTitleText("simulated time (s)");
  x_axis_->setLabelFormat("%.0f");
  y_axis_->setTitleText(y_title);
  y_axis_->setLabelFormat("%g");
  chart()->addAxis(x_axis_, Qt::AlignBottom);
  chart()->addAxis(y_axis_, Qt::AlignLeft);
  x_axis_->setRange(0, time_range_s_);
  y_axis_->setRange(0, 1);
}

void TimeChart::begin_update() { touched_.clear(); }

QLineSeries* TimeChart::line(const QString& name, const QColor& color, Qt::PenStyle style) {
  auto it = lines_.find(name);
  if (it != lines_.end()) return *it;
  auto* series = new QLineSeries(this);
  series->setName(name);
  chart()->addSeries(series);
  series->attachAxis(x_axis_);
  series->attachAxis(y_axis_);
  QPen pen = series->pen();
  if (color.isValid()) pen.setColor(color);
  pen.setStyle(style);
  pen.setWidthF(1.6);
  series->setPen(pen);
  lines_.insert(name, series);
  return series;
}

void TimeChart::set_series(const QString& name, const QVector<QPointF>& points, const QColor& color, Qt::PenStyle style) {
  touched_ << name;
  data_[name] = points;
  line(name, color, style);
  redraw_line(name);
}

void TimeChart::redraw_line(const QString& name) {
  // About one point per two pixels of plot width: enough to see every peak.
  const int buckets = std::max(50, static_cast<int>(chart()->plotArea().width() / 2));
  lines_[name]->replace(downsample(data_[name], buckets));
}

qsizetype TimeChart::drawn_points(const QString& name) const {
  const auto it = lines_.find(name);
  return it == lines_.end() ? 0 : (*it)->count();
}

void TimeChart::set_objective(const QString& name, std::optional<double> y) {
  objective_ = y;
  if (!y) {
    if (objective_line_) objective_line_->setVisible(false);
    return;
  }
  if (!objective_line_) {
    objective_line_ = new QLineSeries(this);
    chart()->addSeries(objective_line_);
    objective_line_->attachAxis(x_axis_);
    objective_line_->attachAxis(y_axis_);
    QPen pen(QColor(200, 30, 30));
    pen.setStyle(Qt::DashLine);
    pen.setWidthF(1.5);
    objective_line_->setPen(pen);
  }
  objective_name_ = name;
  objective_line_->setName(name);
  objective_line_->setVisible(true);
  objective_line_->replace({QPointF(0, *y), QPointF(time_range_s_, *y)});
}

void TimeChart::set_markers(const QString& name, const QVector<ChartMarker>& markers) {
  markers_ = markers;
  if (!markers_series_) {
    markers_series_ = new QScatterSeries(this);
    markers_series_->setMarkerSize(9);
    markers_series_->setColor(QColor(20, 20, 20));
    markers_series_->setBorderColor(Qt::white);
    chart()->addSeries(markers_series_);
    markers_series_->attachAxis(x_axis_);
    markers_series_->attachAxis(y_axis_);
    connect(markers_series_, &QScatterSeries::hovered, this, [this](const QPointF& at, bool state) {
      if (!state) return QToolTip::hideText();
      const auto nearest = std::min_element(markers_.begin(), markers_.end(), [&](const ChartMarker& a, const ChartMarker& b) {
        return std::hypot(a.at.x() - at.x(), a.at.y() - at.y()) < std::hypot(b.at.x() - at.x(), b.at.y() - at.y());
      });
      if (nearest != markers_.end()) QToolTip::showText(QCursor::pos(), nearest->text, this);
    });
  }
  markers_series_->setName(name);
  QVector<QPointF> points;
  for (const auto& m : markers) points << m.at;
  markers_series_->replace(points);
  markers_series_->setVisible(!markers.isEmpty());
  const auto legend = chart()->legend()->markers(markers_series_);
  for (auto* m : legend) m->setVisible(!markers.isEmpty());
}

void TimeChart::set_bands(const QString& name, const QVector<ChartBand>& bands) {
  bands_ = bands;
  if (!bands_series_) {
    bands_series_ = new QAreaSeries(new QLineSeries(this));
    bands_series_->setParent(this);
    bands_series_->setColor(QColor(230, 60, 60, 45));
    bands_series_->setBorderColor(QColor(230, 60, 60, 90));
    chart()->addSeries(bands_series_);
    bands_series_->attachAxis(x_axis_);
    bands_series_->attachAxis(y_axis_);
    connect(bands_series_, &QAreaSeries::hovered, this, [this](const QPointF& at, bool state) {
      if (!state) return QToolTip::hideText();
      QStringList texts;
      for (const auto& b : bands_)
        if (at.x() >= b.from_s && at.x() <= b.to_s) texts << b.text;
      if (!texts.isEmpty()) QToolTip::showText(QCursor::pos(), texts.join('\n'), this);
    });
  }
  bands_series_->setName(name);
  update_y_range();
}

void TimeChart::end_update() {
  for (auto it = lines_.begin(); it != lines_.end();) {
    if (touched_.contains(it.key())) {
      ++it;
      continue;
    }
    chart()->removeSeries(*it);
    delete *it;
    data_.remove(it.key());
    it = lines_.erase(it);
  }
  update_y_range();
}

void TimeChart::update_y_range() {
  double top = 0;
  for (const auto& points : data_)
    for (const auto& p : points) top = std::max(top, p.y());
  for (const auto& m : markers_) top = std::max(top, m.at.y());
  if (objective_) top = std::max(top, *objective_);
  top = top > 0 ? top * 1.1 : 1;
  // Axis labels are laid out again on every range change: keep the range while the data fits.
  if (top > y_axis_->max() || top < 0.5 * y_axis_->max()) {
    y_axis_->setRange(0, top);
    y_axis_->applyNiceNumbers();
  }
  top = y_axis_->max();
  if (bands_series_) {
    // One area for all intervals: up at each start, down at each end.
    QVector<QPointF> upper;
    for (const auto& b : bands_) upper << QPointF(b.from_s, 0) << QPointF(b.from_s, top) << QPointF(b.to_s, top) << QPointF(b.to_s, 0);
    bands_series_->upperSeries()->replace(upper);
    bands_series_->setVisible(!bands_.isEmpty());
    for (auto* m : chart()->legend()->markers(bands_series_)) m->setVisible(!bands_.isEmpty());
  }
}

void TimeChart::set_time_range(double seconds) {
  if ((seconds > 0 ? seconds : 1) == time_range_s_) return;
  time_range_s_ = seconds > 0 ? seconds : 1;
  x_axis_->setRange(0, time_range_s_);
  if (objective_line_ && objective_) objective_line_->replace({QPointF(0, *objective_), QPointF(time_range_s_, *objective_)});
}

void TimeChart::contextMenuEvent(QContextMenuEvent* event) {
  QMenu menu(this);
  menu.addAction(tr("Export chart as PNG..."), this, [this] { emit export_requested(this, "png"); });
  menu.addAction(tr("Export chart as SVG..."), this, [this] { emit export_requested(this, "svg"); });
  menu.addAction(tr("Export data as CSV..."), this, [this] { emit export_requested(this, "csv"); });
  menu.exec(event->globalPos());
}

void TimeChart::resizeEvent(QResizeEvent* event) {
  QChartView::resizeEvent(event);
  for (auto it = lines_.begin(); it != lines_.end(); ++it) redraw_line(it.key());
}

}  // namespace msim::gui
