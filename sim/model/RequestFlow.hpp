#pragma once
/** @file
 *  @brief The request flow: the pool of calls in flight and their way through the cluster. A
 *         request's root call is dispatched to an instance the balancer picks, queues for a
 *         worker, does its work, makes its calls (in sequence or in parallel, each another call
 *         down the tree), and responds; failures, timeouts and retries travel back up the tree.
 *         Workers and queues of each instance are its state too; the resilience mechanisms are
 *         its EdgePolicies chain.
 */
#include <cstdint>
#include <vector>

#include "core/Simulator.hpp"
#include "model/Counters.hpp"
#include "model/Compute.hpp"
#include "model/EdgePolicies.hpp"
#include "model/EventLog.hpp"
#include "model/FaultInjector.hpp"
#include "model/ReplicaController.hpp"
#include "model/RequestOutcomes.hpp"
#include "model/Routing.hpp"
#include "model/Runtime.hpp"
#include "model/Tracing.hpp"
#include "model/Traffic.hpp"
#include "scenario/ScenarioSpec.hpp"

namespace msim::model {

/** What the request flow works with. None is owned; all outlive it. */
struct RequestFlowParts {
  const scenario::ScenarioSpec& spec;
  core::Simulator& sim;
  std::vector<Service>& services;
  std::vector<Instance>& instances;
  Traffic& traffic;
  RequestOutcomes& outcomes;  // the model's own statistics: told first, by a direct call
  const ModelSignals& signals;  // then the observers of RunOptions
  Routing& routing;
  const FaultInjector& faults;
  Compute& compute;
  ReplicaController& replicas;
  Tracing& tracing;
  const EventLog& events;
  FaultCounts& counts;
};

class RequestFlow final : public RequestStarter, public WorkDoneListener, public InstanceCalls, public RetryTarget {
public:
  explicit RequestFlow(const RequestFlowParts& parts);
  RequestFlow(const RequestFlow&) = delete;
  RequestFlow& operator=(const RequestFlow&) = delete;

  /** The services are built: note whether any call edge has a per-call overhead. */
  void start();
  CallPool& calls() { return calls_; }

  void start_request(std::uint32_t workload, std::uint32_t user, std::uint32_t type) override;
  void work_done(std::uint32_t call) override;
  void kill_calls(std::uint32_t instance) override;
  void resend(std::uint32_t parent, std::uint32_t site, std::uint16_t attempt) override { send_child(parent, site, attempt); }
  void retry_expired(std::uint32_t parent, const CallResult& result) override { child_done(parent, result); }

private:
  // A request's start and end, and the call tree (CallTree.cpp).
  void complete_request(std::uint32_t call);
  void run_steps(std::uint32_t call);
  std::uint32_t draw_count(Endpoint& endpoint, const CallSite& site);
  void send_child(std::uint32_t parent, std::uint32_t site, std::uint16_t attempt);
  void child_done(std::uint32_t parent, const CallResult& result);
  bool parent_waiting(const Call& call) const;

  // A call's way: dispatch, arrival, worker and queue, work, response (RequestFlow.cpp).
  void dispatch(std::uint32_t call);
  void on_arrive(std::uint64_t call);
  void reject(std::uint32_t call);
  /** The call fails with `cause`, counted once for its service and endpoint. */
  void fail_call(Call& call, FailureCause cause);
  void start_work(std::uint32_t call);
  void release_worker(std::uint32_t call);
  void finish(std::uint32_t call);
  void respond(std::uint32_t call);
  void on_response(std::uint64_t call);
  void on_timeout(std::uint64_t call);
  void activate(std::uint32_t call);
  void deactivate(std::uint32_t call);
  void fail_connection(std::uint32_t call);
  void on_next_upstream(std::uint64_t call);
  void change_in_flight(std::uint32_t instance, int delta);
  void change_queue(std::uint32_t instance, int delta);
  /** The call site that made `call` (a call between services, call_overhead_ only). */
  const CallSite& site_of(const Call& call) const {
    return services_[call.caller.service].endpoints[call.caller.endpoint].sites[call.caller.site];
  }

  /** Cancellation: nobody waits for the call's answer; it stops and fails up the tree at once. */
  bool cancel_if_orphaned(std::uint32_t call);

  const scenario::ScenarioSpec& spec_;
  core::Simulator& sim_;
  std::vector<Service>& services_;
  std::vector<Instance>& instances_;
  Traffic& traffic_;
  RequestOutcomes& outcomes_;
  const ModelSignals& signals_;
  Routing& routing_;
  const FaultInjector& faults_;
  Compute& compute_;
  ReplicaController& replicas_;
  Tracing& tracing_;
  const EventLog& events_;
  FaultCounts& fault_counts_;
  CallPool calls_;
  EdgePolicies policies_;
  std::uint64_t next_request_id_ = 0;
  bool call_overhead_ = false;  // some call edge has a per-call overhead (protocol / overhead:)
};

}  // namespace msim::model
