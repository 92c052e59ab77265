#include "discovery/DiscoveryModel.hpp"

namespace msim::discovery {
namespace {

// A readiness probe (core/v1 Probe), then the endpoint update reaching the callers
// (EndpointSlice, kube-proxy, clients).
class Kubernetes final : public DiscoveryModel {
public:
  explicit Kubernetes(const Params& p)
      : period_(SimTime::from_seconds(p.at("readinessProbe.periodSeconds")).seconds()),
        failure_threshold_(p.at("readinessProbe.failureThreshold")),
        success_threshold_(p.at("readinessProbe.successThreshold")),
        initial_delay_(SimTime::from_seconds(p.at("readinessProbe.initialDelaySeconds")).seconds()),
        propagation_(SimTime::from_seconds(p.at("propagation"))) {}

  InstancePhases new_instance(const InstanceDraws& u) const override { return {u[0] * period_, 0}; }

  SimTime removal_time(SimTime down, const InstancePhases& phases, bool) const override {
    // failureThreshold consecutive failed probes, the first at the next probe after the crash.
    const double first = next_tick(down.seconds(), phases.probe, period_);
    return SimTime::from_seconds(first + (failure_threshold_ - 1) * period_) + propagation_;
  }

  // A terminating pod leaves the endpoints at once; kube-proxy follows.
  SimTime deregistration_time(SimTime now) const override { return now + propagation_; }

  SimTime addition_time(SimTime up, const InstancePhases& phases) const override {
    const double first = next_tick(up.seconds() + initial_delay_, phases.probe, period_);
    return SimTime::from_seconds(first + (success_threshold_ - 1) * period_) + propagation_;
  }

private:
  double period_;  // s
  double failure_threshold_;
  double success_threshold_;
  double initial_delay_;  // s
  SimTime propagation_;
};

}  // namespace

ModelEntry kubernetes_model() {
  using Kind = ParamSpec::Kind;
  return {"kubernetes",
          "a readiness probe, then the endpoint update reaching the callers (Kubernetes' Probe defaults)",
          {{"readinessProbe.periodSeconds", Kind::INTEGER, 1, 86400, 10, "seconds between probes"},
           {"readinessProbe.failureThreshold", Kind::INTEGER, 1, 1000, 3, "failed probes in a row that mark an instance not ready"},
           {"readinessProbe.successThreshold", Kind::INTEGER, 1, 1000, 1, "successful probes in a row that mark it ready"},
           {"readinessProbe.initialDelaySeconds", Kind::INTEGER, 0, 86400, 0, "seconds after a start before the first probe"},
           {"propagation", Kind::DELAY, 0, 0, 1, "from the endpoints to the callers (kube-proxy, clients)"}},
          [](const Params& p, const ServiceDraws&) { return std::make_unique<Kubernetes>(p); }};
}

}  // namespace msim::discovery
