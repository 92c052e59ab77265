#pragma once
/** @file
 *  @brief How fast work runs on an instance: the CPU its working threads get.
 *
 *  Without contention a call's work takes exactly its time. With processor sharing, CPU limits
 *  (CFS quotas) or nodes whose instances can want more cores than the node has, each instance
 *  serves its working threads at a rate, on a virtual work clock: finish tags are fixed when work
 *  starts, and only the next departure is rescheduled when rates change. Compute owns that clock,
 *  the node membership it needs and the busy-core statistics; who holds a worker is the request
 *  flow's business.
 */
#include <cstdint>
#include <utility>
#include <vector>

#include "core/Simulator.hpp"
#include "model/Placement.hpp"
#include "model/Runtime.hpp"
#include "scenario/ScenarioSpec.hpp"

namespace msim::model {

/** Whoever continues a call once its CPU work is done. */
class WorkDoneListener {
public:
  virtual void work_done(std::uint32_t call) = 0;

protected:
  ~WorkDoneListener() = default;
};

class Compute {
public:
  Compute(const scenario::ScenarioSpec& spec, core::Simulator& sim, const Placement& placement, std::vector<Service>& services,
          std::vector<Instance>& instances, CallPool& calls, WorkDoneListener& listener);
  Compute(const Compute&) = delete;
  Compute& operator=(const Compute&) = delete;

  /** Threads may want more CPU than they get (limits, or nodes that can be oversubscribed): work
   *  then runs at a rate, on a virtual clock per instance. false: work takes exactly its time. */
  bool sharing() const { return sharing_; }

  /** A call that holds a worker starts its work (first-come or last-come disciplines). */
  void start(std::uint32_t c) {
    if (sharing_) {
      start_shared(c);
      return;
    }
    Call& call = calls_[c];
    Instance& inst = instances_[call.instance];
    set_working(inst, services_[call.service], inst.compute.working + 1);
    call.on.work_done = sim_.schedule_in<&Compute::on_work_done>(call.on.work, this, c);
  }
  /** Processor sharing: the call joins its instance's jobs at once and shares the workers. */
  void admit_shared(std::uint32_t call);
  /** Calls an instance serves under processor sharing (or works on, under CPU sharing). */
  std::size_t jobs(const Instance& instance) const { return instance.compute.ps.jobs.size(); }
  /** The instance's process died: every work in progress stops, unfinished. */
  void stop_all(std::uint32_t instance);
  /** The instance was placed on, or left, its node (node CPU is shared among its members). */
  void join_node(std::uint32_t instance);
  void leave_node(std::uint32_t instance);

private:
  bool scenario_may_contend_cpu() const;
  double work_rate(const Instance& instance, const Service& service) const;
  void ps_update(Instance& instance, const Service& service);
  void add_job(std::uint32_t call);
  void start_shared(std::uint32_t call);
  void ps_reschedule(std::uint32_t instance);
  void on_work_done(std::uint64_t call);
  void on_ps_departure(std::uint64_t instance);
  /** Busy cores follow the working threads; under CPU sharing, the node divides its CPU anew. */
  void set_working(Instance& inst, Service& svc, int working) {
    if (sharing_) {
      inst.compute.working = working;
      if (inst.placement.node != NONE) share_node_cpu(inst.placement.node);
      return;
    }
    svc.stats.busy_cores.add(sim_.now(), working - inst.compute.working);
    if (svc.scaling.autoscaler) inst.load.cpu.add(sim_.now(), working - inst.compute.working);
    inst.compute.working = working;
  }
  void share_node_cpu(std::uint32_t node);

  const scenario::ScenarioSpec& spec_;
  core::Simulator& sim_;
  const Placement& placement_;
  std::vector<Service>& services_;
  std::vector<Instance>& instances_;
  CallPool& calls_;
  WorkDoneListener& listener_;
  bool sharing_ = false;
  std::vector<std::vector<std::uint32_t>> node_members_;  // placed instances per node (CPU sharing)
  std::vector<std::pair<double, double>> cpu_demands_;  // scratch of share_node_cpu
};

}  // namespace msim::model
