#include <algorithm>
#include <deque>
#include <optional>

#include <fmt/format.h>

#include "scaling/Cooldowns.hpp"

namespace msim::scaling {
namespace {

/**
 * Threshold rules in the manner of Azure Monitor autoscale: the first metric's mean over a time
 * window is compared with two thresholds. Above the metric's target: add `changeCount` replicas.
 * Below `scaleInBelow` x target: remove `changeCount`, unless the load, spread over the fewer
 * replicas, would then exceed the target and so scale straight back out (Azure's flapping check:
 * it skips such a scale-in). Each action is followed by the shared cooldowns. Rules act once the
 * samples cover the whole window.
 */
class Threshold final : public CooldownScaler {
public:
  explicit Threshold(const Settings& spec)
      : CooldownScaler(spec),
        window_(SimTime::from_seconds(spec.params.at("timeWindow"))),
        scale_in_below_(spec.params.at("scaleInBelow")),
        change_(static_cast<int>(spec.params.at("changeCount"))) {}
  const char* name() const override { return "threshold"; }

  ScalingDecision decide(const ScalingView& v) override {
    ScalingDecision d{v.current, {}};
    const ScalingMetric& m = spec_.metrics.front();
    double sample = 0;
    if (!first_metric(v, sample, d)) return d;
    samples_.push_back({v.now, sample});
    while (v.now - samples_.front().at > window_) samples_.pop_front();
    if (!first_at_) first_at_ = v.now;
    if (v.now - *first_at_ < window_) {
      d.reason = fmt::format("{} {:.3g}: collecting {:g} of {:g} s", describe(m), sample, (v.now - *first_at_).seconds(), window_.seconds());
      return d;
    }
    double total = 0;
    for (const auto& s : samples_) total += s.value;
    const double mean = total / static_cast<double>(samples_.size());
    const double in_threshold = scale_in_below_ * m.target;
    d.reason = fmt::format("{} mean {:.3g} over {:g} s (out above {:.3g}, in below {:.3g})", describe(m), mean, window_.seconds(), m.target,
                           in_threshold);
    int wanted = v.current;
    if (mean > m.target) {
      wanted = v.current + change_;
    } else if (mean < in_threshold && v.current > spec_.min_replicas) {
      const int fewer = std::max(spec_.min_replicas, v.current - change_);
      if (fewer == 0) {
        d.reason += "; scale-in to 0 skipped: no replica would be left to measure";
        return d;
      }
      const double projected = mean * v.current / fewer;
      if (projected > m.target) {
        d.reason += fmt::format("; scale-in to {} skipped: the mean would rise to {:.3g}, above the scale-out threshold", fewer, projected);
        return d;
      }
      wanted = fewer;
    }
    wanted = std::clamp(wanted, spec_.min_replicas, spec_.max_replicas);
    d.replicas = cooldowns_.apply(v.now, v.current, wanted, d.reason);
    return d;
  }

private:
  struct Sample {
    SimTime at;
    double value;
  };
  SimTime window_;
  double scale_in_below_;
  int change_;
  std::deque<Sample> samples_;  // the decisions' samples within the window
  std::optional<SimTime> first_at_;
};

}  // namespace

Strategy threshold_strategy() {
  using Kind = core::ParamSpec::Kind;
  return {"threshold",
          "threshold rules (Azure Monitor autoscale style): the metric's mean over a window above its target adds replicas, below a "
          "share of it removes them, unless that would scale straight back out",
          {{"timeWindow", Kind::DURATION, 0, 0, 600, "the window the metric is averaged over (Azure's duration, 10 min by default)"},
           {"scaleInBelow", Kind::FRACTION, 0, 1, 0.5, "scale in while the mean stays below this share of the target"},
           {"changeCount", Kind::INTEGER, 1, 1000, 1, "replicas added or removed per action"}},
          Strategy::Metrics::GIVEN_OR_CPU,
          [](const Settings&) { return std::string(); },
          [](const Settings& s) { return std::make_unique<Threshold>(s); }};
}

}  // namespace msim::scaling
