#pragma once
/** @file
 *  @brief One chart over simulated time: named line series (kept whole, drawn downsampled to the
 *         chart's width) listed in a side legend with their full names, an optional horizontal
 *         objective line (an arrow at the top edge when it is far above the data), event markers
 *         with tooltips, shaded intervals and a shaded warm-up. The time axis reads m:ss or h:mm:ss.
 */
#include <optional>

#include <QChartView>
#include <QColor>
#include <QMap>
#include <QPointF>
#include <QStringList>
#include <QVector>

class QAreaSeries;
class QCategoryAxis;
class QGraphicsSimpleTextItem;
class QLineSeries;
class QListWidget;
class QScatterSeries;
class QValueAxis;

namespace msim::gui {

/** A point of interest (a scaling decision, ...) and the text shown when hovered. */
struct ChartMarker {
  QPointF at;
  QString text;
};

/** A shaded interval of time (a failure, ...) and the text shown when hovered. */
struct ChartBand {
  double from_s = 0;
  double to_s = 0;
  QString text;
};

class TimeChart : public QChartView {
  Q_OBJECT
public:
  TimeChart(const QString& title, const QString& y_title, QWidget* parent = nullptr);

  /** "m:ss", or "h:mm:ss" when `hours` (runs of an hour or more). */
  static QString format_time(double seconds, bool hours);
  /** The tick spacing (seconds) of a time axis over [0, seconds]: at most ~8 ticks. */
  static double time_step(double seconds, int max_ticks = 8);
  /** An objective is drawn on the axis only if it is at most this many times the data's maximum. */
  static constexpr double OBJECTIVE_IN_RANGE = 2.0;

  QString title() const { return title_; }
  /** Starts an update: series not set again before end_update() are removed. */
  void begin_update();
  /** Sets a whole series (copied in full; displayed downsampled). A series with a `legend_group`
   *  (another series' name) has no legend entry of its own: it is shown and hidden with that one. */
  void set_series(const QString& name, const QVector<QPointF>& points, const QColor& color = {}, Qt::PenStyle style = Qt::SolidLine,
                  const QString& legend_group = {});
  void set_objective(const QString& name, std::optional<double> y);
  /** Markers on the data (`on_data`: at their y) or along the bottom edge; each also draws a
   *  dotted vertical line, so the same decisions line up on every chart. */
  void set_markers(const QString& name, const QVector<ChartMarker>& markers, bool on_data = true);
  void set_bands(const QString& name, const QVector<ChartBand>& bands);
  /** Shades [0, seconds] as the warm-up (0: none). */
  void set_warmup(double seconds);
  void end_update();
  /** The shared time axis: every chart shows [0, seconds]. */
  void set_time_range(double seconds);

  /** The full data behind the chart, per series name (what CSV export writes). */
  const QMap<QString, QVector<QPointF>>& data() const { return data_; }
  /** The series in the order they were first set (scenario order for services). */
  QStringList series_names() const { return order_; }
  const QVector<ChartMarker>& markers() const { return markers_; }
  const QVector<ChartBand>& bands() const { return bands_; }
  double warmup_s() const { return warmup_s_; }
  /** Points currently drawn for a series (after downsampling). */
  qsizetype drawn_points(const QString& name) const;
  QColor series_color(const QString& name) const;
  /** False once the user unticked the series (or the series it is grouped with) in the legend. */
  bool series_visible(const QString& name) const;
  /** The series drawn wider because its legend entry is hovered ("" when none). */
  QString highlighted() const { return highlighted_; }

  /** The side legend: one entry per series (full name), then the SLO, markers, bands, warm-up. */
  QListWidget* legend() const { return legend_; }
  QStringList legend_texts() const;
  double y_max() const;
  /** True when the objective is far above the data: shown as an arrow label, not a line. */
  bool objective_off_scale() const { return objective_ && objective_off_scale_; }
  QString objective_label() const;
  QStringList time_labels() const;
  QString time_title() const;

signals:
  void export_requested(msim::gui::TimeChart* chart, const QString& format);

protected:
  void contextMenuEvent(QContextMenuEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  bool eventFilter(QObject* watched, QEvent* event) override;

private:
  QLineSeries* line(const QString& name, const QColor& color, Qt::PenStyle style);
  QAreaSeries* area(const QColor& fill);
  void redraw_line(const QString& name);
  void update_y_range();
  void update_legend();
  void place_legend();
  void place_objective_label();
  void update_time_labels();
  void highlight(const QString& name);

  QString title_;
  QCategoryAxis* x_axis_;
  QValueAxis* y_axis_;
  QMap<QString, QVector<QPointF>> data_;
  QMap<QString, QLineSeries*> lines_;
  QMap<QString, QColor> colors_;
  QMap<QString, QString> groups_;  // series -> legend entry it belongs to
  QStringList order_;
  QStringList touched_;
  QListWidget* legend_;
  QString legend_signature_;
  QStringList hidden_;  // legend entries unchecked by the user
  QString highlighted_;
  std::optional<double> objective_;
  bool objective_off_scale_ = false;
  QString objective_name_;
  QLineSeries* objective_line_ = nullptr;
  QGraphicsSimpleTextItem* objective_label_ = nullptr;
  QScatterSeries* markers_series_ = nullptr;
  QLineSeries* marker_lines_ = nullptr;
  QString markers_name_;
  bool markers_on_data_ = true;
  QVector<ChartMarker> markers_;
  QAreaSeries* bands_series_ = nullptr;
  QString bands_name_;
  QVector<ChartBand> bands_;
  QAreaSeries* warmup_series_ = nullptr;
  double warmup_s_ = 0;
  double time_range_s_ = 0;
  int time_ticks_ = 0;  // the most labels the time axis has room for
};

}  // namespace msim::gui
