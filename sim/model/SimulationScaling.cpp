// Simulation: the replica lifecycle (pending -> starting -> running -> ready -> draining -> gone),
// the metrics pipeline that autoscalers read (a scrape every resolution period), and the
// autoscalers' decisions, each a `scale` row of events.csv.
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "model/Simulation.hpp"

namespace msim::model {

void Simulation::setup_autoscalers() {
  setup_rollouts();
  cluster_autoscaler_.start();
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
  compute_.join_node(i);
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

void Simulation::evict(std::uint32_t i, std::string_view reason) {
  add_instance(instances_[i].service);  // the ReplicaSet replaces the evicted pod elsewhere
  drain(i, reason);
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
    compute_.leave_node(i);
    placement_.release(inst.node, inst.service, svc.cpu_request, svc.memory_request);
    inst.placed = false;
    place_pending();
  }
}

}  // namespace msim::model
