// Simulation: instance liveness (taken down and brought up, by faults or restarts), the calls a
// dead instance held, and the discovery view that lags it. Faults themselves: FaultInjector.cpp.
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
  events_.log(kind, id, service, target, before, after, reason);
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
                                        : (call.caller_zone == NONE ? core::SimTime::zero() : routing_.hop_delay(call, inst.zone));
    sim_.schedule_in<&Simulation::on_response>(delay, this, c);
    c = next;
  }
  inst.first_active = NONE;
  change_queue(i, -static_cast<int>(inst.waiting.size()));
  inst.waiting = RingQueue<std::uint32_t>{};
  inst.busy_workers = 0;
  compute_.stop_all(i);
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



}  // namespace msim::model
