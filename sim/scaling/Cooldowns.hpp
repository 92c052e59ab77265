#pragma once
/** @file
 *  @brief What the cloud-provider style strategies share: a wait after scaling out and before
 *         scaling in, their settings and their decision period.
 */
#include <string>

#include "scaling/Autoscaler.hpp"
#include "scaling/Metric.hpp"

namespace msim::scaling {

/** Cooldowns: a wait after scaling out, and before scaling in. */
class Cooldowns {
public:
  explicit Cooldowns(const Settings& settings) : out_(settings.cooldown_out), in_(settings.cooldown_in) {}
  /** Holds `wanted` back to `current` while a cooldown runs; says so in `reason`. */
  int apply(core::SimTime now, int current, int wanted, std::string& reason);

private:
  core::SimTime out_, in_, last_out_, last_change_;
  bool scaled_out_ = false, changed_ = false;
};

/** The base of the cloud-style strategies: their settings, their cooldowns, their period. */
class CooldownScaler : public Autoscaler {
public:
  explicit CooldownScaler(const Settings& settings) : spec_(settings), cooldowns_(settings) {}
  core::SimTime period() const override { return spec_.sync_period; }

protected:
  /** The first metric's average into `average`; false (and the reason in `d`) when there is none. */
  bool first_metric(const ScalingView& v, double& average, ScalingDecision& d) const {
    if (average_metric(spec_.metrics.front(), v, average)) return true;
    d.reason = "no metric yet";
    return false;
  }

  Settings spec_;
  Cooldowns cooldowns_;
};

}  // namespace msim::scaling
