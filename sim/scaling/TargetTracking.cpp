#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "scaling/Cooldowns.hpp"

namespace msim::scaling {
namespace {

/** Cloud-provider target tracking: replicas in proportion to metric / target, with cooldowns. */
class TargetTracking final : public CooldownScaler {
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

}  // namespace

Strategy target_tracking_strategy() {
  return {"target_tracking", "cloud target tracking: replicas in proportion to metric / target, with cooldowns", {},
          Strategy::Metrics::GIVEN_OR_CPU, [](const Settings&) { return std::string(); },
          [](const Settings& s) { return std::make_unique<TargetTracking>(s); }};
}

}  // namespace msim::scaling
