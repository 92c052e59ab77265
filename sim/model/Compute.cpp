// Compute: the CPU that work gets (see Compute.hpp).
#include "model/Compute.hpp"

#include <algorithm>
#include <functional>
#include <limits>

namespace msim::model {

using scenario::Discipline;

Compute::Compute(const scenario::ScenarioSpec& spec, core::Simulator& sim, const Placement& placement, std::vector<Service>& services,
                 std::vector<Instance>& instances, CallPool& calls, WorkDoneListener& listener)
    : spec_(spec), sim_(sim), placement_(placement), services_(services), instances_(instances), calls_(calls), listener_(listener),
      sharing_(scenario_may_contend_cpu()) {}

bool Compute::scenario_may_contend_cpu() const {
  // Kubernetes places by requests, so a node is oversubscribed only if threads can use more than
  // their instance requested; a limit below the thread count throttles even on an empty node.
  const bool finite_nodes = !spec_.cluster.pools.empty();
  for (const auto& s : spec_.services) {
    const double threads = s.workers;
    if (s.cpu_limit > 0 && s.cpu_limit < threads) return true;
    if (finite_nodes && threads > s.cpu_request) return true;
  }
  return false;
}

double Compute::work_rate(const Instance& inst, const Service& svc) const {
  const double share = svc.server.discipline == Discipline::PROCESSOR_SHARING && !inst.compute.ps.jobs.empty()
                           ? std::min(1.0, static_cast<double>(svc.server.workers) / static_cast<double>(inst.compute.ps.jobs.size()))
                           : 1.0;
  return share * inst.compute.speed;
}

void Compute::ps_update(Instance& inst, const Service& svc) {
  if (!inst.compute.ps.jobs.empty()) inst.compute.ps.virtual_time += (sim_.now() - inst.compute.ps.last_update).seconds() * work_rate(inst, svc);
  inst.compute.ps.last_update = sim_.now();
}

void Compute::add_job(std::uint32_t c) {
  const Call& call = calls_[c];
  Instance& inst = instances_[call.instance];
  ps_update(inst, services_[call.service]);
  inst.compute.ps.jobs.emplace_back(inst.compute.ps.virtual_time + call.on.work.seconds(), c);
  std::push_heap(inst.compute.ps.jobs.begin(), inst.compute.ps.jobs.end(), std::greater<>());
}

void Compute::admit_shared(std::uint32_t c) {
  add_job(c);
  const std::uint32_t i = calls_[c].instance;
  Instance& inst = instances_[i];
  Service& svc = services_[inst.service];
  set_working(inst, svc, std::min(static_cast<int>(inst.compute.ps.jobs.size()), svc.server.workers));
  ps_reschedule(i);
}

// First-come work under CPU sharing: the working threads form the job set of the virtual clock.
void Compute::start_shared(std::uint32_t c) {
  add_job(c);
  const std::uint32_t i = calls_[c].instance;
  Instance& inst = instances_[i];
  set_working(inst, services_[inst.service], inst.compute.working + 1);
  ps_reschedule(i);
}

void Compute::on_work_done(std::uint64_t arg) {
  const auto c = static_cast<std::uint32_t>(arg);
  const Call& call = calls_[c];
  Instance& inst = instances_[call.instance];
  set_working(inst, services_[call.service], inst.compute.working - 1);
  listener_.work_done(c);
}

void Compute::stop_all(std::uint32_t i) {
  Instance& inst = instances_[i];
  set_working(inst, services_[inst.service], 0);
  sim_.cancel(inst.compute.ps.next_departure);
  inst.compute.ps.jobs.clear();
  inst.compute.ps.virtual_time = 0;
  inst.compute.ps.last_update = sim_.now();
}

void Compute::ps_reschedule(std::uint32_t i) {
  Instance& inst = instances_[i];
  sim_.cancel(inst.compute.ps.next_departure);
  if (inst.compute.ps.jobs.empty()) return;
  const double rate = work_rate(inst, services_[inst.service]);
  if (rate <= 0) return;  // starved: rescheduled when its node frees CPU
  const double dt = std::max(0.0, (inst.compute.ps.jobs.front().first - inst.compute.ps.virtual_time) / rate);
  inst.compute.ps.next_departure = sim_.schedule_in<&Compute::on_ps_departure>(core::SimTime::from_seconds(dt), this, i);
}

void Compute::on_ps_departure(std::uint64_t arg) {
  const auto i = static_cast<std::uint32_t>(arg);
  Instance& inst = instances_[i];
  Service& svc = services_[inst.service];
  ps_update(inst, svc);
  std::pop_heap(inst.compute.ps.jobs.begin(), inst.compute.ps.jobs.end(), std::greater<>());
  const auto [tag, c] = inst.compute.ps.jobs.back();
  inst.compute.ps.jobs.pop_back();
  inst.compute.ps.virtual_time = tag;  // exact, whatever the nanosecond rounding of the event time
  const int n = static_cast<int>(inst.compute.ps.jobs.size());
  set_working(inst, svc, svc.server.discipline == Discipline::PROCESSOR_SHARING ? std::min(n, svc.server.workers) : n);
  ps_reschedule(i);
  listener_.work_done(c);
}

void Compute::share_node_cpu(std::uint32_t node) {
  // Each instance wants min(working threads, limit) cores. If the node has them all, everyone
  // gets what it wants; otherwise CFS divides the node by weight (cpu.shares follow requests):
  // water-filling, so an instance that wants less than its share leaves the rest to the others.
  const auto& members = node_members_[node];
  const double capacity = placement_.unlimited() ? std::numeric_limits<double>::infinity() : placement_.nodes()[node].cpu;
  double wanted = 0;
  for (const auto i : members) {
    const Instance& inst = instances_[i];
    const double limit = services_[inst.service].resources.cpu_limit;
    wanted += limit > 0 ? std::min<double>(inst.compute.working, limit) : inst.compute.working;
  }
  double level = std::numeric_limits<double>::infinity();  // cores per unit of request
  if (wanted > capacity) {
    auto& demands = cpu_demands_;  // (wanted / weight, weight); reused: this runs at every work start and end
    demands.clear();
    for (const auto i : members) {
      const Instance& inst = instances_[i];
      const Service& svc = services_[inst.service];
      const double want = svc.resources.cpu_limit > 0 ? std::min<double>(inst.compute.working, svc.resources.cpu_limit) : inst.compute.working;
      if (want > 0) demands.emplace_back(want / svc.resources.cpu_request, svc.resources.cpu_request);
    }
    std::sort(demands.begin(), demands.end());
    double left = capacity, weight_left = 0;
    for (const auto& d : demands) weight_left += d.second;
    for (const auto& [ratio, weight] : demands) {
      if (ratio * weight_left > left) break;  // this one and all after it are capped at the level
      left -= ratio * weight;
      weight_left -= weight;
    }
    level = weight_left > 0 ? left / weight_left : std::numeric_limits<double>::infinity();
  }
  const auto now = sim_.now();
  for (const auto i : members) {
    Instance& inst = instances_[i];
    Service& svc = services_[inst.service];
    const double limited = svc.resources.cpu_limit > 0 ? std::min<double>(inst.compute.working, svc.resources.cpu_limit) : inst.compute.working;
    const double granted = std::min(limited, level * svc.resources.cpu_request);
    const double speed = inst.compute.working > 0 ? granted / inst.compute.working : 1.0;
    if (granted != inst.compute.granted) {
      svc.stats.busy_cores.add(now, granted - inst.compute.granted);
      if (svc.scaling.autoscaler) inst.load.cpu.add(now, granted - inst.compute.granted);
      inst.compute.granted = granted;
    }
    const double throttled = inst.compute.working - limited, contended = limited - granted;
    if (throttled != inst.compute.throttled) svc.stats.cpu_throttled.add(now, throttled - inst.compute.throttled), inst.compute.throttled = throttled;
    if (contended != inst.compute.contended) svc.stats.cpu_contended.add(now, contended - inst.compute.contended), inst.compute.contended = contended;
    if (speed != inst.compute.speed) {
      ps_update(inst, svc);  // the work done so far at the old speed
      inst.compute.speed = speed;
      ps_reschedule(i);
    }
  }
}

void Compute::join_node(std::uint32_t i) {
  if (!sharing_ || instances_[i].placement.node == NONE) return;
  const std::uint32_t node = instances_[i].placement.node;
  if (node_members_.size() <= node) node_members_.resize(node + 1);
  node_members_[node].push_back(i);
}

void Compute::leave_node(std::uint32_t i) {
  if (!sharing_ || instances_[i].placement.node == NONE || node_members_.size() <= instances_[i].placement.node) return;
  auto& members = node_members_[instances_[i].placement.node];
  members.erase(std::remove(members.begin(), members.end(), i), members.end());
  share_node_cpu(instances_[i].placement.node);
}

}  // namespace msim::model
