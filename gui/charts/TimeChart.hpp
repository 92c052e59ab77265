#pragma once
/** @file
 *  @brief One chart over simulated time: named line series (kept whole, drawn downsampled to the
 *         chart's width), an optional horizontal objective line, event markers with tooltips
 *         and shaded intervals.
 */
#include <QChartView>
#include <QColor>
#include <QMap>
#include <QPointF>
#include <QStringList>
#include <QVector>

class QAreaSeries;
class QLineSeries;
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

  QString title() const { return title_; }
  /** Starts an update: series not set again before end_update() are removed. */
  void begin_update();
  /** Sets a whole series (copied in full; displayed downsampled). */
  void set_series(const QString& name, const QVector<QPointF>& points, const QColor& color = {}, Qt::PenStyle style = Qt::SolidLine);
  void set_objective(const QString& name, std::optional<double> y);
  void set_markers(const QString& name, const QVector<ChartMarker>& markers);
  void set_bands(const QString& name, const QVector<ChartBand>& bands);
  void end_update();
  /** The shared time axis: every chart shows [0, seconds]. */
  void set_time_range(double seconds);

  /** The full data behind the chart, per series name (what CSV export writes). */
  const QMap<QString, QVector<QPointF>>& data() const { return data_; }
  QStringList series_names() const { return data_.keys(); }
  const QVector<ChartMarker>& markers() const { return markers_; }
  const QVector<ChartBand>& bands() const { return bands_; }
  /** Points currently drawn for a series (after downsampling). */
  qsizetype drawn_points(const QString& name) const;

signals:
  void export_requested(msim::gui::TimeChart* chart, const QString& format);

protected:
  void contextMenuEvent(QContextMenuEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;

private:
  QLineSeries* line(const QString& name, const QColor& color, Qt::PenStyle style);
  void redraw_line(const QString& name);
  void update_y_range();

  QString title_;
  QValueAxis* x_axis_;
  QValueAxis* y_axis_;
  QMap<QString, QVector<QPointF>> data_;
  QMap<QString, QLineSeries*> lines_;
  QStringList touched_;
  std::optional<double> objective_;
  QString objective_name_;
  QLineSeries* objective_line_ = nullptr;
  QScatterSeries* markers_series_ = nullptr;
  QVector<ChartMarker> markers_;
  QAreaSeries* bands_series_ = nullptr;
  QVector<ChartBand> bands_;
  double time_range_s_ = 1;
};

}  // namespace msim::gui
