#include <algorithm>

#include <fmt/format.h>

#include "scaling/Autoscaler.hpp"

namespace msim::scaling {
namespace {

/** A time table of replica counts. */
class Scheduled final : public Autoscaler {
public:
  explicit Scheduled(const Settings& spec) : spec_(spec) {}
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
  Settings spec_;
};

}  // namespace

Strategy scheduled_strategy() {
  return {"scheduled", "scheduled scaling: replicas from a time table", {}, Strategy::Metrics::NONE,
          [](const Settings& s) { return s.schedule.empty() ? std::string("'schedule': a list of {at: 8h, replicas: 10}") : std::string(); },
          [](const Settings& s) { return std::make_unique<Scheduled>(s); }};
}

}  // namespace msim::scaling
