#pragma once
/** @file
 *  @brief Thins a series to about the chart's width for display; the full data stays in RunData.
 */
#include <QPointF>
#include <QVector>

namespace msim::gui {

/**
 * Splits the x range into `buckets` equal slices and keeps, per slice, the first, lowest,
 * highest and last point in x order, so peaks and dips stay visible. O(n); returns the input
 * unchanged when it has at most 4 points per bucket.
 */
QVector<QPointF> downsample(const QVector<QPointF>& points, int buckets);

}  // namespace msim::gui
