// Simulation: the replica lifecycle (pending -> starting -> running -> ready -> draining -> gone),
// the metrics pipeline that autoscalers read (a scrape every resolution period), and the
// autoscalers' decisions, each a `scale` row of events.csv.
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "model/Simulation.hpp"

namespace msim::model {

// ---- Cluster autoscaler ----------------------------------------------------------------------
// Like Kubernetes' cluster-autoscaler: every 10 s, pools with autoscaling get enough new nodes for
// the pending instances (ready after the pool's provisioning delay), and nodes that stayed
// underused for the scale-down delay are drained and removed (scale_down_nodes), between the
// pool's min and max.

void Simulation::on_cluster_autoscale(std::uint64_t) {
  const auto now = sim_.now();
  const auto& pools = placement_.pools();
  provisioning_.resize(pools.size(), 0);
  // Scale up: first-fit the pending instances onto fresh nodes of each pool in turn.
  std::vector<std::pair<double, double>> waiting;  // (cpu, memory) of pending instances
  for (const std::uint32_t i : pending_)
    if (!instances_[i].gone) waiting.emplace_back(services_[instances_[i].service].cpu_request, services_[instances_[i].service].memory_request);
  for (std::uint32_t p = 0; p < pools.size() && !waiting.empty(); ++p) {
    const auto& pool = pools[p];
    if (!pool.autoscaled) continue;
    std::vector<std::pair<double, double>> fresh;  // free room on each imagined new node
    std::vector<std::pair<double, double>> left;
    for (const auto& [cpu, memory] : waiting) {
      if (cpu > pool.cpu || memory > pool.memory) {
        left.emplace_back(cpu, memory);  // never fits this pool
        continue;
      }
      bool placed = false;
      for (auto& room : fresh)
        if (room.first >= cpu && room.second >= memory) {
          room.first -= cpu;
          room.second -= memory;
          placed = true;
          break;
        }
      if (!placed) fresh.emplace_back(pool.cpu - cpu, pool.memory - memory);
    }
    const int room = pool.max_nodes - placement_.node_count(p) - provisioning_[p];
    const int wanted = std::min(room, static_cast<int>(fresh.size()) - provisioning_[p]);
    for (int k = 0; k < wanted; ++k) {
      ++provisioning_[p];
      log_event("node_requested", "", "", pool.name, "", "", fmt::format("{} pending instance(s)", waiting.size()));
      sim_.schedule_in<&Simulation::on_node_ready>(pool.provisioning, this, p);
    }
    waiting = std::move(left);
  }
  scale_down_nodes();
  if (now + core::SimTime::from_seconds(10) <= spec_.duration)
    sim_.schedule_in<&Simulation::on_cluster_autoscale>(core::SimTime::from_seconds(10), this, 0);
}

// Scale down, as cluster-autoscaler does it: a node whose requests are below the pool's
// utilization threshold (default 50 %) and whose instances would all fit on other nodes is
// unneeded; unneeded for the pool's delay (default 10 min), it is drained, one node per round,
// if every instance's PodDisruptionBudget allows the eviction, and removed once empty.
void Simulation::scale_down_nodes() {
  const auto now = sim_.now();
  const auto& pools = placement_.pools();
  bool drained_one = false;
  std::vector<std::vector<std::uint32_t>> by_node;  // instances per node, built when first needed
  for (std::uint32_t n = 0; n < placement_.nodes().size(); ++n) {
    Node& node = placement_.node(n);
    if (node.removed || node.pool >= pools.size() || !pools[node.pool].autoscaled) continue;
    const auto& pool = pools[node.pool];
    if (node.cordoned) {
      if (node.cpu_requested <= 1e-9 && node.memory_requested <= 1e-3) {
        placement_.remove_node(n);
        node.removed_at = now.seconds();
        log_event("node_removed", "", "", node.name, "", "", "drained");
      }
      continue;
    }
    const bool underused = node.cpu_requested < pool.scale_down_utilization * node.cpu - 1e-9;
    if (underused && by_node.empty()) {
      by_node.resize(placement_.nodes().size());
      for (std::uint32_t i = 0; i < instances_.size(); ++i)
        if (instances_[i].placed && !instances_[i].gone && instances_[i].node < by_node.size()) by_node[instances_[i].node].push_back(i);
    }
    const std::vector<std::uint32_t> residents = underused ? by_node[n] : std::vector<std::uint32_t>{};
    if (!underused || (!residents.empty() && !fits_elsewhere(n, residents))) {
      node.empty_since = -1;
      continue;
    }
    if (node.empty_since < 0) node.empty_since = now.seconds();
    if (now.seconds() - node.empty_since < pool.scale_down_delay.seconds() || placement_.node_count(node.pool) <= pool.min_nodes) continue;
    if (residents.empty()) {
      placement_.remove_node(n);
      node.removed_at = now.seconds();
      log_event("node_removed", "", "", node.name, "", "", "empty for the scale-down delay");
      continue;
    }
    if (drained_one) continue;
    // Every eviction must be allowed by its service's disruption budget.
    std::map<std::uint32_t, int> evictions;
    for (const auto i : residents) ++evictions[instances_[i].service];
    std::string blocked;
    for (const auto& [s, count] : evictions)
      if (disruptions_allowed(s) < count)
        blocked = fmt::format("PodDisruptionBudget of {} allows {} disruption(s), the drain needs {}", services_[s].name, disruptions_allowed(s), count);
    if (!blocked.empty()) {
      log_event("node_drain_blocked", "", "", node.name, "", "", blocked);
      continue;
    }
    node.cordoned = true;
    drained_one = true;
    log_event("node_drain", "", "", node.name, "", "",
              fmt::format("{:.0f} % of its CPU requested for {:g} s: moving {} instance(s)", 100 * node.cpu_requested / node.cpu,
                          now.seconds() - node.empty_since, residents.size()));
    for (const auto i : residents) {
      add_instance(instances_[i].service);  // the ReplicaSet replaces the evicted pod elsewhere
      drain(i, "evicted: its node is being removed");
    }
  }
}

// Would these instances fit on the pool's other nodes as they are now? (First fit, as the
// cluster autoscaler's simulation of the scheduler does it in spirit.)
bool Simulation::fits_elsewhere(std::uint32_t node, const std::vector<std::uint32_t>& instances) const {
  std::vector<std::pair<double, double>> room;
  for (std::uint32_t n = 0; n < placement_.nodes().size(); ++n) {
    const Node& other = placement_.nodes()[n];
    if (n == node || other.removed || other.cordoned) continue;
    room.emplace_back(other.cpu - other.cpu_requested, other.memory - other.memory_requested);
  }
  for (const auto i : instances) {
    const Service& svc = services_[instances_[i].service];
    bool placed = false;
    for (auto& [cpu, memory] : room)
      if (cpu + 1e-9 >= svc.cpu_request && memory + 1e-3 >= svc.memory_request) {
        cpu -= svc.cpu_request;
        memory -= svc.memory_request;
        placed = true;
        break;
      }
    if (!placed) return false;
  }
  return true;
}

void Simulation::on_node_ready(std::uint64_t p) {
  --provisioning_[p];
  const std::uint32_t n = placement_.add_node(static_cast<std::uint32_t>(p));
  placement_.node(n).added_at = sim_.now().seconds();
  log_event("node_added", "", "", placement_.nodes()[n].name, "", "", "provisioned");
  place_pending();
}

void Simulation::setup_autoscalers() {
  setup_rollouts();
  for (const auto& pool : placement_.pools())
    if (pool.autoscaled) {
      sim_.schedule_at<&Simulation::on_cluster_autoscale>(core::SimTime::from_seconds(10), this, 0);
      break;
    }
  for (std::uint32_t s = 0; s < services_.size(); ++s) {
    const auto& ss = spec_.services[s];
    Service& svc = services_[s];
    svc.memory_request = ss.memory_request;
    svc.startup = &ss.startup;
    svc.termination_grace = ss.termination_grace;
    svc.startup_rng = core::RandomStream(spec_.seed, options_.replication, "services/" + ss.name + "/startup");
    for (const std::uint32_t i : svc.instances) {
      instances_[i].created_at = core::SimTime::zero();
      instances_[i].started_at = core::SimTime::zero();
    }
    if (!ss.autoscaler) continue;
    svc.autoscaler_spec = &*ss.autoscaler;
    svc.autoscaler = make_autoscaler(*ss.autoscaler);
    if (!svc.autoscaler) continue;
    sim_.schedule_at<&Simulation::on_scrape>(ss.autoscaler->metrics_resolution, this, s);
    sim_.schedule_at<&Simulation::on_autoscale>(svc.autoscaler->period(), this, s);
  }
}

void Simulation::on_scrape(std::uint64_t s) {
  Service& svc = services_[s];
  const auto now = sim_.now();
  for (const std::uint32_t i : svc.instances) {
    Instance& inst = instances_[i];
    InstanceMetrics& m = inst.load;
    if (inst.gone) continue;
    const double cpu = m.cpu.window_area(now), in_flight = m.in_flight.window_area(now), queue = m.queue.window_area(now);
    const double dt = (now - m.scraped_at).seconds();
    // metrics-server reports a pod only once it has run for a whole window.
    m.has_sample = inst.up && !inst.starting && m.scraped_at >= inst.started_at && dt > 0;
    if (m.has_sample) {
      m.cpu_cores = (cpu - m.cpu_area) / dt;
      m.in_flight_mean = (in_flight - m.in_flight_area) / dt;
      m.queue_mean = (queue - m.queue_area) / dt;
      m.rps = static_cast<double>(m.completions - m.completions_at) / dt;
      m.sample_at = now;
    }
    m.cpu_area = cpu;
    m.in_flight_area = in_flight;
    m.queue_area = queue;
    m.completions_at = m.completions;
    m.scraped_at = now;
  }
  if (now + svc.autoscaler_spec->metrics_resolution <= spec_.duration)
    sim_.schedule_in<&Simulation::on_scrape>(svc.autoscaler_spec->metrics_resolution, this, s);
}

void Simulation::on_autoscale(std::uint64_t s) {
  Service& svc = services_[s];
  const auto now = sim_.now();
  ScalingView view;
  view.now = now;
  view.current = svc.desired;
  view.workers = svc.workers;
  for (const std::uint32_t i : svc.instances) {
    const Instance& inst = instances_[i];
    if (inst.gone) continue;
    hpa::PodSample p;
    p.being_deleted = inst.draining;
    p.pending = !inst.placed || inst.starting;
    p.has_metric = inst.load.has_sample;
    p.request = svc.cpu_request;
    p.ready = inst.up && inst.ready_since <= now;
    p.start_time = inst.started_at;
    p.ready_transition = inst.ready_changed;
    p.metric_timestamp = inst.load.sample_at;
    p.metric_window = svc.autoscaler_spec->metrics_resolution;
    view.ready += p.ready && !p.being_deleted ? 1 : 0;
    p.value = inst.load.cpu_cores;
    view.pods.push_back(p);
    p.value = inst.load.rps;
    view.rps.push_back(p);
    p.value = inst.load.in_flight_mean;
    view.in_flight.push_back(p);
    p.value = inst.load.queue_mean;
    view.queue_length.push_back(p);
  }
  for (const auto& m : svc.autoscaler_spec->metrics)
    if (m.kind == scenario::ScalingMetric::Kind::LATENCY && svc.window_latency.count() > 0) {
      view.latency = svc.window_latency.quantile(m.quantile) * 1e-9;
      view.latency_valid = true;
    }
  svc.window_latency.reset();
  const ScalingDecision decision = svc.autoscaler->decide(view);
  const int before = svc.desired;
  if (decision.replicas != before) {
    scale_to(static_cast<std::uint32_t>(s), decision.replicas);
    ++svc.stats.scaling_actions;
    ++fault_counts_["scaling_actions"];
  }
  log_event("scale", "", svc.name, svc.autoscaler->name(), fmt::format("{}", before), fmt::format("{}", svc.desired), decision.reason);
  if (now + svc.autoscaler->period() <= spec_.duration) sim_.schedule_in<&Simulation::on_autoscale>(svc.autoscaler->period(), this, s);
}

void Simulation::scale_to(std::uint32_t s, int replicas) {
  Service& svc = services_[s];
  const int current = svc.desired;
  svc.desired = replicas;
  if (replicas > current) {
    for (int k = current; k < replicas; ++k) add_instance(s);
    return;
  }
  // The ReplicaSet controller's order: unscheduled, then not started, then not ready, then the
  // most recently ready (the newest) first.
  std::vector<std::uint32_t> candidates;
  for (const std::uint32_t i : services_[s].instances)
    if (!instances_[i].gone && !instances_[i].draining) candidates.push_back(i);
  auto rank = [this](std::uint32_t i) {
    const Instance& inst = instances_[i];
    if (!inst.placed) return 0;
    if (inst.starting) return 1;
    if (!inst.up || inst.ready_since == core::SimTime::max()) return 2;
    return 3;
  };
  std::stable_sort(candidates.begin(), candidates.end(), [&](std::uint32_t a, std::uint32_t b) {
    if (rank(a) != rank(b)) return rank(a) < rank(b);
    if (instances_[a].ready_since != instances_[b].ready_since) return instances_[a].ready_since > instances_[b].ready_since;
    return a > b;
  });
  for (int k = 0; k < current - replicas && k < static_cast<int>(candidates.size()); ++k) drain(candidates[static_cast<std::size_t>(k)]);
}

std::uint32_t Simulation::add_instance(std::uint32_t s) {
  Service& svc = services_[s];
  Instance inst;
  inst.service = s;
  inst.index = static_cast<std::uint32_t>(svc.instances.size());
  inst.created_at = sim_.now();
  inst.version = svc.new_instance_version;
  const auto id = static_cast<std::uint32_t>(instances_.size());
  instances_.push_back(std::move(inst));
  services_[s].instances.push_back(id);
  if (!try_place(id)) {
    pending_.push_back(id);
    log_event("pending", "", services_[s].name, instance_name(id), "", "", "no node has room for its requests");
  }
  return id;
}

bool Simulation::try_place(std::uint32_t i) {
  Instance& inst = instances_[i];
  Service& svc = services_[inst.service];
  const std::uint32_t node = placement_.place(inst.service, svc.cpu_request, svc.memory_request);
  if (node == NONE) return false;
  inst.node = node;
  inst.zone = placement_.nodes()[node].zone;
  inst.placed = true;
  join_node(i);
  inst.starting = true;
  inst.started_at = sim_.now();
  inst.discovery = svc.discovery.new_instance(svc.discovery_rng);
  const double startup = std::max(0.0, svc.startup->sample(svc.startup_rng));
  sim_.schedule_in<&Simulation::on_instance_started>(core::SimTime::from_seconds(startup), this, i);
  return true;
}

void Simulation::place_pending() {
  std::vector<std::uint32_t> still;
  for (const std::uint32_t i : pending_) {
    if (instances_[i].gone) continue;
    if (!try_place(i)) still.push_back(i);
  }
  pending_ = std::move(still);
}

void Simulation::on_instance_started(std::uint64_t arg) {
  const auto i = static_cast<std::uint32_t>(arg);
  Instance& inst = instances_[i];
  if (inst.gone || inst.draining || !inst.starting) return;
  inst.starting = false;
  inst.up = true;
  Service& svc = services_[inst.service];
  const auto now = sim_.now();
  count_running(svc, +1);
  log_event("started", "", svc.name, instance_name(i), "starting", "running", "");
  sim_.schedule_at<&Simulation::on_view_add>(svc.discovery.addition_time(now, inst.discovery), this,
                                             (std::uint64_t{i} << 32) | ++inst.view_version);
}

void Simulation::drain(std::uint32_t i, std::string_view reason) {
  Instance& inst = instances_[i];
  Service& svc = services_[inst.service];
  inst.draining = true;
  log_event("draining", "", svc.name, instance_name(i), "", "", reason);
  if (!inst.placed || inst.starting) {  // it never took traffic
    std::erase(pending_, i);
    terminate(i);
    return;
  }
  if (std::find(svc.visible.begin(), svc.visible.end(), i) != svc.visible.end()) {
    sim_.schedule_at<&Simulation::on_view_remove>(svc.discovery.deregistration_time(sim_.now()), this,
                                                  (std::uint64_t{i} << 32) | ++inst.view_version);
  } else if (inst.first_active == NONE) {
    terminate(i);
    return;
  } else {
    inst.terminate_when_idle = true;
  }
  sim_.schedule_in<&Simulation::on_grace_expired>(svc.termination_grace, this, i);
}

void Simulation::on_grace_expired(std::uint64_t arg) {
  const auto i = static_cast<std::uint32_t>(arg);
  if (instances_[i].gone) return;
  kill_active_calls(i);  // SIGKILL after terminationGracePeriodSeconds
  terminate(i);
}

void Simulation::on_terminate(std::uint64_t arg) {
  const auto i = static_cast<std::uint32_t>(arg);
  if (!instances_[i].gone && instances_[i].first_active == NONE) terminate(i);
}

void Simulation::terminate(std::uint32_t i) {
  Instance& inst = instances_[i];
  if (inst.gone) return;
  inst.gone = true;
  inst.terminate_when_idle = false;
  Service& svc = services_[inst.service];
  const auto now = sim_.now();
  if (inst.up) {
    inst.up = false;
    count_running(svc, -1);
  } else if (inst.down_causes > 0) {
    svc.stats.crashed.add(now, -1);
  }
  if (const auto it = std::find(svc.visible.begin(), svc.visible.end(), i); it != svc.visible.end()) {
    svc.visible.erase(it);
    ++svc.visible_version;
  }
  ++inst.view_version;
  log_event("terminated", "", svc.name, instance_name(i), "", "", "");
  if (inst.placed) {
    leave_node(i);
    placement_.release(inst.node, inst.service, svc.cpu_request, svc.memory_request);
    inst.placed = false;
    place_pending();
  }
}

}  // namespace msim::model
