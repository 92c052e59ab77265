#include <algorithm>

#include <fmt/format.h>

#include "scaling/Cooldowns.hpp"

namespace msim::scaling {
namespace {

/** Cloud-provider step scaling: fixed adjustments by how far the metric is from its target. */
class StepScaling final : public CooldownScaler {
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
    const Settings::StepRule* chosen = nullptr;
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

}  // namespace

Strategy step_strategy() {
  return {"step", "cloud step scaling: fixed adjustments by how far the metric is from its target, with cooldowns", {},
          Strategy::Metrics::GIVEN_OR_CPU,
          [](const Settings& s) {
            return s.steps.empty() ? std::string("'steps': e.g. [{above: 1.2, add: 2}, {above: 1.5, add: 4}, {below: 0.5, add: -1}]") : std::string();
          },
          [](const Settings& s) { return std::make_unique<StepScaling>(s); }};
}

}  // namespace msim::scaling
