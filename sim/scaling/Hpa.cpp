#include "scaling/Hpa.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <set>

#include <fmt/format.h>

namespace msim::scaling::hpa {
namespace {

struct Groups {
  int ready = 0;
  std::vector<std::size_t> with_metric;  // ready pods with a metric
  std::vector<std::size_t> unready;
  std::vector<std::size_t> missing;
};

// groupPods: deleted and failed pods are ignored; pending pods count as unready; pods without a
// metric are missing; for CPU, a pod is also unready while it initializes (or if it never became
// ready), so that start-up bursts do not trigger scaling.
Groups group(const std::vector<PodSample>& pods, bool cpu, const Timing& t) {
  Groups g;
  for (std::size_t i = 0; i < pods.size(); ++i) {
    const PodSample& p = pods[i];
    if (p.being_deleted || p.failed) continue;
    if (p.pending) {
      g.unready.push_back(i);
      continue;
    }
    if (!p.has_metric) {
      g.missing.push_back(i);
      continue;
    }
    if (cpu) {
      bool unready;
      if (!p.has_ready_condition) {
        unready = true;
      } else if (p.start_time + t.cpu_initialization > t.now) {
        // Within the initialization period: unready, or the metric predates one window after the last transition.
        unready = !p.ready || p.metric_timestamp < p.ready_transition + p.metric_window;
      } else {
        // Unready and never been ready.
        unready = !p.ready && p.start_time + t.initial_readiness_delay > p.ready_transition;
      }
      if (unready) {
        g.unready.push_back(i);
        continue;
      }
    }
    ++g.ready;
    g.with_metric.push_back(i);
  }
  return g;
}

std::int64_t milli(double v) { return std::llround(v * 1000.0); }

// GetResourceUtilizationRatio: utilization is a whole percentage of the summed requests (truncated).
double utilization_ratio(const std::vector<std::pair<std::int64_t, std::int64_t>>& usage_request, std::int64_t target_percent) {
  std::int64_t usage = 0, requests = 0;
  for (const auto& [u, r] : usage_request) {
    usage += u;
    requests += r;
  }
  if (requests == 0) return 0;
  const auto percent = (usage * 100) / requests;
  return static_cast<double>(percent) / static_cast<double>(target_percent);
}

// GetMetricUsageRatio: the average (truncated, in milli units) over the target.
double usage_ratio(const std::vector<std::int64_t>& values, std::int64_t target_milli) {
  if (values.empty()) return 0;
  std::int64_t total = 0;
  for (const auto v : values) total += v;
  return static_cast<double>(total / static_cast<std::int64_t>(values.size())) / static_cast<double>(target_milli);
}

// The usual case: every pod ready and with a metric.
int plain_replicas(double ratio, int ready, int current, double tolerance) {
  return std::abs(1.0 - ratio) <= tolerance ? current : static_cast<int>(std::ceil(ratio * ready));
}

// After filling in missing and unready pods: no change if that lands in the tolerance band,
// reverses the direction, or would move against the new ratio.
int filled_replicas(double ratio, double new_ratio, std::size_t pods, int current, double tolerance) {
  if (std::abs(1.0 - new_ratio) <= tolerance || (ratio < 1.0 && new_ratio > 1.0) || (ratio > 1.0 && new_ratio < 1.0)) return current;
  const int replicas = static_cast<int>(std::ceil(new_ratio * static_cast<double>(pods)));
  return (new_ratio < 1.0 && replicas > current) || (new_ratio > 1.0 && replicas < current) ? current : replicas;
}

}  // namespace

Proposal resource_replicas(int current, const std::vector<PodSample>& pods, double target_utilization, double tolerance, const Timing& t) {
  Proposal p;
  const Groups g = group(pods, true, t);
  if (g.with_metric.empty()) {
    p.valid = false;
    p.replicas = current;
    return p;
  }
  const auto target_percent = std::llround(target_utilization * 100.0);
  std::vector<std::pair<std::int64_t, std::int64_t>> metrics;
  for (const auto i : g.with_metric) metrics.emplace_back(milli(pods[i].value), milli(pods[i].request));
  const double ratio = utilization_ratio(metrics, target_percent);
  p.usage_ratio = ratio;
  const bool scale_up_with_unready = !g.unready.empty() && ratio > 1.0;
  if (!scale_up_with_unready && g.missing.empty()) {
    p.replicas = plain_replicas(ratio, g.ready, current, tolerance);
    return p;
  }
  if (!g.missing.empty()) {
    // Scaling down: assume missing pods use max(100 %, target) of their request; scaling up: nothing.
    const std::int64_t fallback_percent = std::max<std::int64_t>(100, target_percent);
    for (const auto i : g.missing) {
      if (ratio < 1.0) metrics.emplace_back(milli(pods[i].request) * fallback_percent / 100, milli(pods[i].request));
      else if (ratio > 1.0) metrics.emplace_back(0, milli(pods[i].request));
    }
  }
  if (scale_up_with_unready)
    for (const auto i : g.unready) metrics.emplace_back(0, milli(pods[i].request));
  p.replicas = filled_replicas(ratio, utilization_ratio(metrics, target_percent), metrics.size(), current, tolerance);
  return p;
}

Proposal pods_metric_replicas(int current, const std::vector<PodSample>& pods, double target_average, double tolerance) {
  Proposal p;
  const Groups g = group(pods, false, Timing{});
  if (g.with_metric.empty()) {
    p.valid = false;
    p.replicas = current;
    return p;
  }
  const std::int64_t target = milli(target_average);
  std::vector<std::int64_t> values;
  for (const auto i : g.with_metric) values.push_back(milli(pods[i].value));
  const double ratio = usage_ratio(values, target);
  p.usage_ratio = ratio;
  const bool scale_up_with_unready = !g.unready.empty() && ratio > 1.0;
  if (!scale_up_with_unready && g.missing.empty()) {
    p.replicas = plain_replicas(ratio, g.ready, current, tolerance);
    return p;
  }
  if (!g.missing.empty()) {
    for (std::size_t k = 0; k < g.missing.size(); ++k) {
      if (ratio < 1.0) values.push_back(target);
      else if (ratio > 1.0) values.push_back(0);
    }
  }
  if (scale_up_with_unready) values.insert(values.end(), g.unready.size(), 0);
  p.replicas = filled_replicas(ratio, usage_ratio(values, target), values.size(), current, tolerance);
  return p;
}

Proposal object_metric_replicas(int current, double usage, double target, int ready_pods, double tolerance) {
  Proposal p;
  p.usage_ratio = usage / target;
  if (current == 0) {
    p.replicas = static_cast<int>(std::ceil(p.usage_ratio));
  } else {
    p.replicas = plain_replicas(p.usage_ratio, ready_pods, current, tolerance);
  }
  return p;
}

// ---- Behavior: stabilization windows and scaling policies -----------------------------------

namespace {

int change_in_period(SimTime now, SimTime period, const std::vector<std::pair<SimTime, int>>& events) {
  int total = 0;
  for (const auto& [at, change] : events)
    if (at > now - period) total += change;
  return total;
}

}  // namespace

int Behavior::scale_up_limit(int current, SimTime now, const std::vector<std::pair<SimTime, int>>& up_events,
                             const std::vector<std::pair<SimTime, int>>& down_events, const ScalingRules& rules) {
  using Select = ScalingRules::Select;
  if (rules.select == Select::DISABLED) return current;
  int result = rules.select == Select::MIN ? INT_MAX : INT_MIN;
  for (const auto& policy : rules.policies) {
    const int start = current - change_in_period(now, policy.period, up_events) + change_in_period(now, policy.period, down_events);
    const int proposed = policy.percent ? static_cast<int>(std::ceil(start * (1.0 + policy.value / 100.0))) : start + policy.value;
    result = rules.select == Select::MIN ? std::min(result, proposed) : std::max(result, proposed);
  }
  return result;
}

int Behavior::scale_down_limit(int current, SimTime now, const std::vector<std::pair<SimTime, int>>& up_events,
                               const std::vector<std::pair<SimTime, int>>& down_events, const ScalingRules& rules) {
  using Select = ScalingRules::Select;
  if (rules.select == Select::DISABLED) return current;
  // For scaling down, the smallest change ("Min") is the largest replica count.
  int result = rules.select == Select::MIN ? INT_MIN : INT_MAX;
  for (const auto& policy : rules.policies) {
    const int start = current - change_in_period(now, policy.period, up_events) + change_in_period(now, policy.period, down_events);
    const int proposed = policy.percent ? static_cast<int>(start * (1.0 - policy.value / 100.0)) : start - policy.value;
    result = rules.select == Select::MIN ? std::max(result, proposed) : std::min(result, proposed);
  }
  return result;
}

int Behavior::stabilize(SimTime now, int current, int desired, std::string& reason) {
  const SimTime up_cutoff = now - up_.stabilization;
  const SimTime down_cutoff = now - down_.stabilization;
  int up = desired, down = desired;
  bool found_old = false;
  std::size_t old_index = 0;
  for (std::size_t i = 0; i < recommendations_.size(); ++i) {
    const auto& rec = recommendations_[i];
    if (rec.at > up_cutoff) up = std::min(rec.replicas, up);
    if (rec.at > down_cutoff) down = std::max(rec.replicas, down);
    if (rec.at < up_cutoff && rec.at < down_cutoff) {
      found_old = true;
      old_index = i;
    }
  }
  int recommendation = current;
  if (recommendation < up) recommendation = up;
  if (recommendation > down) recommendation = down;
  if (found_old) recommendations_[old_index] = {now, desired};
  else recommendations_.push_back({now, desired});
  if (recommendation != desired)
    reason = recommendation > desired ? fmt::format("scale-down stabilization window holds {}", recommendation)
                                      : fmt::format("scale-up stabilization window holds {}", recommendation);
  return recommendation;
}

Behavior::Result Behavior::normalize(SimTime now, int current, int desired, int min_replicas, int max_replicas) {
  // The controller's first sight of an HPA seeds the history with the current count, so that a
  // restart does not scale down before the scale-down window has passed.
  if (recommendations_.empty() && down_.stabilization > SimTime::zero()) recommendations_.push_back({now, current});
  std::string reason;
  const int stabilized = stabilize(now, current, desired, reason);
  Result r = limit_rate(now, current, stabilized, min_replicas, max_replicas);
  if (!reason.empty()) r.reason = r.reason.empty() ? reason : reason + "; " + r.reason;
  return r;
}

Behavior::Result Behavior::limit_rate(SimTime now, int current, int desired, int min_replicas, int max_replicas) const {
  Result r;
  r.replicas = desired;
  if (desired > current) {
    const int limit = std::max(current, scale_up_limit(current, now, up_events_, down_events_, up_));
    int allowed = max_replicas;
    bool by_policy = false;
    if (allowed > limit) {
      allowed = limit;
      by_policy = true;
    }
    if (desired > allowed) {
      r.replicas = allowed;
      r.reason = by_policy ? fmt::format("limited by scaleUp policy to {}", allowed) : fmt::format("limited by maxReplicas {}", allowed);
    }
  } else if (desired < current) {
    const int limit = std::min(current, scale_down_limit(current, now, up_events_, down_events_, down_));
    int allowed = min_replicas;
    bool by_policy = false;
    if (allowed < limit) {
      allowed = limit;
      by_policy = true;
    }
    if (desired < allowed) {
      r.replicas = allowed;
      r.reason = by_policy ? fmt::format("limited by scaleDown policy to {}", allowed) : fmt::format("limited by minReplicas {}", allowed);
    }
  }
  return r;
}

void Behavior::record_scale(SimTime now, int change) {
  // Events older than the longest policy period no longer matter.
  SimTime longest;
  for (const auto* rules : {&up_, &down_})
    for (const auto& p : rules->policies) longest = std::max(longest, p.period);
  auto prune = [&](std::vector<std::pair<SimTime, int>>& events) {
    std::erase_if(events, [&](const auto& e) { return e.first <= now - longest; });
  };
  prune(up_events_);
  prune(down_events_);
  if (change > 0) up_events_.emplace_back(now, change);
  else if (change < 0) down_events_.emplace_back(now, -change);
}

}  // namespace msim::scaling::hpa
