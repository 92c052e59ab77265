// Routing: balancer choice and network hops (see Routing.hpp).
#include "model/Routing.hpp"

#include <string>

namespace msim::model {

Routing::Routing(const scenario::ScenarioSpec& spec, std::uint64_t replication, const core::Simulator& sim, const std::vector<Service>& services,
                 const std::vector<Instance>& instances, const FaultInjector& faults)
    : spec_(spec), replication_(replication), sim_(sim), services_(services), instances_(instances), faults_(faults) {
  for (const auto& s : spec.services) {
    routes_.push_back({s.balancer.proxy, {}});
    network_rngs_.emplace_back(spec.seed, replication, "network/" + s.name);
  }
}

Balancer& Routing::add_balancer(std::uint32_t service, std::uint32_t key) {
  const Service& svc = services_[service];
  const std::string path = key == NONE ? "services/" + svc.name + "/balancer" : "services/" + svc.name + "/balancer/" + services_[key].name;
  auto& balancers = routes_[service].balancers;
  balancers.emplace_back(key, std::make_unique<Balancer>(svc.view.balancer, core::RandomStream(spec_.seed, replication_, path)));
  return *balancers.back().second;
}

std::uint32_t Routing::choose(Call& call) {
  const Service& svc = services_[call.service];
  Balancer& b = balancer_for(call.service, call.caller.service);
  const std::uint32_t avoid = call.edge.upstream_tries > 1 ? call.instance : NONE;  // next upstream: another one
  auto local = [this](std::uint32_t id) { return instances_[id].index; };
  auto usable = [this, avoid](std::uint32_t id) { return id != avoid && !instances_[id].outlier.ejected; };
  const std::uint32_t pick = b.pick(svc.view.visible, svc.view.visible_version, call.request_id, sim_.now(), local, usable,
                                    avoid != NONE || svc.resilience.ejected_count > 0);
  if (pick != NONE) {
    b.on_sent(instances_[pick].index);
    call.edge.balanced = true;
  }
  return pick;
}

void Routing::answered(const Call& call) {
  balancer_for(call.service, call.caller.service).on_done(instances_[call.instance].index, sim_.now(), sim_.now() - call.sent_at);
}

void Routing::connection_failed(const Call& call) {
  balancer_for(call.service, call.caller.service).on_connection_failed(instances_[call.instance].index, sim_.now());
}

}  // namespace msim::model
