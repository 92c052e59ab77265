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

// The metric's mean over ready pods with a sample (CPU as a share of the request), or the
// service's latency percentile; false when there is nothing to average yet.
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

/** Cooldowns shared by the cloud-style scalers: a wait after scaling out, and before scaling in. */
class Cooldowns {
public:
  explicit Cooldowns(const AutoscalerSpec& spec) : out_(spec.cooldown_out), in_(spec.cooldown_in) {}
  /** Holds `wanted` back to `current` while a cooldown runs; says so in `reason`. */
  int apply(core::SimTime now, int current, int wanted, std::string& reason) {
    if (wanted > current && scaled_out_ && now - last_out_ < out_) {
      reason += fmt::format("; scale-out cooldown holds {}", current);
      return current;
    }
    if (wanted < current && changed_ && now - last_change_ < in_) {
      reason += fmt::format("; scale-in cooldown holds {}", current);
      return current;
    }
    if (wanted > current) {
      last_out_ = now;
      scaled_out_ = true;
    }
    if (wanted != current) {
      last_change_ = now;
      changed_ = true;
    }
    return wanted;
  }

private:
  core::SimTime out_, in_, last_out_, last_change_;
  bool scaled_out_ = false, changed_ = false;
};

/** What the cloud-style scalers share: their spec, their cooldowns and their decision period. */
class CooldownScaler : public Autoscaler {
public:
  explicit CooldownScaler(const AutoscalerSpec& spec) : spec_(spec), cooldowns_(spec) {}
  core::SimTime period() const override { return spec_.sync_period; }

protected:
  /** The first metric's average into `average`; false (and the reason in `d`) when there is none. */
  bool first_metric(const ScalingView& v, double& average, ScalingDecision& d) const {
    if (average_metric(spec_.metrics.front(), v, average)) return true;
    d.reason = "no metric yet";
    return false;
  }

  AutoscalerSpec spec_;
  Cooldowns cooldowns_;
};

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
class TargetTrackingAutoscaler final : public CooldownScaler {
public:
  using CooldownScaler::CooldownScaler;
  const char* name() const override { return "target_tracking"; }

  ScalingDecision decide(const ScalingView& v) override {
    ScalingDecision d{v.current, {}};
    const ScalingMetric& m = spec_.metrics.front();
    double average = 0;
    if (!first_metric(v, average, d)) return d;
    const int wanted = std::clamp(static_cast<int>(std::ceil(v.current * average / m.target)), spec_.min_replicas, spec_.max_replicas);
    d.reason = fmt::format("{} {:.3g} / target {:.3g}", describe(m), average, m.target);
    d.replicas = cooldowns_.apply(v.now, v.current, wanted, d.reason);
    return d;
  }

};

/** Cloud-provider step scaling: fixed adjustments by how far the metric is from its target. */
class StepAutoscaler final : public CooldownScaler {
public:
  using CooldownScaler::CooldownScaler;
  const char* name() const override { return "step"; }

  ScalingDecision decide(const ScalingView& v) override {
    ScalingDecision d{v.current, {}};
    const ScalingMetric& m = spec_.metrics.front();
    double average = 0;
    if (!first_metric(v, average, d)) return d;
    const double ratio = average / m.target;
    // Scale out by the step with the highest bound exceeded; else in by the lowest bound undercut.
    const AutoscalerSpec::StepRule* chosen = nullptr;
    for (const auto& s : spec_.steps)
      if (s.above && ratio > s.bound && (!chosen || s.bound > chosen->bound)) chosen = &s;
    if (!chosen)
      for (const auto& s : spec_.steps)
        if (!s.above && ratio < s.bound && (!chosen || s.bound < chosen->bound)) chosen = &s;
    d.reason = fmt::format("{} {:.3g} / target {:.3g} = {:.2f}", describe(m), average, m.target, ratio);
    if (!chosen) return d;
    d.reason += fmt::format("; step {} {:g}: {:+d}", chosen->above ? "above" : "below", chosen->bound, chosen->add);
    const int wanted = std::clamp(v.current + chosen->add, spec_.min_replicas, spec_.max_replicas);
    d.replicas = cooldowns_.apply(v.now, v.current, wanted, d.reason);
    return d;
  }

};

/** A reactive scaler on the latency objective: grow while it is missed, shrink while far below. */
class SloAutoscaler final : public CooldownScaler {
public:
  explicit SloAutoscaler(const AutoscalerSpec& spec) : CooldownScaler(spec) {
    for (const auto& m : spec_.metrics)
      if (m.kind == ScalingMetric::Kind::LATENCY) objective_ = m;
  }
  const char* name() const override { return "slo"; }

