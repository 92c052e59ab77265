#pragma once
/** @file
 *  @brief The resilience mechanisms a call meets, as one chain of hooks the request flow calls
 *         at fixed points of a call's life:
 *           on_send     circuit breaker (open: fail at once), bulkhead (full: reject), then the
 *                       call counts on its edge (and as a retry, for retry budgets)
 *           on_arrive   rate limit (token bucket); load shedding by queue length
 *           on_dequeue  load shedding by time waited
 *           on_result   breaker records the result; outlier detection may eject the instance
 *           retry       a failed call is retried after a backoff, within attempts, deadline and
 *                       budget; the retry comes back to the flow through RetryTarget
 *           orphaned    cancellation: nobody waits for this call's answer any more
 *         Each hook is a few inline checks when the mechanism is not configured. The state of
 *         breakers and bulkheads lives on their CallSite, of rate limits and ejections on their
 *         Service and Instance; only this chain changes it.
 */
#include <cstdint>
#include <vector>

#include "core/Simulator.hpp"
#include "model/Counters.hpp"
#include "model/EventLog.hpp"
#include "model/FaultInjector.hpp"
#include "model/Runtime.hpp"

namespace msim::model {

/** A child call's outcome, as its parent sees it. */
struct CallResult {
  bool failed;
  FailureCause cause;
  std::uint32_t site;  // the parent's call site that made it
  std::uint16_t attempt;
};

/** Where a retry goes when its backoff is over. */
class RetryTarget {
public:
  /** Send attempt `attempt` of the parent's call site `site` again. */
  virtual void resend(std::uint32_t parent, std::uint32_t site, std::uint16_t attempt) = 0;
  /** The backoff outlasted the parent's deadline: the parent takes `result` as the call's end. */
  virtual void retry_expired(std::uint32_t parent, const CallResult& result) = 0;

protected:
  ~RetryTarget() = default;
};

class EdgePolicies {
public:
  enum class Admission { SENT, CIRCUIT_OPEN, BULKHEAD_FULL };

  EdgePolicies(core::Simulator& sim, std::vector<Service>& services, std::vector<Instance>& instances, const CallPool& calls,
               const EventLog& events, FaultCounts& counts, RetryTarget& retries)
      : sim_(sim), services_(services), instances_(instances), calls_(calls), events_(events), counts_(counts), target_(retries) {}
  EdgePolicies(const EdgePolicies&) = delete;
  EdgePolicies& operator=(const EdgePolicies&) = delete;

  /** A call of `caller_service` through `site` to `target`, attempt `attempt`: may it go? */
  Admission on_send(std::uint32_t caller_service, CallSite& site, Service& target, std::uint16_t attempt) {
    if (site.breaker && !breaker_permits(caller_service, site)) {
      ++target.stats.short_circuited;
      return Admission::CIRCUIT_OPEN;
    }
    if (site.bulkhead > 0 && site.in_flight >= site.bulkhead) {
      ++target.stats.bulkhead_rejected;
      return Admission::BULKHEAD_FULL;
    }
    ++site.in_flight;
    if (attempt > 1) {
      ++site.retries_in_flight;
      ++target.stats.retries;
    }
    return Admission::SENT;
  }
  /** A call reached an instance of `service`: false if the rate limit turns it away. */
  bool on_arrive(Service& service) {
    if (service.resilience.rate_limit <= 0 || take_token(service)) return true;
    ++service.stats.rate_limited;
    return false;
  }
  /** No worker is free: true if the call is shed rather than queued behind `queued` others. */
  static bool shed_on_arrival(Service& service, std::size_t queued) {
    if (service.resilience.shed_queue_length < 0 || static_cast<long long>(queued) < service.resilience.shed_queue_length) return false;
    ++service.stats.shed;
    return true;
  }
  /** A worker takes a call that waited `waited`: true if it is too stale to be worth serving. */
  static bool shed_on_dequeue(Service& service, core::SimTime waited) {
    if (waited <= service.resilience.shed_max_wait) return false;
    ++service.stats.shed;
    return true;
  }
  /** A child call ended (answered, or `failed` with `cause`, or timed out): the edge and the instance learn it. */
  void on_result(Call& child, bool failed, FailureCause cause) {
    if (child.edge.counted) release_edge(child);
    if (child.instance != NONE && services_[child.service].resilience.outlier) observe_instance(child, failed, cause);
  }
  /** A child of `parent` failed: true if a retry is scheduled (the parent keeps waiting). */
  bool retry(std::uint32_t parent, const CallResult& result);
  /** Cancellation is on for the call's service and nobody waits for its answer any more. */
  bool orphaned(std::uint32_t call) const { return services_[calls_[call].service].resilience.cancellation && is_orphan(call); }

private:
  struct PendingRetry {
    std::uint32_t parent;
    std::uint32_t parent_generation;
    std::uint32_t site;
    std::uint16_t attempt;
    FailureCause cause;  // of the attempt that failed
  };

  bool breaker_permits(std::uint32_t caller_service, CallSite& site);
  bool take_token(Service& service);
  bool is_orphan(std::uint32_t call) const;
  void release_edge(Call& child);
  void observe_instance(const Call& call, bool failed, FailureCause cause);
  void on_uneject(std::uint64_t instance);
  void on_retry(std::uint64_t pending);
  void log_breaker_transition(std::uint32_t caller_service, CallSite& site);

  core::Simulator& sim_;
  std::vector<Service>& services_;
  std::vector<Instance>& instances_;
  const CallPool& calls_;
  const EventLog& events_;
  FaultCounts& counts_;
  RetryTarget& target_;
  std::vector<PendingRetry> retries_;
  std::vector<std::uint32_t> free_retries_;
};

}  // namespace msim::model
