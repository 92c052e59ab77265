#include "charts/TimeChart.hpp"

#include <algorithm>
#include <cmath>

#include <QAreaSeries>
#include <QCategoryAxis>
#include <QContextMenuEvent>
#include <QCursor>
#include <QGraphicsSimpleTextItem>
#include <QLegendMarker>
#include <QLineSeries>
#include <QListWidget>
#include <QMenu>
#include <QPainter>
#include <QScatterSeries>
#include <QScrollBar>
#include <QToolTip>
#include <QValueAxis>

#include "charts/Downsample.hpp"

namespace msim::gui {
namespace {

const QColor OBJECTIVE_COLOR(200, 30, 30);
const QColor DECISION_COLOR(110, 50, 160);
const QColor WARMUP_COLOR(120, 120, 120, 40);
constexpr int LEGEND_MIN_WIDTH = 90;
constexpr int LEGEND_MAX_WIDTH = 230;

// A legend swatch: a short line in the series' colour and style, or a filled box for areas.
QIcon swatch(const QColor& color, Qt::PenStyle style, bool box = false) {
  QPixmap pixmap(18, 12);
  pixmap.fill(Qt::transparent);
  QPainter painter(&pixmap);
  if (box) {
    painter.fillRect(QRect(1, 1, 16, 10), color);
  } else {
    QPen pen(color);
    pen.setWidthF(2.5);
    pen.setStyle(style);
    painter.setPen(pen);
    painter.drawLine(1, 6, 17, 6);
  }
  return QIcon(pixmap);
}

}  // namespace

TimeChart::TimeChart(const QString& title, const QString& y_title, QWidget* parent)
    : QChartView(new QChart(), parent), title_(title), x_axis_(new QCategoryAxis(this)), y_axis_(new QValueAxis(this)),
      legend_(new QListWidget(this)) {
  setRenderHint(QPainter::Antialiasing);
  setMinimumSize(360, 220);
  chart()->setTitle(title);
  // Qt's own legend shrinks names to "h..." when there are many: a side list shows them whole.
  chart()->legend()->hide();
  chart()->setMargins(QMargins(4, 4, 4, 4));
  x_axis_->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
  x_axis_->setStartValue(0);
  y_axis_->setTitleText(y_title);
  y_axis_->setLabelFormat("%g");
  chart()->addAxis(x_axis_, Qt::AlignBottom);
  chart()->addAxis(y_axis_, Qt::AlignLeft);
  y_axis_->setRange(0, 1);
  set_time_range(1);

  legend_->setFrameShape(QFrame::NoFrame);
  legend_->setSelectionMode(QAbstractItemView::NoSelection);
  legend_->setFocusPolicy(Qt::NoFocus);
  legend_->setMouseTracking(true);
  legend_->setUniformItemSizes(true);
  legend_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  legend_->setToolTip(tr("Untick a series to hide it; hover to highlight it"));
  QFont small = legend_->font();
  small.setPointSizeF(small.pointSizeF() * 0.9);
  legend_->setFont(small);
  connect(legend_, &QListWidget::itemChanged, this, [this](QListWidgetItem* item) {
    const QString name = item->data(Qt::UserRole).toString();
    if (!lines_.contains(name)) return;
    const bool visible = item->checkState() == Qt::Checked;
    hidden_.removeAll(name);
    if (!visible) hidden_ << name;
    for (auto it = lines_.begin(); it != lines_.end(); ++it)
      if (it.key() == name || groups_.value(it.key()) == name) (*it)->setVisible(visible);
    update_y_range();
  });
  connect(legend_, &QListWidget::itemEntered, this, [this](QListWidgetItem* item) { highlight(item->data(Qt::UserRole).toString()); });
  legend_->viewport()->installEventFilter(this);
  connect(chart(), &QChart::plotAreaChanged, this, [this] {
    place_objective_label();
    update_time_labels();
  });
}

QString TimeChart::format_time(double seconds, bool hours) {
  const auto total = static_cast<long long>(std::llround(std::max(0.0, seconds)));
  const long long h = total / 3600, m = (total / 60) % 60, s = total % 60;
  if (hours) return QStringLiteral("%1:%2:%3").arg(h).arg(m, 2, 10, QChar('0')).arg(s, 2, 10, QChar('0'));
  return QStringLiteral("%1:%2").arg(total / 60).arg(s, 2, 10, QChar('0'));
}

double TimeChart::time_step(double seconds, int max_ticks) {
  static const double steps[] = {1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1200, 1800, 3600, 7200, 10800, 21600, 43200, 86400};
  for (double step : steps)
    if (seconds / step <= max_ticks) return step;
  return std::ceil(seconds / max_ticks / 86400) * 86400;
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
  colors_.insert(name, pen.color());
  order_ << name;
  return series;
}

QAreaSeries* TimeChart::area(const QColor& fill) {
  auto* series = new QAreaSeries(new QLineSeries(this));
  series->setParent(this);
  series->setColor(fill);
  QColor border = fill;
  border.setAlpha(std::min(255, fill.alpha() * 2));
  series->setBorderColor(border);
  chart()->addSeries(series);
  series->attachAxis(x_axis_);
  series->attachAxis(y_axis_);
  return series;
}

void TimeChart::set_series(const QString& name, const QVector<QPointF>& points, const QColor& color, Qt::PenStyle style,
                           const QString& legend_group) {
  touched_ << name;
  data_[name] = points;
  if (legend_group.isEmpty()) groups_.remove(name);
  else groups_[name] = legend_group;
  auto* series = line(name, color, style);
  const QString entry = legend_group.isEmpty() ? name : legend_group;
  series->setVisible(!hidden_.contains(entry));
  redraw_line(name);
}

QColor TimeChart::series_color(const QString& name) const { return colors_.value(name); }

bool TimeChart::series_visible(const QString& name) const {
  const auto* series = lines_.value(name);
  return series && series->isVisible();
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
  objective_name_ = name;
  if (!objective_line_) {
    objective_line_ = new QLineSeries(this);
    chart()->addSeries(objective_line_);
    objective_line_->attachAxis(x_axis_);
    objective_line_->attachAxis(y_axis_);
    QPen pen(OBJECTIVE_COLOR);
    pen.setStyle(Qt::DashLine);
    pen.setWidthF(1.5);
    objective_line_->setPen(pen);
    objective_label_ = new QGraphicsSimpleTextItem(chart());
    objective_label_->setBrush(OBJECTIVE_COLOR);
    QFont bold = objective_label_->font();
    bold.setBold(true);
    objective_label_->setFont(bold);
    objective_label_->setZValue(20);
  }
  objective_line_->setName(name);
  if (y) objective_line_->replace({QPointF(0, *y), QPointF(time_range_s_, *y)});
  update_y_range();
}

QString TimeChart::objective_label() const {
  if (!objective_) return {};
  return objective_off_scale_ ? tr("%1 \u2191").arg(objective_name_) : objective_name_;
}

void TimeChart::place_objective_label() {
  if (!objective_label_) return;
  const bool show = objective_ && objective_off_scale_;
  objective_label_->setVisible(show);
  if (!show) return;
  objective_label_->setText(objective_label());
  const QRectF plot = chart()->plotArea();
  const QRectF box = objective_label_->boundingRect();
  objective_label_->setPos(plot.right() - box.width() - 4, plot.top() + 2);
}

void TimeChart::set_markers(const QString& name, const QVector<ChartMarker>& markers, bool on_data) {
  markers_ = markers;
  markers_name_ = name;
  markers_on_data_ = on_data;
  if (!markers_series_) {
    marker_lines_ = new QLineSeries(this);
    QPen pen(DECISION_COLOR);
    pen.setStyle(Qt::DotLine);
    pen.setWidthF(1);
    marker_lines_->setPen(pen);
    chart()->addSeries(marker_lines_);
    marker_lines_->attachAxis(x_axis_);
    marker_lines_->attachAxis(y_axis_);
    markers_series_ = new QScatterSeries(this);
    markers_series_->setMarkerSize(9);
    markers_series_->setColor(DECISION_COLOR);
    markers_series_->setBorderColor(Qt::white);
    chart()->addSeries(markers_series_);
    markers_series_->attachAxis(x_axis_);
    markers_series_->attachAxis(y_axis_);
    connect(markers_series_, &QScatterSeries::hovered, this, [this](const QPointF& at, bool state) {
      if (!state) return QToolTip::hideText();
      const auto nearest = std::min_element(markers_.begin(), markers_.end(), [&](const ChartMarker& a, const ChartMarker& b) {
        const double ay = markers_on_data_ ? a.at.y() : 0, by = markers_on_data_ ? b.at.y() : 0;
        return std::hypot(a.at.x() - at.x(), ay - at.y()) < std::hypot(b.at.x() - at.x(), by - at.y());
      });
      if (nearest != markers_.end()) QToolTip::showText(QCursor::pos(), nearest->text, this);
    });
  }
  markers_series_->setName(name);
  QVector<QPointF> points;
  for (const auto& m : markers) points << (on_data ? m.at : QPointF(m.at.x(), 0));
  markers_series_->replace(points);
  markers_series_->setVisible(!markers.isEmpty());
  marker_lines_->setVisible(!markers.isEmpty());
  update_y_range();
}

void TimeChart::set_bands(const QString& name, const QVector<ChartBand>& bands) {
  bands_ = bands;
  bands_name_ = name;
  if (!bands_series_) {
    bands_series_ = area(QColor(230, 60, 60, 45));
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

void TimeChart::set_warmup(double seconds) {
  if (seconds == warmup_s_ && warmup_series_) return;
  warmup_s_ = std::max(0.0, seconds);
  if (!warmup_series_) {
    warmup_series_ = area(WARMUP_COLOR);
    warmup_series_->setBorderColor(Qt::transparent);
    connect(warmup_series_, &QAreaSeries::hovered, this, [this](const QPointF&, bool state) {
      if (!state) return QToolTip::hideText();
      QToolTip::showText(QCursor::pos(), tr("Warm-up (0:00 to %1): not counted in the summary").arg(format_time(warmup_s_, time_range_s_ >= 3600)),
                         this);
    });
  }
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
    colors_.remove(it.key());
    groups_.remove(it.key());
    order_.removeAll(it.key());
    it = lines_.erase(it);
  }
  update_y_range();
}

double TimeChart::y_max() const { return y_axis_->max(); }

void TimeChart::update_y_range() {
  double top = 0;  // of the series shown: hiding a tall one in the legend rescales to the rest
  for (auto it = data_.cbegin(); it != data_.cend(); ++it) {
    const QString entry = groups_.value(it.key(), it.key());
    if (hidden_.contains(entry)) continue;
    for (const auto& p : *it) top = std::max(top, p.y());
  }
  if (markers_on_data_)
    for (const auto& m : markers_) top = std::max(top, m.at.y());
  // The axis follows the data: an objective far above it would flatten every series at the bottom,
  // so then it is an arrow label at the top edge instead of a line.
  objective_off_scale_ = objective_ && top > 0 && *objective_ > OBJECTIVE_IN_RANGE * top;
  if (objective_ && !objective_off_scale_) top = std::max(top, *objective_);
  top = top > 0 ? top * 1.1 : 1;
  // Axis labels are laid out again on every range change: keep the range while the data fits.
  if (top > y_axis_->max() || top < 0.5 * y_axis_->max()) {
    y_axis_->setRange(0, top);
    y_axis_->applyNiceNumbers();
  }
  if (objective_ && objective_off_scale_ && *objective_ <= y_axis_->max()) objective_off_scale_ = false;  // nice numbers reached it
  top = y_axis_->max();
  if (objective_line_) objective_line_->setVisible(objective_ && !objective_off_scale_);
  place_objective_label();
  if (bands_series_) {
    // One area for all intervals: up at each start, down at each end.
    QVector<QPointF> upper;
    for (const auto& b : bands_) upper << QPointF(b.from_s, 0) << QPointF(b.from_s, top) << QPointF(b.to_s, top) << QPointF(b.to_s, 0);
    bands_series_->upperSeries()->replace(upper);
    bands_series_->setVisible(!bands_.isEmpty());
  }
  if (warmup_series_) {
    warmup_series_->upperSeries()->replace({QPointF(0, top), QPointF(warmup_s_, top)});
    warmup_series_->setVisible(warmup_s_ > 0);
  }
  if (marker_lines_) {
    QVector<QPointF> zigzag;  // up and down at each marker; the return runs along the time axis
    for (const auto& m : markers_) zigzag << QPointF(m.at.x(), 0) << QPointF(m.at.x(), top) << QPointF(m.at.x(), 0);
    marker_lines_->replace(zigzag);
  }
  update_legend();
}

QStringList TimeChart::legend_texts() const {
  QStringList texts;
  for (int i = 0; i < legend_->count(); ++i) texts << legend_->item(i)->text();
  return texts;
}

void TimeChart::update_legend() {
  struct Entry {
    QString text, series;
    QColor color;
    Qt::PenStyle style = Qt::SolidLine;
    bool box = false;
  };
  QVector<Entry> entries;
  for (const auto& name : order_) {
    if (groups_.contains(name)) continue;
    const auto* series = lines_.value(name);
    entries << Entry{name, name, colors_.value(name), series ? series->pen().style() : Qt::SolidLine};
  }
  if (objective_) entries << Entry{objective_label(), {}, OBJECTIVE_COLOR, Qt::DashLine};
  if (!markers_.isEmpty()) entries << Entry{markers_name_, {}, DECISION_COLOR, Qt::DotLine};
  if (!bands_.isEmpty()) entries << Entry{bands_name_, {}, QColor(230, 60, 60, 90), Qt::SolidLine, true};
  if (warmup_s_ > 0) entries << Entry{tr("warm-up"), {}, QColor(120, 120, 120, 90), Qt::SolidLine, true};
  QString signature;
  for (const auto& e : entries) signature += e.text + '|' + e.color.name(QColor::HexArgb) + '\n';
  if (signature == legend_signature_) return;
  legend_signature_ = signature;
  const QSignalBlocker block(legend_);
  legend_->clear();
  for (const auto& e : entries) {
    auto* item = new QListWidgetItem(swatch(e.color, e.style, e.box), e.text, legend_);
    item->setToolTip(e.text);
    item->setData(Qt::UserRole, e.series);
    if (!e.series.isEmpty()) {
      item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
      item->setCheckState(hidden_.contains(e.series) ? Qt::Unchecked : Qt::Checked);
    } else {
      item->setFlags(Qt::ItemIsEnabled);
    }
  }
  place_legend();
}

void TimeChart::place_legend() {
  const QFontMetrics metrics(legend_->font());
  int widest = 0;
  for (int i = 0; i < legend_->count(); ++i) widest = std::max(widest, metrics.horizontalAdvance(legend_->item(i)->text()));
  // Text, check box, swatch and a scroll bar; never more than 40 % of the chart.
  const int wanted = widest + 64 + legend_->verticalScrollBar()->sizeHint().width();
  const int width = legend_->count() == 0 ? 0 : std::clamp(wanted, LEGEND_MIN_WIDTH, std::max(LEGEND_MIN_WIDTH, std::min(LEGEND_MAX_WIDTH, this->width() * 2 / 5)));
  legend_->setVisible(width > 0);
  const int top = 28;
  legend_->setGeometry(this->width() - width - 2, top, width, std::max(40, this->height() - top - 8));
  // Room between plot and legend for half of the last time label, which is centred on the axis end.
  const QMargins margins(4, 4, width + (width > 0 ? 24 : 16), 4);
  if (chart()->margins() != margins) chart()->setMargins(margins);
}

bool TimeChart::eventFilter(QObject* watched, QEvent* event) {
  if (watched == legend_->viewport() && event->type() == QEvent::Leave) highlight({});
  return QChartView::eventFilter(watched, event);
}

void TimeChart::highlight(const QString& name) {
  if (name == highlighted_) return;
  highlighted_ = name;
  for (auto it = lines_.begin(); it != lines_.end(); ++it) {
    QPen pen = (*it)->pen();
    const bool on = !name.isEmpty() && (it.key() == name || groups_.value(it.key()) == name);
    pen.setWidthF(on ? 3.2 : 1.6);
    QColor c = colors_.value(it.key());
    if (!name.isEmpty() && !on) c.setAlpha(70);
    pen.setColor(c);
    (*it)->setPen(pen);
  }
}

void TimeChart::set_time_range(double seconds) {
  seconds = seconds > 0 ? seconds : 1;
  if (seconds == time_range_s_) return;
  time_range_s_ = seconds;
  x_axis_->setRange(0, seconds);
  x_axis_->setTitleText(time_title());
  time_ticks_ = 0;
  update_time_labels();
  if (objective_line_ && objective_) objective_line_->replace({QPointF(0, *objective_), QPointF(time_range_s_, *objective_)});
}

void TimeChart::update_time_labels() {
  // As many labels as fit without eliding: about one per 64 pixels (h:mm:ss: 80), at most 8.
  const double plot = chart()->plotArea().width() > 10 ? chart()->plotArea().width() : width() * 0.6;
  const bool hours = time_range_s_ >= 3600;
  const int ticks = std::clamp(static_cast<int>(plot / (hours ? 80 : 64)), 2, 8);
  if (ticks == time_ticks_) return;
  time_ticks_ = ticks;
  for (const auto& label : x_axis_->categoriesLabels()) x_axis_->remove(label);
  const double step = time_step(time_range_s_, ticks);
  for (double t = 0; t <= time_range_s_ + 1e-9; t += step) x_axis_->append(format_time(t, hours), t);
}

QStringList TimeChart::time_labels() const { return x_axis_->categoriesLabels(); }

QString TimeChart::time_title() const {
  return time_range_s_ >= 3600 ? tr("simulated time (h:mm:ss)") : tr("simulated time (m:ss)");
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
  place_legend();
  for (auto it = lines_.begin(); it != lines_.end(); ++it) redraw_line(it.key());
  place_objective_label();
}

}  // namespace msim::gui