  ScalingDecision decide(const ScalingView& v) override {
    ScalingDecision d{v.current, {}};
    if (!v.latency_valid) {
      d.reason = "no latency measured in the last window";
      return d;
    }
    const double ms = 1000 * v.latency, objective_ms = 1000 * objective_.target;
    d.reason = fmt::format("p{:g} {:.1f} ms / objective {:.1f} ms", 100 * objective_.quantile, ms, objective_ms);
    int wanted = v.current;
    if (v.latency > objective_.target) {
      wanted = v.current + std::max(1, static_cast<int>(std::ceil(v.current * spec_.slo_step_up)));
      d.reason += "; missed";
    } else if (v.latency < objective_.target * spec_.slo_low_watermark) {
      wanted = v.current - 1;
      d.reason += fmt::format("; below {:g} % of it", 100 * spec_.slo_low_watermark);
    }
    wanted = std::clamp(wanted, spec_.min_replicas, spec_.max_replicas);
    d.replicas = cooldowns_.apply(v.now, v.current, wanted, d.reason);
    return d;
  }

private:
  ScalingMetric objective_;
};

/**
 * Predictive scaling: a Holt-Winters (additive) forecast of the arrival rate `horizon` ahead,
 * and the fewest replicas whose workers, as one M/M/c queue, keep the mean response time within
 * the target (Erlang C). Arrival rate and service time are read off the pods' samples.
 */
class PredictiveAutoscaler final : public CooldownScaler {
public:
  explicit PredictiveAutoscaler(const AutoscalerSpec& spec)
      : CooldownScaler(spec), seasonal_(static_cast<std::size_t>(std::max<std::int64_t>(1, spec.season.ns() / spec.sync_period.ns())), 0.0) {}
  const char* name() const override { return "predictive"; }

  ScalingDecision decide(const ScalingView& v) override {
    ScalingDecision d{v.current, {}};
    double rate = 0, busy = 0;
    int sampled = 0;
    for (std::size_t i = 0; i < v.rps.size(); ++i) {
      if (!v.rps[i].has_metric || v.rps[i].being_deleted) continue;
      rate += v.rps[i].value;
      busy += v.pods[i].value;
      ++sampled;
    }
    if (sampled == 0 || rate <= 0) {
      d.reason = "no traffic measured yet";
      return d;
    }
    service_time_ = busy / rate;  // seconds of work per request
    const auto slot = static_cast<std::size_t>(v.now.ns() / spec_.sync_period.ns()) % seasonal_.size();
    observe(rate, slot);
    const auto steps = static_cast<std::size_t>(std::ceil(spec_.horizon.seconds() / spec_.sync_period.seconds()));
    const double forecast = std::max(rate, level_ + static_cast<double>(steps) * trend_ + seasonal_[(slot + steps) % seasonal_.size()]);
    const int wanted = std::clamp(replicas_for(forecast, v.workers), spec_.min_replicas, spec_.max_replicas);
    d.reason = fmt::format("rate {:.4g}/s, forecast {:.4g}/s in {:g} s, service time {:.3g} ms -> {} for a mean response <= {:g} ms", rate,
                           forecast, spec_.horizon.seconds(), 1000 * service_time_, wanted, spec_.target_latency.milliseconds());
    d.replicas = cooldowns_.apply(v.now, v.current, wanted, d.reason);
    return d;
  }

private:
  void observe(double y, std::size_t slot) {
    constexpr double ALPHA = 0.3, BETA = 0.05, GAMMA = 0.3;
    if (!started_) {
      level_ = y;
      started_ = true;
      return;
    }
    const double previous = level_;
    level_ = ALPHA * (y - seasonal_[slot]) + (1 - ALPHA) * (level_ + trend_);
    trend_ = BETA * (level_ - previous) + (1 - BETA) * trend_;
    seasonal_[slot] = GAMMA * (y - level_) + (1 - GAMMA) * seasonal_[slot];
  }

  // The fewest instances whose c = n x workers servers give W = C(c, a)/(c mu - lambda) + 1/mu <= target.
  int replicas_for(double lambda, int workers) const {
    const double mu = 1.0 / service_time_;
    for (int n = 1; n <= spec_.max_replicas; ++n) {
      const int c = n * workers;
      const double a = lambda / mu;
      if (a >= c) continue;
      double b = 1.0;  // Erlang B by its recurrence, then Erlang C
      for (int k = 1; k <= c; ++k) b = a * b / (k + a * b);
      const double wait_probability = c * b / (c - a * (1 - b));
      if (wait_probability / (c * mu - lambda) + 1 / mu <= spec_.target_latency.seconds()) return n;
    }
    return spec_.max_replicas;
  }

  std::vector<double> seasonal_;
  double level_ = 0, trend_ = 0, service_time_ = 0;
  bool started_ = false;
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
    case AutoscalerSpec::Kind::STEP: return std::make_unique<StepAutoscaler>(spec);
    case AutoscalerSpec::Kind::SLO: return std::make_unique<SloAutoscaler>(spec);
    case AutoscalerSpec::Kind::PREDICTIVE: return std::make_unique<PredictiveAutoscaler>(spec);
  }
  return nullptr;
}

}  // namespace msim::model
