#pragma once
/** @file
 *  @brief The charts of one run, as msim-gui's Charts tab shows them: end-to-end latency with the
 *  SLO, throughput and failures by cause, replicas with scaling decisions, CPU utilization; failures
 *  shaded on each. Also the service graph's boxes from summary.json.
 */
#include <string>
#include <vector>

#include "report/Chart.hpp"
#include "report/ReportData.hpp"
#include "report/SvgServiceGraph.hpp"

namespace msim::report {

/** The four time charts; ids are `prefix` + latency, throughput, replicas, utilization. */
std::vector<XYChart> run_time_charts(const RunData& run, const std::string& prefix = "");

/** Failure periods from events.csv: crashes, slowdowns, injected errors, latency, partitions. */
std::vector<Band> failure_bands(const RunData& run);
/** Scaling decisions that changed a count (kind `scale`, before != after), at their new count. */
std::vector<Marker> scaling_markers(const RunData& run);

/** A series of one metric on the run's time grid: NaN where an interval has no row (no
 *  completion, so no latency), which breaks the line instead of drawing a false zero. */
std::vector<Point> on_time_grid(const RunData& run, const std::vector<Point>& values, double scale = 1);

/** The service graph's boxes; empty when summary.json has no `calls_to` (older msim versions). */
std::vector<GraphNode> graph_nodes(const nlohmann::ordered_json& summary);
bool has_call_edges(const nlohmann::ordered_json& summary);

}  // namespace msim::report
