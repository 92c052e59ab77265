#include <algorithm>

#include "discovery/DiscoveryModel.hpp"

namespace msim::discovery {
namespace {

// Client heartbeats, server leases, the server's response cache and the clients' registry
// fetches (Netflix Eureka). The sweep, cache and fetch run at one phase per service, so all
// callers learn a change at the same time.
class Eureka final : public DiscoveryModel {
public:
  Eureka(const Params& p, const ServiceDraws& u)
      : renewal_(seconds(p, "renewal")),
        lease_(seconds(p, "lease") * (p.at("lease_doubling") != 0 ? 2 : 1)),
        eviction_(seconds(p, "eviction")),
        cache_(seconds(p, "response_cache")),
        fetch_(seconds(p, "fetch")),
        eviction_phase_(u[0] * eviction_),
        cache_phase_(u[1] * cache_),
        fetch_phase_(u[2] * fetch_) {}

  InstancePhases new_instance(const InstanceDraws& u) const override { return {0, u[1] * renewal_}; }

  SimTime removal_time(SimTime down, const InstancePhases& phases, bool) const override {
    // The lease runs from the last renewal; the eviction sweep, the server's response cache and
    // the client's next registry fetch each add their wait.
    const double t = down.seconds();
    const double renewed = std::max(0.0, last_tick(t, phases.renewal, renewal_));
    const double evicted = next_tick(std::max(renewed + lease_, t), eviction_phase_, eviction_);
    return published(evicted);
  }

  // The client cancels its lease; callers see it after the cache and their next fetch.
  SimTime deregistration_time(SimTime now) const override { return published(now.seconds()); }

  // Registration at start-up; visible after the response cache and the client fetch.
  SimTime addition_time(SimTime up, const InstancePhases&) const override { return published(up.seconds()); }

private:
  static double seconds(const Params& p, std::string_view key) { return SimTime::from_seconds(p.at(key)).seconds(); }

  // A change the server made at t, as the callers see it.
  SimTime published(double t) const { return SimTime::from_seconds(next_tick(next_tick(t, cache_phase_, cache_), fetch_phase_, fetch_)); }

  double renewal_, lease_, eviction_, cache_, fetch_;  // s
  double eviction_phase_, cache_phase_, fetch_phase_;  // s
};

}  // namespace

ModelEntry eureka_model() {
  using Kind = ParamSpec::Kind;
  return {"eureka",
          "client heartbeats, server leases, response cache and registry fetches (Netflix Eureka's defaults)",
          {{"renewal", Kind::DURATION, 0, 0, 30, "interval of the instance's lease renewals (heartbeats)"},
           {"lease", Kind::DURATION, 0, 0, 90, "how long a lease lasts without renewal"},
           {"lease_doubling", Kind::BOOLEAN, 0, 1, 1, "a lease expires only after twice `lease` (Eureka's known bug)"},
           {"eviction", Kind::DURATION, 0, 0, 60, "interval of the server's eviction sweep"},
           {"response_cache", Kind::DELAY, 0, 0, 30, "refresh interval of the server's response cache; 0s: no cache"},
           {"fetch", Kind::DURATION, 0, 0, 30, "interval of the clients' registry fetch"}},
          [](const Params& p, const ServiceDraws& u) { return std::make_unique<Eureka>(p, u); }};
}

}  // namespace msim::discovery
