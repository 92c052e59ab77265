#pragma once
/** @file
 *  @brief What the strategies share about a metric: its name in a decision's reason, and its
 *         current value as they read it off a ScalingView.
 */
#include <string>

#include "scaling/Autoscaler.hpp"

namespace msim::scaling {

/** "cpu", "rps", "in_flight", "queue_length" or "p99 latency". */
std::string describe(const ScalingMetric& m);

/** The metric's mean over ready pods with a sample (CPU as a share of the request), or the
 *  service's latency percentile; false when there is nothing to average yet. */
bool average_metric(const ScalingMetric& m, const ScalingView& v, double& average);

}  // namespace msim::scaling
