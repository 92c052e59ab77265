#include "charts/Downsample.hpp"

#include <algorithm>

namespace msim::gui {

QVector<QPointF> downsample(const QVector<QPointF>& points, int buckets) {
  if (buckets < 1 || points.size() <= 4 * static_cast<qsizetype>(buckets)) return points;
  const double x0 = points.first().x();
  const double width = (points.last().x() - x0) / buckets;
  if (width <= 0) return points;
  QVector<QPointF> out;
  out.reserve(4 * buckets);
  qsizetype i = 0;
  while (i < points.size()) {
    const auto bucket = std::min(static_cast<int>((points[i].x() - x0) / width), buckets - 1);
    qsizetype first = i, low = i, high = i, last = i;
    for (++i; i < points.size() && std::min(static_cast<int>((points[i].x() - x0) / width), buckets - 1) == bucket; ++i) {
      if (points[i].y() < points[low].y()) low = i;
      if (points[i].y() > points[high].y()) high = i;
      last = i;
    }
    qsizetype keep[] = {first, low, high, last};
    std::sort(std::begin(keep), std::end(keep));
    for (qsizetype k = 0; k < 4; ++k)
      if (k == 0 || keep[k] != keep[k - 1]) out.append(points[keep[k]]);
  }
  return out;
}

}  // namespace msim::gui
