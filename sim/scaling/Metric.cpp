#include "scaling/Metric.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace msim::scaling {

std::string describe(const ScalingMetric& m) {
  switch (m.kind) {
    case ScalingMetric::Kind::CPU: return "cpu";
    case ScalingMetric::Kind::RPS: return "rps";
    case ScalingMetric::Kind::IN_FLIGHT: return "in_flight";
    case ScalingMetric::Kind::QUEUE_LENGTH: return "queue_length";
    case ScalingMetric::Kind::LATENCY: return fmt::format("p{:g} latency", 100 * m.quantile);
  }
  return "?";
}

bool average_metric(const ScalingMetric& m, const ScalingView& v, double& average) {
  if (m.kind == ScalingMetric::Kind::LATENCY) {
    average = v.latency;
    return v.latency_valid;
  }
  const auto& pods = m.kind == ScalingMetric::Kind::CPU ? v.pods : m.kind == ScalingMetric::Kind::RPS ? v.rps
                   : m.kind == ScalingMetric::Kind::IN_FLIGHT ? v.in_flight : v.queue_length;
  double total = 0;
  int counted = 0;
  for (const auto& p : pods) {
    if (!p.has_metric || p.being_deleted || p.pending || !p.ready) continue;
    total += m.kind == ScalingMetric::Kind::CPU ? p.value / p.request : p.value;
    ++counted;
  }
  if (counted == 0) return false;
  average = total / counted;
  return true;
}

bool has_latency_objective(const std::vector<ScalingMetric>& metrics) {
  return std::any_of(metrics.begin(), metrics.end(), [](const ScalingMetric& m) { return m.kind == ScalingMetric::Kind::LATENCY; });
}

}  // namespace msim::scaling
