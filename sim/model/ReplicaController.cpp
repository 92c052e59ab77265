#include "model/ReplicaController.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace msim::model {

ReplicaController::ReplicaController(const scenario::ScenarioSpec& spec, std::uint64_t replication, core::Simulator& sim, Placement& placement,
                                     Compute& compute, std::vector<Service>& services, std::vector<Instance>& instances, EndpointView& view,
                                     InstanceCalls& calls, const EventLog& events, FaultCounts& counts)
    : spec_(spec), sim_(sim), placement_(placement), compute_(compute), services_(services), instances_(instances), view_(view), calls_(calls),
      events_(events), counts_(counts) {
  for (const auto& ss : spec.services)
    templates_.push_back({&ss.startup, ss.termination_grace, core::RandomStream(spec.seed, replication, "services/" + ss.name + "/startup")});
}

void ReplicaController::log(std::string_view kind, std::uint32_t i, std::string_view before, std::string_view after,
                            std::string_view reason) const {
  events_.log(kind, "", services_[instances_[i].service].name, instance_name(services_, instances_, i), before, after, reason);
}

void ReplicaController::place_initial() {
  for (std::uint32_t s = 0; s < services_.size(); ++s) {
    const auto& ss = spec_.services[s];
    Service& svc = services_[s];
    for (int r = 0; r < ss.replicas; ++r) {
      const std::uint32_t node = placement_.place(s, ss.cpu_request, ss.memory_request);
      const auto id = static_cast<std::uint32_t>(instances_.size());
      Instance inst;
      inst.service = s;
      inst.index = static_cast<std::uint32_t>(r);
      inst.placement.node = node;
      if (node != NONE) {
        inst.placement.zone = placement_.nodes()[node].zone;
        inst.placement.placed = true;
        inst.life.up = true;
        inst.view.ready_since = core::SimTime::zero();
        inst.view.discovery = svc.view.discovery.new_instance(svc.view.discovery_rng);
        ++svc.replicas.up_count;
      }
      svc.instances.push_back(id);
      instances_.push_back(std::move(inst));
      if (node == NONE) {
        pending_.push_back(id);
        log("pending", id, "", "",
            fmt::format("no node has {:g} CPU and {:g} MiB free", ss.cpu_request, ss.memory_request / (1024.0 * 1024.0)));
      } else {
        view_.show_now(id);
      }
      compute_.join_node(id);
    }
    const int ready = static_cast<int>(svc.view.visible.size());
    svc.stats.replicas.set(sim_.now(), ready);
    svc.stats.replicas_min = svc.stats.replicas_max = ready;
    svc.replicas.desired = ss.replicas;
  }
}

void ReplicaController::scale_to(std::uint32_t s, int replicas) {
  Service& svc = services_[s];
  const int current = svc.replicas.desired;
  svc.replicas.desired = replicas;
  if (replicas > current) {
    for (int k = current; k < replicas; ++k) add_instance(s);
    return;
  }
  // The ReplicaSet controller's order: unscheduled, then not started, then not ready, then the
  // most recently ready (the newest) first.
  std::vector<std::uint32_t> candidates;
  for (const std::uint32_t i : svc.instances)
    if (!instances_[i].life.gone && !instances_[i].life.draining) candidates.push_back(i);
  auto rank = [this](std::uint32_t i) {
    const Instance& inst = instances_[i];
    if (!inst.placement.placed) return 0;
    if (inst.life.starting) return 1;
    if (!inst.life.up || inst.view.ready_since == core::SimTime::max()) return 2;
    return 3;
  };
  std::stable_sort(candidates.begin(), candidates.end(), [&](std::uint32_t a, std::uint32_t b) {
    if (rank(a) != rank(b)) return rank(a) < rank(b);
    if (instances_[a].view.ready_since != instances_[b].view.ready_since) return instances_[a].view.ready_since > instances_[b].view.ready_since;
    return a > b;
  });
  for (int k = 0; k < current - replicas && k < static_cast<int>(candidates.size()); ++k) drain(candidates[static_cast<std::size_t>(k)]);
}

std::uint32_t ReplicaController::add_instance(std::uint32_t s) {
  Service& svc = services_[s];
  Instance inst;
  inst.service = s;
  inst.index = static_cast<std::uint32_t>(svc.instances.size());
  inst.created_at = sim_.now();
  inst.version = svc.versions.new_instance;
  const auto id = static_cast<std::uint32_t>(instances_.size());
  instances_.push_back(std::move(inst));
  svc.instances.push_back(id);
  if (!try_place(id)) {
    pending_.push_back(id);
    log("pending", id, "", "", "no node has room for its requests");
  }
  return id;
}

bool ReplicaController::try_place(std::uint32_t i) {
  Instance& inst = instances_[i];
  Service& svc = services_[inst.service];
  const std::uint32_t node = placement_.place(inst.service, svc.resources.cpu_request, svc.resources.memory_request);
  if (node == NONE) return false;
  inst.placement.node = node;
  inst.placement.zone = placement_.nodes()[node].zone;
  inst.placement.placed = true;
  compute_.join_node(i);
  inst.life.starting = true;
  inst.life.started_at = sim_.now();
  inst.view.discovery = svc.view.discovery.new_instance(svc.view.discovery_rng);
  PodTemplate& pod = templates_[inst.service];
  const double startup = std::max(0.0, pod.startup->sample(pod.startup_rng));
  sim_.schedule_in<&ReplicaController::on_started>(core::SimTime::from_seconds(startup), this, i);
  return true;
}

