#include "model/Autoscaler.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace msim::model {
namespace {

using scenario::AutoscalerSpec;
using scenario::ScalingMetric;

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

/** The Kubernetes HorizontalPodAutoscaler (autoscaling/v2), with its defaults. */
class HpaAutoscaler final : public Autoscaler {
public:
  explicit HpaAutoscaler(const AutoscalerSpec& spec) : spec_(spec), behavior_(spec.scale_up, spec.scale_down) {}
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
      hpa::Proposal p;
      switch (m.kind) {
        case ScalingMetric::Kind::CPU: p = hpa::resource_replicas(v.current, v.pods, m.target, spec_.tolerance, timing); break;
        case ScalingMetric::Kind::RPS: p = hpa::pods_metric_replicas(v.current, v.rps, m.target, spec_.tolerance); break;
        case ScalingMetric::Kind::IN_FLIGHT: p = hpa::pods_metric_replicas(v.current, v.in_flight, m.target, spec_.tolerance); break;
        case ScalingMetric::Kind::QUEUE_LENGTH: p = hpa::pods_metric_replicas(v.current, v.queue_length, m.target, spec_.tolerance); break;
        case ScalingMetric::Kind::LATENCY:
          if (v.latency_valid) p = hpa::object_metric_replicas(v.current, v.latency, m.target, v.ready, spec_.tolerance);
          else p.valid = false;
          break;
      }
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
  AutoscalerSpec spec_;
  hpa::Behavior behavior_;
};

/** Cloud-provider target tracking: replicas in proportion to metric / target, with cooldowns. */
class TargetTrackingAutoscaler final : public Autoscaler {
public:
  explicit TargetTrackingAutoscaler(const AutoscalerSpec& spec) : spec_(spec) {}
  const char* name() const override { return "target_tracking"; }
  core::SimTime period() const override { return spec_.sync_period; }

  ScalingDecision decide(const ScalingView& v) override {
    ScalingDecision d{v.current, {}};
    const ScalingMetric& m = spec_.metrics.front();
    double value = 0;
    int counted = 0;
    const auto& pods = m.kind == ScalingMetric::Kind::CPU ? v.pods : m.kind == ScalingMetric::Kind::RPS ? v.rps
                     : m.kind == ScalingMetric::Kind::IN_FLIGHT ? v.in_flight : v.queue_length;
    for (const auto& p : pods) {
      if (!p.has_metric || p.being_deleted || p.pending || !p.ready) continue;
      value += m.kind == ScalingMetric::Kind::CPU ? p.value / p.request : p.value;
      ++counted;
    }
    if (m.kind == ScalingMetric::Kind::LATENCY) {
      counted = v.latency_valid ? 1 : 0;
      value = v.latency;
    }
    if (counted == 0) {
      d.reason = "no metric yet";
      return d;
    }
    const double average = value / counted;
    const double ratio = average / m.target;
    int wanted = std::clamp(static_cast<int>(std::ceil(v.current * ratio)), spec_.min_replicas, spec_.max_replicas);
    d.reason = fmt::format("{} {:.3g} / target {:.3g}", describe(m), average, m.target);
    if (wanted > v.current && v.now - last_out_ < spec_.cooldown_out && last_out_ > core::SimTime::zero()) {
      d.reason += fmt::format("; scale-out cooldown holds {}", v.current);
      wanted = v.current;
    } else if (wanted < v.current && changed_ && v.now - last_change_ < spec_.cooldown_in) {
      d.reason += fmt::format("; scale-in cooldown holds {}", v.current);
      wanted = v.current;
    }
    if (wanted > v.current) last_out_ = v.now;
    if (wanted != v.current) {
      last_change_ = v.now;
      changed_ = true;
    }
    d.replicas = wanted;
    return d;
  }

private:
  AutoscalerSpec spec_;
  core::SimTime last_out_;
  core::SimTime last_change_;
  bool changed_ = false;
};

/** A time table of replica counts. */
class ScheduledAutoscaler final : public Autoscaler {
public:
  explicit ScheduledAutoscaler(const AutoscalerSpec& spec) : spec_(spec) {}
  const char* name() const override { return "scheduled"; }
  core::SimTime period() const override { return spec_.sync_period; }

  ScalingDecision decide(const ScalingView& v) override {
    ScalingDecision d{v.current, "no entry yet"};
    for (const auto& [at, replicas] : spec_.schedule)
      if (at <= v.now) {
        d.replicas = std::clamp(replicas, spec_.min_replicas, spec_.max_replicas);
        d.reason = fmt::format("schedule from {:g} s: {}", at.seconds(), replicas);
        if (d.replicas != replicas) d.reason += fmt::format(" (limited to {}..{})", spec_.min_replicas, spec_.max_replicas);
      }
    return d;
  }

private:
  AutoscalerSpec spec_;
};

}  // namespace

std::unique_ptr<Autoscaler> make_autoscaler(const AutoscalerSpec& spec) {
  switch (spec.kind) {
    case AutoscalerSpec::Kind::STATIC: return nullptr;
    case AutoscalerSpec::Kind::HPA: return std::make_unique<HpaAutoscaler>(spec);
    case AutoscalerSpec::Kind::TARGET_TRACKING: return std::make_unique<TargetTrackingAutoscaler>(spec);
    case AutoscalerSpec::Kind::SCHEDULED: return std::make_unique<ScheduledAutoscaler>(spec);
  }
  return nullptr;
}

}  // namespace msim::model
