#pragma once
/** @file
 *  @brief Where a call goes and how long its hops take: one balancer per calling service
 *         (sidecars) or one shared (a proxy, or traffic from outside), and the network between
 *         zones with the latency that faults add.
 */
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "core/RandomStream.hpp"
#include "core/Simulator.hpp"
#include "model/Balancer.hpp"
#include "model/FaultInjector.hpp"
#include "model/Runtime.hpp"
#include "scenario/ScenarioSpec.hpp"

namespace msim::model {

class Routing {
public:
  /** `services`: their views (visible instances) are read at each choice. */
  Routing(const scenario::ScenarioSpec& spec, std::uint64_t replication, const core::Simulator& sim, const std::vector<Service>& services,
          const std::vector<Instance>& instances, const FaultInjector& faults);
  Routing(const Routing&) = delete;
  Routing& operator=(const Routing&) = delete;

  /** The instance the call's balancer picks (another one on a next-upstream try), or NONE if no
   *  usable instance is in view. A pick counts as outstanding until done(). */
  std::uint32_t choose(Call& call);
  /** The call got its answer, failed to connect, or was given up: its balancer learns it. */
  void done(Call& call) {
    if (!call.edge.balanced) return;
    call.edge.balanced = false;
    answered(call);
  }
  /** The call's instance refused or never answered the connection (passive health marks). */
  void connection_failed(const Call& call);

  /** One network hop of the call, to or from an instance in `callee_zone`. */
  core::SimTime hop_delay(const Call& call, std::uint32_t callee_zone) {
    core::SimTime delay;
    if (spec_.network.latency) delay = core::SimTime::from_seconds(std::max(0.0, spec_.network.latency->sample(network_rngs_[call.service])));
    if (call.caller.zone != callee_zone) delay += spec_.network.cross_zone;
    if (faults_.network_faults()) delay += faults_.injected_latency(call, callee_zone);
    return delay;
  }

private:
  Balancer& balancer_for(std::uint32_t service, std::uint32_t caller_service) {
    Routes& routes = routes_[service];
    const std::uint32_t key = routes.shared ? NONE : caller_service;
    for (auto& [who, b] : routes.balancers)
      if (who == key) return *b;
    return add_balancer(service, key);
  }
  Balancer& add_balancer(std::uint32_t service, std::uint32_t key);
  void answered(const Call& call);

  struct Routes {
    bool shared = false;  // one balancer for every caller (a proxy); otherwise one per calling service
    std::vector<std::pair<std::uint32_t, std::unique_ptr<Balancer>>> balancers;  // by calling service (NONE: shared)
  };

  const scenario::ScenarioSpec& spec_;
  std::uint64_t replication_;
  const core::Simulator& sim_;
  const std::vector<Service>& services_;
  const std::vector<Instance>& instances_;
  const FaultInjector& faults_;
  std::vector<Routes> routes_;  // per service
  std::vector<core::RandomStream> network_rngs_;  // per service, "network/<s>": hops to and from it
};

}  // namespace msim::model
