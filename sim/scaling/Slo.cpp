#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "scaling/Cooldowns.hpp"

namespace msim::scaling {
namespace {

/** A reactive scaler on the latency objective: grow while it is missed, shrink while far below. */
class SloScaling final : public CooldownScaler {
public:
  explicit SloScaling(const Settings& spec)
      : CooldownScaler(spec), step_up_(spec.params.at("stepUp")), low_watermark_(spec.params.at("lowWatermark")) {
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
      wanted = v.current + std::max(1, static_cast<int>(std::ceil(v.current * step_up_)));
      d.reason += "; missed";
    } else if (v.latency < objective_.target * low_watermark_) {
      wanted = v.current - 1;
      d.reason += fmt::format("; below {:g} % of it", 100 * low_watermark_);
    }
    wanted = std::clamp(wanted, spec_.min_replicas, spec_.max_replicas);
    d.replicas = cooldowns_.apply(v.now, v.current, wanted, d.reason);
    return d;
  }

private:
  ScalingMetric objective_;
  double step_up_, low_watermark_;
};

}  // namespace

Strategy slo_strategy() {
  using Kind = core::ParamSpec::Kind;
  return {"slo",
          "SLO-driven: grows while the latency objective is missed, shrinks while latency is far below it",
          {{"stepUp", Kind::FRACTION, 0, 1, 0.5, "grow by this share of the replicas (at least one) while the objective is missed"},
           {"lowWatermark", Kind::FRACTION, 0, 1, 0.5, "shrink by one while latency stays below this share of the objective"}},
          Strategy::Metrics::LATENCY_OBJECTIVE,
          [](const Settings&) { return std::string(); },
          [](const Settings& s) { return std::make_unique<SloScaling>(s); }};
}

}  // namespace msim::scaling
