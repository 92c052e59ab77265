#pragma once
/** @file
 *  @brief Saves a chart as PNG or SVG, and the full data behind it as CSV.
 */
#include <QString>

namespace msim::gui {

class TimeChart;

class ChartExporter {
public:
  /** Each returns false and sets `error` when the file cannot be written. */
  static bool save_png(TimeChart& chart, const QString& path, QString* error = nullptr);
  static bool save_svg(TimeChart& chart, const QString& path, QString* error = nullptr);
  /** Long form `series,time_s,value`, every point (not the downsampled ones drawn). */
  static bool save_csv(const TimeChart& chart, const QString& path, QString* error = nullptr);
  /** By the file's extension (.png, .svg or .csv). */
  static bool save(TimeChart& chart, const QString& path, QString* error = nullptr);
};

}  // namespace msim::gui
