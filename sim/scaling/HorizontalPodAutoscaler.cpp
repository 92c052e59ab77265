#include <algorithm>

#include <fmt/format.h>

#include "scaling/Autoscaler.hpp"
#include "scaling/Metric.hpp"

namespace msim::scaling {
namespace {

/** The Kubernetes HorizontalPodAutoscaler (autoscaling/v2), with its defaults. */
class HorizontalPodAutoscaler final : public Autoscaler {
public:
  explicit HorizontalPodAutoscaler(const Settings& spec) : spec_(spec), behavior_(spec.scale_up, spec.scale_down) {}
  const char* name() const override { return "hpa"; }
  core::SimTime period() const override { return spec_.sync_period; }

  ScalingDecision decide(const ScalingView& v) override {
    ScalingDecision d{v.current, {}};
    if (v.current == 0 && spec_.min_replicas != 0) {
      d.reason = "scaling disabled (0 replicas)";
      return d;
    }
    if (v.current > spec_.max_replicas || v.current < spec_.min_replicas) {
      d.replicas = std::clamp(v.current, spec_.min_replicas, spec_.max_replicas);
      d.reason = v.current > spec_.max_replicas ? "above maxReplicas" : "below minReplicas";
      behavior_.record_scale(v.now, d.replicas - v.current);
      return d;
    }
    int proposal = 0, invalid = 0;
    std::vector<std::string> seen;
    const hpa::Timing timing{v.now, spec_.cpu_initialization, spec_.initial_readiness_delay};
    for (const auto& m : spec_.metrics) {
      const hpa::Proposal p = propose(m, v, timing);
      if (!p.valid) {
        ++invalid;
        seen.push_back(describe(m) + " missing");
        continue;
      }
      proposal = std::max(proposal, p.replicas);
      seen.push_back(fmt::format("{} {:.2f}/target -> {}", describe(m), p.usage_ratio, p.replicas));
    }
    const std::string metrics = fmt::format("{}", fmt::join(seen, ", "));
    // All metrics invalid, or some invalid while the rest would scale down: do nothing.
    if (invalid == static_cast<int>(spec_.metrics.size()) || (invalid > 0 && proposal < v.current)) {
      d.reason = metrics + "; no scaling without metrics";
      return d;
    }
    const auto normalized = behavior_.normalize(v.now, v.current, proposal, spec_.min_replicas, spec_.max_replicas);
    d.replicas = normalized.replicas;
    d.reason = metrics;
    if (d.replicas == v.current && normalized.reason.empty()) d.reason += "; no change";
    if (!normalized.reason.empty()) d.reason += "; " + normalized.reason;
    if (d.replicas != v.current) behavior_.record_scale(v.now, d.replicas - v.current);
    return d;
  }

private:
  /** One metric's replica count, as the replica calculator works it out. */
  hpa::Proposal propose(const ScalingMetric& m, const ScalingView& v, const hpa::Timing& timing) const {
    switch (m.kind) {
      case ScalingMetric::Kind::CPU: return hpa::resource_replicas(v.current, v.pods, m.target, spec_.tolerance, timing);
      case ScalingMetric::Kind::RPS: return hpa::pods_metric_replicas(v.current, v.rps, m.target, spec_.tolerance);
      case ScalingMetric::Kind::IN_FLIGHT: return hpa::pods_metric_replicas(v.current, v.in_flight, m.target, spec_.tolerance);
      case ScalingMetric::Kind::QUEUE_LENGTH: return hpa::pods_metric_replicas(v.current, v.queue_length, m.target, spec_.tolerance);
      case ScalingMetric::Kind::LATENCY: break;
    }
    if (v.latency_valid) return hpa::object_metric_replicas(v.current, v.latency, m.target, v.ready, spec_.tolerance);
    hpa::Proposal none;
    none.valid = false;
    return none;
  }

  Settings spec_;
  hpa::Behavior behavior_;
};

}  // namespace

Strategy hpa_strategy() {
  return {"hpa", "the Kubernetes HorizontalPodAutoscaler (autoscaling/v2): replica calculator, stabilization windows, scaling policies", {},
          Strategy::Metrics::GIVEN_OR_CPU, [](const Settings&) { return std::string(); },
          [](const Settings& s) { return std::make_unique<HorizontalPodAutoscaler>(s); }};
}

}  // namespace msim::scaling
