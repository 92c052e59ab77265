#include <algorithm>
#include <cmath>
#include <cstdint>

#include <fmt/format.h>

#include "scaling/Cooldowns.hpp"

namespace msim::scaling {
namespace {

/**
 * Predictive scaling: a Holt-Winters (additive) forecast of the arrival rate `horizon` ahead,
 * and the fewest replicas whose workers, as one M/M/c queue, keep the mean response time within
 * the target (Erlang C). Arrival rate and service time are read off the pods' samples.
 */
class Predictive final : public CooldownScaler {
public:
  explicit Predictive(const Settings& spec)
      : CooldownScaler(spec),
        horizon_(SimTime::from_seconds(spec.params.at("horizon"))),
        target_latency_(SimTime::from_seconds(spec.params.at("targetLatency"))),
        seasonal_(static_cast<std::size_t>(std::max<std::int64_t>(1, SimTime::from_seconds(spec.params.at("season")).ns() / spec.sync_period.ns())), 0.0) {}
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
    const auto steps = static_cast<std::size_t>(std::ceil(horizon_.seconds() / spec_.sync_period.seconds()));
    const double forecast = std::max(rate, level_ + static_cast<double>(steps) * trend_ + seasonal_[(slot + steps) % seasonal_.size()]);
    const int wanted = std::clamp(replicas_for(forecast, v.workers), spec_.min_replicas, spec_.max_replicas);
    d.reason = fmt::format("rate {:.4g}/s, forecast {:.4g}/s in {:g} s, service time {:.3g} ms -> {} for a mean response <= {:g} ms", rate,
                           forecast, horizon_.seconds(), 1000 * service_time_, wanted, target_latency_.milliseconds());
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
      if (wait_probability / (c * mu - lambda) + 1 / mu <= target_latency_.seconds()) return n;
    }
    return spec_.max_replicas;
  }

  SimTime horizon_, target_latency_;
  std::vector<double> seasonal_;
  double level_ = 0, trend_ = 0, service_time_ = 0;
  bool started_ = false;
};

}  // namespace

Strategy predictive_strategy() {
  using Kind = core::ParamSpec::Kind;
  return {"predictive",
          "predictive: forecasts the arrival rate (Holt-Winters) and sizes with an M/M/c (Erlang C) model",
          {{"season", Kind::DURATION, 0, 0, 86400, "the length of the seasonal cycle the forecast learns (a day)"},
           {"horizon", Kind::DURATION, 0, 0, 120, "plan this far ahead (start-up and readiness time)"},
           {"targetLatency", Kind::DURATION, 0, 0, 0.1, "the mean response time the sizing aims for"}},
          Strategy::Metrics::NONE,
          [](const Settings&) { return std::string(); },
          [](const Settings& s) { return std::make_unique<Predictive>(s); }};
}

}  // namespace msim::scaling