void ReplicaController::place_pending() {
  std::vector<std::uint32_t> still;
  for (const std::uint32_t i : pending_) {
    if (instances_[i].life.gone) continue;
    if (!try_place(i)) still.push_back(i);
  }
  pending_ = std::move(still);
}

void ReplicaController::on_started(std::uint64_t arg) {
  const auto i = static_cast<std::uint32_t>(arg);
  Instance& inst = instances_[i];
  if (inst.life.gone || inst.life.draining || !inst.life.starting) return;
  inst.life.starting = false;
  inst.life.up = true;
  Service& svc = services_[inst.service];
  count_running(svc, +1);
  log("started", i, "starting", "running", "");
  view_.show_at(svc.view.discovery.addition_time(sim_.now(), inst.view.discovery), i);
}

void ReplicaController::evict(std::uint32_t i, std::string_view reason) {
  add_instance(instances_[i].service);  // the ReplicaSet replaces the evicted pod elsewhere
  drain(i, reason);
}

void ReplicaController::drain(std::uint32_t i, std::string_view reason) {
  Instance& inst = instances_[i];
  Service& svc = services_[inst.service];
  inst.life.draining = true;
  log("draining", i, "", "", reason);
  if (!inst.placement.placed || inst.life.starting) {  // it never took traffic
    std::erase(pending_, i);
    terminate(i);
    return;
  }
  if (view_.contains(i)) {
    view_.hide_at(svc.view.discovery.deregistration_time(sim_.now()), i);
  } else if (inst.calls.first_active == NONE) {
    terminate(i);
    return;
  } else {
    inst.life.terminate_when_idle = true;
  }
  sim_.schedule_in<&ReplicaController::on_grace_expired>(templates_[inst.service].termination_grace, this, i);
}

void ReplicaController::left_view_draining(std::uint32_t i) {
  if (instances_[i].calls.first_active == NONE) terminate(i);
  else instances_[i].life.terminate_when_idle = true;  // gone once its last call is answered
}

void ReplicaController::on_grace_expired(std::uint64_t arg) {
  const auto i = static_cast<std::uint32_t>(arg);
  if (instances_[i].life.gone) return;
  calls_.kill_calls(i);  // SIGKILL after terminationGracePeriodSeconds
  terminate(i);
}

void ReplicaController::on_idle(std::uint64_t arg) {
  const auto i = static_cast<std::uint32_t>(arg);
  if (!instances_[i].life.gone && instances_[i].calls.first_active == NONE) terminate(i);
}

void ReplicaController::terminate(std::uint32_t i) {
  Instance& inst = instances_[i];
  if (inst.life.gone) return;
  inst.life.gone = true;
  inst.life.terminate_when_idle = false;
  Service& svc = services_[inst.service];
  if (inst.life.up) {
    inst.life.up = false;
    count_running(svc, -1);
  } else if (inst.life.down_causes > 0) {
    svc.stats.crashed.add(sim_.now(), -1);
  }
  view_.drop(i);
  log("terminated", i, "", "", "");
  if (inst.placement.placed) {
    compute_.leave_node(i);
    placement_.release(inst.placement.node, inst.service, svc.resources.cpu_request, svc.resources.memory_request);
    inst.placement.placed = false;
    place_pending();
  }
}

void ReplicaController::take_down(std::uint32_t i, bool unreachable, const std::string& id, const std::string& reason) {
  Instance& inst = instances_[i];
  if (!inst.placement.placed || inst.life.gone || inst.life.starting) return;
  inst.life.unreachable = inst.life.unreachable || unreachable;
  if (inst.life.down_causes++ > 0) return;  // already down for another reason
  inst.life.up = false;
  Service& svc = services_[inst.service];
  const auto now = sim_.now();
  count_running(svc, -1);
  svc.stats.crashed.add(now, 1);
  events_.log("crash", id, svc.name, instance_name(services_, instances_, i), "up", "down", reason);
  ++counts_["instances_down"];
  calls_.kill_calls(i);
  view_.hide_at(svc.view.discovery.removal_time(now, inst.view.discovery, inst.life.unreachable), i);
}

void ReplicaController::bring_up(std::uint32_t i, const std::string& id, const std::string& reason) {
  Instance& inst = instances_[i];
  if (!inst.placement.placed || inst.life.gone || inst.life.down_causes == 0 || --inst.life.down_causes > 0) return;
  inst.life.up = true;
  inst.life.unreachable = false;
  Service& svc = services_[inst.service];
  const auto now = sim_.now();
  count_running(svc, +1);
  svc.stats.crashed.add(now, -1);
  events_.log("recover", id, svc.name, instance_name(services_, instances_, i), "down", "up", reason);
  view_.show_at(svc.view.discovery.addition_time(now, inst.view.discovery), i);
}

void ReplicaController::count_running(Service& svc, int delta) {
  svc.replicas.up_count += delta;
  svc.stats.replicas.set(sim_.now(), svc.replicas.up_count);
  svc.stats.replicas_min = std::min(svc.stats.replicas_min, svc.replicas.up_count);
  svc.stats.replicas_max = std::max(svc.stats.replicas_max, svc.replicas.up_count);
}

}  // namespace msim::model
