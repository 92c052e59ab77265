// Simulation: failure injection (scheduled, random, chaos monkey), instance liveness, and the
// discovery view that lags it. Every fault and recovery is a row of events.csv.
#include <algorithm>

#include <boost/random/uniform_int_distribution.hpp>
#include <fmt/format.h>

#include "model/Simulation.hpp"

namespace msim::model {

using scenario::FailureSpec;
using metrics::FailureCause;

namespace {

std::uint64_t pack(std::uint32_t high, std::uint32_t low) { return (std::uint64_t{high} << 32) | low; }
std::uint32_t high_of(std::uint64_t v) { return static_cast<std::uint32_t>(v >> 32); }
std::uint32_t low_of(std::uint64_t v) { return static_cast<std::uint32_t>(v & 0xFFFFFFFFu); }

}  // namespace

std::string Simulation::instance_name(std::uint32_t i) const {
  return fmt::format("{}-{}", services_[instances_[i].service].name, instances_[i].index);
}

void Simulation::log_event(std::string_view kind, std::string_view id, std::string_view service, std::string_view target,
                           std::string_view before, std::string_view after, std::string_view reason) {
  for (auto* r : options_.recorders) r->event(sim_.now().seconds(), id, kind, service, target, before, after, reason);
}

void Simulation::schedule_failures() {
  const auto& failures = spec_.failures;
  crashed_by_failure_.resize(failures.size());
  for (std::size_t f = 0; f < failures.size(); ++f) {
    chaos_rngs_.emplace_back(spec_.seed, options_.replication, fmt::format("failures/{}", f));
    chaos_kills_.push_back(0);
  }
  for (std::size_t f = 0; f < failures.size(); ++f) {
    const FailureSpec& spec = failures[f];
    const auto index = static_cast<std::uint64_t>(f);
    if (spec.kind == FailureSpec::Kind::RANDOM) {
      if (spec.random_nodes) {
        for (std::uint32_t n = 0; n < placement_.nodes().size(); ++n) {
          const Node& node = placement_.nodes()[n];
          if (node.name.rfind(spec.pool + "-", 0) != 0) continue;
          RandomTarget t{f, node.name, {}, true, core::RandomStream(spec_.seed, options_.replication, fmt::format("failures/{}/{}", f, node.name))};
          for (std::uint32_t i = 0; i < instances_.size(); ++i)
            if (instances_[i].node == n) t.instances.push_back(i);
          random_targets_.push_back(std::move(t));
        }
      } else {
        const auto s = static_cast<std::size_t>(std::find_if(services_.begin(), services_.end(), [&](const Service& x) { return x.name == spec.service; }) - services_.begin());
        for (const std::uint32_t i : services_[s].instances) {
          if (!instances_[i].placed) continue;
          const std::string name = instance_name(i);
          random_targets_.push_back({f, name, {i}, false, core::RandomStream(spec_.seed, options_.replication, fmt::format("failures/{}/{}", f, name))});
        }
      }
      continue;
    }
    if (spec.kind == FailureSpec::Kind::CHAOS_MONKEY) {
      sim_.schedule_at<&Simulation::on_chaos_kill>(core::SimTime::from_seconds(std::max(0.0, spec.interval.sample(chaos_rngs_[f]))), this, index);
      continue;
    }
    if (spec.at <= spec_.duration) sim_.schedule_at<&Simulation::on_fault_start>(spec.at, this, index);
  }
  for (std::uint32_t t = 0; t < random_targets_.size(); ++t) {
    auto& target = random_targets_[t];
    const double ttf = std::max(0.0, spec_.failures[target.failure].time_to_failure.sample(target.rng));
    sim_.schedule_at<&Simulation::on_random_failure>(core::SimTime::from_seconds(ttf), this, t);
  }
}

void Simulation::on_fault_start(std::uint64_t index) {
  const FailureSpec& f = spec_.failures[index];
  const std::string id = fmt::format("f{}", index);
  auto service_index = [&](const std::string& name) {
    return static_cast<std::uint32_t>(std::find_if(services_.begin(), services_.end(), [&](const Service& s) { return s.name == name; }) - services_.begin());
  };
  auto zone_index = [&](const std::string& name) {
    const auto& zones = placement_.zones();
    return static_cast<std::uint32_t>(std::find(zones.begin(), zones.end(), name) - zones.begin());
  };
  switch (f.kind) {
    case FailureSpec::Kind::CRASH: {
      auto& crashed = crashed_by_failure_[index];
      if (!f.service.empty()) {
        // N of the service's running instances, chosen at random.
        std::vector<std::uint32_t> candidates;
        for (const std::uint32_t i : services_[service_index(f.service)].instances)
          if (instances_[i].up) candidates.push_back(i);
        for (int k = 0; k < f.instances && !candidates.empty(); ++k) {
          const auto pick = boost::random::uniform_int_distribution<std::size_t>(0, candidates.size() - 1)(chaos_rngs_[index].engine());
          crashed.push_back(candidates[pick]);
          candidates.erase(candidates.begin() + static_cast<std::ptrdiff_t>(pick));
        }
        for (const std::uint32_t i : crashed) take_down(i, f.unreachable, id, f.unreachable ? "instance hang" : "instance crash");
      } else {
        const bool zone = !f.zone.empty();
        for (std::uint32_t i = 0; i < instances_.size(); ++i) {
          const Instance& inst = instances_[i];
          if (!inst.placed) continue;
          const Node& node = placement_.nodes()[inst.node];
          if (zone ? placement_.zones()[node.zone] == f.zone : node.name == f.node) crashed.push_back(i);
        }
        const std::string reason = zone ? fmt::format("zone {} down", f.zone) : fmt::format("node {} down", f.node);
        for (const std::uint32_t i : crashed) take_down(i, true, id, reason);
      }
      break;
    }
    case FailureSpec::Kind::SLOWDOWN: {
      Service& svc = services_[service_index(f.service)];
      const double before = svc.slowdown;
      svc.slowdown *= f.factor;
      log_event("slowdown", id, svc.name, "", fmt::format("{:g}", before), fmt::format("{:g}", svc.slowdown), fmt::format("x{:g}", f.factor));
      break;
    }
    case FailureSpec::Kind::ERRORS: {
      Service& svc = services_[service_index(f.service)];
      const double before = svc.error_rate;
      svc.error_rate = 1 - (1 - svc.error_rate) * (1 - f.error_rate);
      log_event("errors", id, svc.name, "", fmt::format("{:g}", before), fmt::format("{:g}", svc.error_rate), "injected error rate");
      break;
    }
    case FailureSpec::Kind::LATENCY:
    case FailureSpec::Kind::PARTITION: {
      const bool zones = std::find(placement_.zones().begin(), placement_.zones().end(), f.from) != placement_.zones().end() &&
                         std::find(placement_.zones().begin(), placement_.zones().end(), f.to) != placement_.zones().end();
      const auto a = zones ? zone_index(f.from) : service_index(f.from);
      const auto b = zones ? zone_index(f.to) : service_index(f.to);
      const bool partition = f.kind == FailureSpec::Kind::PARTITION;
      network_faults_.push_back({index, zones, a, b, f.added_latency, partition});
      log_event(partition ? "partition" : "latency", id, f.from, f.to, "", partition ? "" : fmt::format("{:g}", f.added_latency.milliseconds()),
                partition ? "no connection between them" : "ms added to each hop");
      break;
    }
    case FailureSpec::Kind::RANDOM:
    case FailureSpec::Kind::CHAOS_MONKEY:
      break;
  }
  ++fault_counts_[f.kind == FailureSpec::Kind::CRASH ? "crash" : f.kind == FailureSpec::Kind::SLOWDOWN ? "slowdown"
                  : f.kind == FailureSpec::Kind::ERRORS ? "errors" : f.kind == FailureSpec::Kind::LATENCY ? "latency" : "partition"];
  if (f.duration && f.at + *f.duration <= spec_.duration) sim_.schedule_at<&Simulation::on_fault_end>(f.at + *f.duration, this, index);
}

void Simulation::on_fault_end(std::uint64_t index) {
  const FailureSpec& f = spec_.failures[index];
  const std::string id = fmt::format("f{}", index);
  auto service_of = [&](const std::string& name) -> Service& {
    return *std::find_if(services_.begin(), services_.end(), [&](const Service& s) { return s.name == name; });
  };
  switch (f.kind) {
    case FailureSpec::Kind::CRASH:
      for (const std::uint32_t i : crashed_by_failure_[index]) bring_up(i, id, "restored");
      crashed_by_failure_[index].clear();
      break;
    case FailureSpec::Kind::SLOWDOWN: {
      Service& svc = service_of(f.service);
      const double before = svc.slowdown;
      svc.slowdown /= f.factor;
      log_event("slowdown_end", id, svc.name, "", fmt::format("{:g}", before), fmt::format("{:g}", svc.slowdown), "restored");
      break;
    }
    case FailureSpec::Kind::ERRORS: {
      Service& svc = service_of(f.service);
      const double before = svc.error_rate;
      svc.error_rate = f.error_rate >= 1 ? 0.0 : 1 - (1 - svc.error_rate) / (1 - f.error_rate);
      if (svc.error_rate < 1e-12) svc.error_rate = 0;
      log_event("errors_end", id, svc.name, "", fmt::format("{:g}", before), fmt::format("{:g}", svc.error_rate), "restored");
      break;
    }
    case FailureSpec::Kind::LATENCY:
    case FailureSpec::Kind::PARTITION: {
      std::erase_if(network_faults_, [&](const NetworkFault& n) { return n.failure == index; });
      const bool partition = f.kind == FailureSpec::Kind::PARTITION;
      log_event(partition ? "partition_end" : "latency_end", id, f.from, f.to, "", "", "restored");
      break;
    }
    case FailureSpec::Kind::RANDOM:
    case FailureSpec::Kind::CHAOS_MONKEY:
      break;
  }
}

void Simulation::on_random_failure(std::uint64_t t) {
  RandomTarget& target = random_targets_[t];
  const FailureSpec& f = spec_.failures[target.failure];
  const std::string id = fmt::format("r{}.{}.{}", target.failure, target.name, target.outages);
  for (const std::uint32_t i : target.instances) take_down(i, target.unreachable, id, target.unreachable ? "random node failure" : "random instance failure");
  ++fault_counts_["random"];
  const double ttr = std::max(0.0, f.time_to_repair.sample(target.rng));
  sim_.schedule_in<&Simulation::on_random_repair>(core::SimTime::from_seconds(ttr), this, t);
}

void Simulation::on_random_repair(std::uint64_t t) {
  RandomTarget& target = random_targets_[t];
  const FailureSpec& f = spec_.failures[target.failure];
  const std::string id = fmt::format("r{}.{}.{}", target.failure, target.name, target.outages++);
  for (const std::uint32_t i : target.instances) bring_up(i, id, "repaired");
  const double ttf = std::max(0.0, f.time_to_failure.sample(target.rng));
  sim_.schedule_in<&Simulation::on_random_failure>(core::SimTime::from_seconds(ttf), this, t);
}

void Simulation::on_chaos_kill(std::uint64_t index) {
  const FailureSpec& f = spec_.failures[index];
  auto& rng = chaos_rngs_[index];
  std::vector<std::uint32_t> candidates;
  for (std::uint32_t i = 0; i < instances_.size(); ++i) {
    const auto& name = services_[instances_[i].service].name;
    if (instances_[i].up && (f.services.empty() || std::find(f.services.begin(), f.services.end(), name) != f.services.end()))
      candidates.push_back(i);
  }
  if (!candidates.empty()) {
    const std::uint32_t victim = candidates[boost::random::uniform_int_distribution<std::size_t>(0, candidates.size() - 1)(rng.engine())];
    const std::uint32_t kill = chaos_kills_[index]++;
    take_down(victim, false, fmt::format("c{}.{}", index, kill), "chaos monkey");
    ++fault_counts_["chaos_monkey"];
    const double restart = std::max(0.0, f.time_to_repair.sample(rng));
    sim_.schedule_in<&Simulation::on_chaos_restore>(core::SimTime::from_seconds(restart), this, pack(static_cast<std::uint32_t>(index), victim));
    chaos_restore_ids_[pack(static_cast<std::uint32_t>(index), victim)] = fmt::format("c{}.{}", index, kill);
  }
  sim_.schedule_in<&Simulation::on_chaos_kill>(core::SimTime::from_seconds(std::max(1e-3, f.interval.sample(rng))), this, index);
}

void Simulation::on_chaos_restore(std::uint64_t packed) {
  const auto it = chaos_restore_ids_.find(packed);
  bring_up(low_of(packed), it->second, "restarted");
  chaos_restore_ids_.erase(it);
}

void Simulation::take_down(std::uint32_t i, bool unreachable, const std::string& id, const std::string& reason) {
  Instance& inst = instances_[i];
  if (!inst.placed || inst.gone || inst.starting) return;
  inst.unreachable = inst.unreachable || unreachable;
  if (inst.down_causes++ > 0) return;  // already down for another reason
  inst.up = false;
  Service& svc = services_[inst.service];
  const auto now = sim_.now();
  count_running(svc, -1);
  svc.stats.crashed.add(now, 1);
  log_event("crash", id, svc.name, instance_name(i), "up", "down", reason);
  ++fault_counts_["instances_down"];
  kill_active_calls(i);
  const auto when = svc.discovery.removal_time(now, inst.discovery, inst.unreachable);
  sim_.schedule_at<&Simulation::on_view_remove>(when, this, pack(i, ++inst.view_version));
}

void Simulation::bring_up(std::uint32_t i, const std::string& id, const std::string& reason) {
  Instance& inst = instances_[i];
  if (!inst.placed || inst.gone || inst.down_causes == 0 || --inst.down_causes > 0) return;
  inst.up = true;
  inst.unreachable = false;
  Service& svc = services_[inst.service];
  const auto now = sim_.now();
  count_running(svc, +1);
  svc.stats.crashed.add(now, -1);
  log_event("recover", id, svc.name, instance_name(i), "down", "up", reason);
  const auto when = svc.discovery.addition_time(now, inst.discovery);
  sim_.schedule_at<&Simulation::on_view_add>(when, this, pack(i, ++inst.view_version));
}

void Simulation::count_running(Service& svc, int delta) {
  svc.up_count += delta;
  svc.stats.replicas.set(sim_.now(), svc.up_count);
  svc.stats.replicas_min = std::min(svc.stats.replicas_min, svc.up_count);
  svc.stats.replicas_max = std::max(svc.stats.replicas_max, svc.up_count);
}

void Simulation::kill_active_calls(std::uint32_t i) {
  Instance& inst = instances_[i];
  Service& svc = services_[inst.service];
  const auto now = sim_.now();
  for (std::uint32_t c = inst.first_active; c != NONE;) {
    Call& call = calls_[c];
    const std::uint32_t next = call.next_active;
    call.active = false;
    call.killed = true;
    call.holds_worker = false;
    sim_.cancel(call.work_done);
    fail_call(call, FailureCause::ERROR);
    change_in_flight(i, -1);
    // A dead process resets its connections (the caller learns it one hop later); a dead node
    // answers nothing, and the caller gives up after its connect timeout.
    const auto delay = inst.unreachable ? spec_.network.connect_timeout
                                        : (call.caller_zone == NONE ? core::SimTime::zero() : hop_delay(call, inst.zone));
    sim_.schedule_in<&Simulation::on_response>(delay, this, c);
    c = next;
  }
  inst.first_active = NONE;
  change_queue(i, -static_cast<int>(inst.waiting.size()));
  inst.waiting = RingQueue<std::uint32_t>{};
  inst.busy_workers = 0;
  set_working(inst, svc, 0);
  sim_.cancel(inst.ps.next_departure);
  inst.ps.jobs.clear();
  inst.ps.virtual_time = 0;
  inst.ps.last_update = now;
}

void Simulation::on_view_remove(std::uint64_t packed) {
  const std::uint32_t i = high_of(packed);
  Instance& inst = instances_[i];
  if (inst.view_version != low_of(packed)) return;  // it changed again since
  Service& svc = services_[inst.service];
  const auto it = std::find(svc.visible.begin(), svc.visible.end(), i);
  if (it == svc.visible.end()) return;
  svc.visible.erase(it);
  ++svc.visible_version;
  inst.ready_since = core::SimTime::max();
  inst.ready_changed = sim_.now();
  if (inst.draining) {  // a deleted instance: gone once its last call is answered
    if (inst.first_active == NONE) terminate(i);
    else inst.terminate_when_idle = true;
    return;
  }
  log_event("endpoint_removed", "", svc.name, instance_name(i), "", "", "discovery noticed it is down");
}

void Simulation::on_view_add(std::uint64_t packed) {
  const std::uint32_t i = high_of(packed);
  Instance& inst = instances_[i];
  if (inst.view_version != low_of(packed)) return;
  Service& svc = services_[inst.service];
  if (std::find(svc.visible.begin(), svc.visible.end(), i) != svc.visible.end()) return;
  if (inst.draining || inst.gone) return;
  inst.ready_since = sim_.now();
  inst.ready_changed = sim_.now();
  if (svc.rollout && svc.rollout->spec->strategy == scenario::RolloutSpec::Strategy::BLUE_GREEN && !svc.rollout->switched &&
      svc.rollout->phase == RolloutState::Phase::ROLLING && inst.version == svc.rollout->target) {
    inst.held = true;  // green: ready, but the Service still selects blue
    return;
  }
  svc.visible.push_back(i);
  ++svc.visible_version;
  log_event("endpoint_added", "", svc.name, instance_name(i), "", "", "discovery noticed it is up");
}

bool Simulation::partitioned(const Call& call, std::uint32_t callee_zone) const {
  for (const auto& n : network_faults_) {
    if (!n.partition) continue;
    const std::uint32_t x = n.zones ? call.caller_zone : call.caller_service;
    const std::uint32_t y = n.zones ? callee_zone : call.service;
    if ((x == n.a && y == n.b) || (x == n.b && y == n.a)) return true;
  }
  return false;
}

core::SimTime Simulation::injected_latency(const Call& call, std::uint32_t callee_zone) const {
  core::SimTime added;
  for (const auto& n : network_faults_) {
    if (n.partition) continue;
    const std::uint32_t x = n.zones ? call.caller_zone : call.caller_service;
    const std::uint32_t y = n.zones ? callee_zone : call.service;
    if ((x == n.a && y == n.b) || (x == n.b && y == n.a)) added += n.added;
  }
  return added;
}

}  // namespace msim::model
