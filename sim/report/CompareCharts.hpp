#pragma once
/** @file
 *  @brief The charts of an msim compare folder: per-strategy bars with 95 % whiskers, the Pareto
 *  plot of cost against SLO attainment (or p99), and the strategies' rep-0 runs overlaid in time.
 */
#include <string>
#include <vector>

#include "report/Chart.hpp"
#include "report/ReportData.hpp"

namespace msim::report {

/** Bars of latency p99, SLO attainment (when the scenario has an SLO), failed requests, cost and mean replicas. */
std::vector<BarChart> compare_bars(const CompareData& data);

/** Whether the Pareto plot uses SLO attainment (every strategy has it) rather than p99. */
bool pareto_uses_slo(const CompareData& data);
/** The strategies no other one beats on both cost and quality (SLO attainment, else p99), in compare.json's order. */
std::vector<std::string> pareto_optimal(const CompareData& data);
XYChart pareto_chart(const CompareData& data);

/** p99 over time of each strategy's rep-0 (with the SLO line), and their total replicas. */
std::vector<XYChart> compare_time_charts(const CompareData& data);

}  // namespace msim::report
