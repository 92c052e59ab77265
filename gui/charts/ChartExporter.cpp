#include "charts/ChartExporter.hpp"

#include <QFileInfo>
#include <QPainter>
#include <QSaveFile>
#include <QSvgGenerator>

#include "charts/TimeChart.hpp"

namespace msim::gui {
namespace {

QString csv_field(const QString& text) {
  if (!text.contains(',') && !text.contains('"') && !text.contains('\n')) return text;
  QString quoted = text;
  quoted.replace("\"", "\"\"");
  return '"' + quoted + '"';
}

}  // namespace

bool ChartExporter::save_png(TimeChart& chart, const QString& path, QString* error) {
  const QPixmap pixmap = chart.grab();
  if (pixmap.isNull() || !pixmap.save(path, "PNG")) {
    if (error) *error = QStringLiteral("%1: cannot write the PNG file").arg(path);
    return false;
  }
  return true;
}

bool ChartExporter::save_svg(TimeChart& chart, const QString& path, QString* error) {
  QSvgGenerator generator;
  generator.setFileName(path);
  generator.setSize(chart.size());
  generator.setViewBox(QRect(QPoint(0, 0), chart.size()));
  generator.setTitle(chart.title());
  generator.setDescription(QStringLiteral("msim-gui chart"));
  QPainter painter;
  if (!painter.begin(&generator)) {
    if (error) *error = QStringLiteral("%1: cannot write the SVG file").arg(path);
    return false;
  }
  chart.render(&painter);
  painter.end();
  return true;
}

bool ChartExporter::save_csv(const TimeChart& chart, const QString& path, QString* error) {
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly | QIODevice::Text)) {
    if (error) *error = QStringLiteral("%1: %2").arg(path, file.errorString());
    return false;
  }
  QByteArray text = "series,time_s,value\n";
  const auto& data = chart.data();
  for (auto it = data.begin(); it != data.end(); ++it)
    for (const auto& p : *it)
      text += (csv_field(it.key()) + ',' + QString::number(p.x(), 'g', 17) + ',' + QString::number(p.y(), 'g', 17) + '\n').toUtf8();
  file.write(text);
  if (!file.commit()) {
    if (error) *error = QStringLiteral("%1: %2").arg(path, file.errorString());
    return false;
  }
  return true;
}

bool ChartExporter::save(TimeChart& chart, const QString& path, QString* error) {
  const auto suffix = QFileInfo(path).suffix().toLower();
  if (suffix == "svg") return save_svg(chart, path, error);
  if (suffix == "csv") return save_csv(chart, path, error);
  if (suffix == "png") return save_png(chart, path, error);
  if (error) *error = QStringLiteral("%1: choose a .png, .svg or .csv file name").arg(path);
  return false;
}

}  // namespace msim::gui
