#pragma once
/** @file
 *  @brief The instances' lifecycle, as a ReplicaSet controller, the scheduler and the kubelet
 *         move a pod: pending (no node has room) -> starting -> running -> draining -> gone, with
 *         crashes and recoveries in between. It keeps each service at its desired count, picks
 *         which instances go when it shrinks, and tells the endpoint view when to follow.
 */
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/RandomStream.hpp"
#include "core/Simulator.hpp"
#include "model/ClusterAutoscaler.hpp"
#include "model/Compute.hpp"
#include "model/EndpointView.hpp"
#include "model/EventLog.hpp"
#include "model/FaultInjector.hpp"
#include "model/Placement.hpp"
#include "model/Runtime.hpp"
#include "scenario/ScenarioSpec.hpp"

namespace msim::model {

/** The calls an instance holds: they fail when it dies. */
class InstanceCalls {
public:
  virtual void kill_calls(std::uint32_t instance) = 0;

protected:
  ~InstanceCalls() = default;
};

class ReplicaController final : public FaultTarget, public NodeWorkloads, public ViewListener {
public:
  ReplicaController(const scenario::ScenarioSpec& spec, std::uint64_t replication, core::Simulator& sim, Placement& placement,
                    Compute& compute, std::vector<Service>& services, std::vector<Instance>& instances, EndpointView& view,
                    InstanceCalls& calls, const EventLog& events, FaultCounts& counts);
  ReplicaController(const ReplicaController&) = delete;
  ReplicaController& operator=(const ReplicaController&) = delete;

  /** Each service's initial replicas, placed and ready at time zero (or pending). */
  void place_initial();

  /** The service's desired count becomes `replicas`: new instances, or the ReplicaSet's choice drains. */
  void scale_to(std::uint32_t service, int replicas);
  /** One more instance of the service (of its current version), placed if a node has room. */
  std::uint32_t add_instance(std::uint32_t service);
  /** Deleted: out of the view, then gone once its calls are answered or its grace period is over. */
  void drain(std::uint32_t instance, std::string_view reason = "scaled down");
  /** A draining instance answered its last call. */
  void idle(std::uint32_t instance) { sim_.schedule_in<&ReplicaController::on_idle>(core::SimTime::zero(), this, instance); }

  // FaultTarget
  void take_down(std::uint32_t instance, bool unreachable, const std::string& id, const std::string& reason) override;
  void bring_up(std::uint32_t instance, const std::string& id, const std::string& reason) override;
  // NodeWorkloads
  const std::vector<std::uint32_t>& pending_instances() const override { return pending_; }
  void evict(std::uint32_t instance, std::string_view reason) override;
  void place_pending() override;
  // ViewListener
  void left_view_draining(std::uint32_t instance) override;

private:
  struct PodTemplate {
    const core::Distribution* startup = nullptr;
    core::SimTime termination_grace;
    core::RandomStream startup_rng;  // "services/<s>/startup"
  };

  bool try_place(std::uint32_t instance);
  void on_started(std::uint64_t instance);
  void on_grace_expired(std::uint64_t instance);
  void on_idle(std::uint64_t instance);
  void terminate(std::uint32_t instance);
  /** A service's running instances changed by `delta` (replicas statistics follow). */
  void count_running(Service& service, int delta);
  void log(std::string_view kind, std::uint32_t instance, std::string_view before, std::string_view after, std::string_view reason) const;

  const scenario::ScenarioSpec& spec_;
  core::Simulator& sim_;
  Placement& placement_;
  Compute& compute_;
  std::vector<Service>& services_;
  std::vector<Instance>& instances_;
  EndpointView& view_;
  InstanceCalls& calls_;
  const EventLog& events_;
  FaultCounts& counts_;
  std::vector<PodTemplate> templates_;  // per service
  std::vector<std::uint32_t> pending_;  // instances waiting for node capacity, in order
};

}  // namespace msim::model
