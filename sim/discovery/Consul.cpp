#include "discovery/DiscoveryModel.hpp"

namespace msim::discovery {
namespace {

// Periodic health checks of each instance by its agent; the catalog then reaches the callers.
class Consul final : public DiscoveryModel {
public:
  explicit Consul(const Params& p)
      : interval_(SimTime::from_seconds(p.at("interval")).seconds()),
        timeout_(SimTime::from_seconds(p.at("timeout")).seconds()),
        propagation_(SimTime::from_seconds(p.at("propagation"))) {}

  InstancePhases new_instance(const InstanceDraws& u) const override { return {u[0] * interval_, 0}; }

  SimTime removal_time(SimTime down, const InstancePhases& phases, bool unreachable) const override {
    // The next check fails: at once on a refused connection, after the check timeout when unreachable.
    const double check = next_tick(down.seconds(), phases.probe, interval_);
    return SimTime::from_seconds(check + (unreachable ? timeout_ : 0.0)) + propagation_;
  }

  // The agent deregisters the service on shutdown.
  SimTime deregistration_time(SimTime now) const override { return now + propagation_; }

  SimTime addition_time(SimTime up, const InstancePhases& phases) const override {
    return SimTime::from_seconds(next_tick(up.seconds(), phases.probe, interval_)) + propagation_;
  }

private:
  double interval_, timeout_;  // s
  SimTime propagation_;
};

}  // namespace

ModelEntry consul_model() {
  using Kind = ParamSpec::Kind;
  return {"consul",
          "periodic health checks of each instance (Consul's agent)",
          {{"interval", Kind::DURATION, 1, 0, 10, "interval of the health check (Consul's minimum: 1s)"},
           {"timeout", Kind::DURATION, 0, 0, 10, "how long a check waits for an unreachable instance"},
           {"propagation", Kind::DELAY, 0, 0, 1, "from the catalog to the callers"}},
          [](const Params& p, const ServiceDraws&) { return std::make_unique<Consul>(p); }};
}

}  // namespace msim::discovery
