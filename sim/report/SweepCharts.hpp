#pragma once
/** @file
 *  @brief The charts of an msim sweep folder (points.csv): each metric with its 95 % CI over the
 *  swept parameter, one line per value of the other parameters; a heat map when two are swept.
 */
#include <optional>
#include <string>
#include <vector>

#include "report/Chart.hpp"
#include "report/ReportData.hpp"

namespace msim::report {

/** A metric of points.csv the report charts: `<column>.mean` and `<column>.ci95`. */
struct SweepMetric {
  std::string column;  // e.g. requests.all.latency_ms.p99
  std::string title;
  std::string y_title;  // with its unit
  double scale = 1;
};
/** The charted metrics points.csv has, p99 first. */
std::vector<SweepMetric> sweep_metrics(const SweepData& data);

/** The parameter on the x axis: the numeric one with the most values (else the first). */
std::size_t sweep_x_parameter(const SweepData& data);

std::vector<XYChart> sweep_line_charts(const SweepData& data);
/** p99 (or the first metric) over the two parameters; nullopt unless exactly two are swept. */
std::optional<HeatMap> sweep_heat_map(const SweepData& data);

/** "200/s" -> 200 and "/s"; nullopt when the text does not start with a number. */
std::optional<std::pair<double, std::string>> split_unit(const std::string& value);

}  // namespace msim::report
