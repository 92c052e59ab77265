// The request flow's resilience patterns (EdgePolicies.hpp) on call edges (retries with backoff and budget, circuit
// breakers, bulkheads, deadlines), at services (rate limits, cancellation of orphaned work), and
// by callers against bad instances (Envoy outlier detection).
#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "model/EdgePolicies.hpp"

namespace msim::model {

bool EdgePolicies::take_token(Service& svc) {
  const auto now = sim_.now();
  ServiceResilience& r = svc.resilience;
  r.tokens = std::min(r.rate_limit_burst, r.tokens + (now - r.tokens_at).seconds() * r.rate_limit);
  r.tokens_at = now;
  if (r.tokens < 1.0) return false;
  r.tokens -= 1.0;
  return true;
}

bool EdgePolicies::is_orphan(std::uint32_t c) const {
  const Call* call = &calls_[c];
  for (;;) {
    if (call->outcome.abandoned || call->on.killed) return true;
    if (call->parent == NONE) return false;
    const Call& parent = calls_[call->parent];
    if (parent.generation != call->parent_generation) return true;
    call = &parent;
  }
}

bool EdgePolicies::breaker_permits(std::uint32_t caller_service, CallSite& site) {
  const bool permitted = site.breaker->try_acquire(sim_.now());
  log_breaker_transition(caller_service, site);
  return permitted;
}

void EdgePolicies::release_edge(Call& child) {
  child.edge.counted = false;
  CallSite& site = services_[child.caller.service].endpoints[child.caller.endpoint].sites[child.caller.site];
  --site.in_flight;
  if (child.edge.attempt > 1) --site.retries_in_flight;
  if (site.breaker) {
    site.breaker->record(sim_.now(), child.outcome.failed || child.outcome.abandoned, sim_.now() - child.sent_at);
    log_breaker_transition(child.caller.service, site);
  }
}

void EdgePolicies::log_breaker_transition(std::uint32_t caller_service, CallSite& site) {
  const auto t = site.breaker->take_transition();
  if (!t) return;
  const Service& target = services_[site.service];
  const bool opened_from_closed = t->first == CircuitBreaker::State::CLOSED;
  events_.log("breaker", "", services_[caller_service].name, fmt::format("{}.{}", target.name, target.endpoints[site.endpoint].name),
            CircuitBreaker::name(t->first), CircuitBreaker::name(t->second),
            opened_from_closed ? fmt::format("failure rate {:.1f}% in the window", 100 * site.breaker->failure_rate(sim_.now()))
            : t->second == CircuitBreaker::State::HALF_OPEN ? std::string("open duration over: trial calls")
                                                            : std::string("result of the half-open trial calls"));
  ++counts_["breaker_transitions"];
}

void EdgePolicies::observe_instance(const Call& call, bool failed, FailureCause cause) {
  Service& svc = services_[call.service];
  Instance& inst = instances_[call.instance];
  if (!failed || cause == FailureCause::REJECTED) {  // Envoy counts 5xx and local origin errors, not 429/503 rejections
    if (!failed) inst.outlier.consecutive_errors = 0;
    return;
  }
  if (++inst.outlier.consecutive_errors < svc.resilience.outlier->consecutive_errors || inst.outlier.ejected) return;
  // max_ejection_percent, but at least one host may always be ejected.
  const int limit = std::max(1, static_cast<int>(std::floor(svc.resilience.outlier->max_ejection_percent * static_cast<double>(svc.instances.size()))));
  if (svc.resilience.ejected_count >= limit) return;
  inst.outlier.ejected = true;
  ++inst.outlier.times_ejected;
  ++svc.resilience.ejected_count;
  ++svc.stats.ejections;
  // Ejected for base x times ejected (capped); hosts return at the detector's next interval tick.
  const auto duration = std::min(svc.resilience.outlier->max_ejection, core::SimTime::from_seconds(svc.resilience.outlier->base_ejection.seconds() * inst.outlier.times_ejected));
  const auto interval = svc.resilience.outlier->interval.ns();
  const auto until = (sim_.now() + duration).ns();  // saturated: a very long ejection lasts past the end of the run
  const auto back = until > core::SimTime::max().ns() - interval ? core::SimTime::max()
                                                                  : core::SimTime::from_ns((until + interval - 1) / interval * interval);
  events_.log("ejected", "", svc.name, instance_name(services_, instances_, call.instance), "", "", fmt::format("{} consecutive errors", inst.outlier.consecutive_errors));
  sim_.schedule_at<&EdgePolicies::on_uneject>(back, this, call.instance);
}

void EdgePolicies::on_uneject(std::uint64_t i) {
  Instance& inst = instances_[i];
  if (!inst.outlier.ejected) return;
  inst.outlier.ejected = false;
  inst.outlier.consecutive_errors = 0;
  --services_[inst.service].resilience.ejected_count;
  events_.log("returned", "", services_[inst.service].name, instance_name(services_, instances_, static_cast<std::uint32_t>(i)), "", "", "ejection time over");
}

bool EdgePolicies::retry(std::uint32_t parent, const CallResult& r) {
  if (!r.failed) return false;
  const Call& p = calls_[parent];
  CallSite& site = services_[p.service].endpoints[p.endpoint].sites[r.site];
  if (!site.retry || r.attempt >= site.retry->attempts) return false;
  const auto& retry = *site.retry;
  switch (r.cause) {
    case FailureCause::TIMEOUT: if (!retry.on_timeout) return false; break;
    case FailureCause::ERROR: if (!retry.on_error) return false; break;
    case FailureCause::REJECTED: if (!retry.on_rejected) return false; break;
    case FailureCause::CIRCUIT_OPEN: return false;  // the breaker is there to stop calls
  }
  if (sim_.now() >= p.edge.deadline) return false;
  if (retry.budget) {
    // Envoy's retry budget: retries in flight at most budget x requests in flight, or the minimum.
    const double allowed = std::max(static_cast<double>(retry.min_retry_concurrency), *retry.budget * site.in_flight);
    if (site.retries_in_flight + 1 > allowed) return false;
  }
  // Exponential backoff base x multiplier^(n-1), capped, with optional jitter (AWS's "full"/"equal").
  double wait = std::min(retry.cap.seconds(), retry.base.seconds() * std::pow(retry.multiplier, r.attempt - 1));
  if (retry.jitter == scenario::RetrySpec::Jitter::FULL) wait *= site.retry_rng.uniform01();
  else if (retry.jitter == scenario::RetrySpec::Jitter::EQUAL) wait = wait / 2 + wait / 2 * site.retry_rng.uniform01();
  std::uint32_t slot;
  if (!free_retries_.empty()) {
    slot = free_retries_.back();
    free_retries_.pop_back();
  } else {
    slot = static_cast<std::uint32_t>(retries_.size());
    retries_.emplace_back();
  }
  retries_[slot] = {parent, p.generation, r.site, static_cast<std::uint16_t>(r.attempt + 1), r.cause};
  sim_.schedule_in<&EdgePolicies::on_retry>(core::SimTime::from_seconds(wait), this, slot);
  return true;
}

void EdgePolicies::on_retry(std::uint64_t slot) {
  const PendingRetry r = retries_[slot];
  free_retries_.push_back(static_cast<std::uint32_t>(slot));
  const Call& p = calls_[r.parent];
  if (p.generation != r.parent_generation || p.on.killed) return;  // the caller is gone
  if (sim_.now() >= p.edge.deadline) {  // the backoff outlasted the caller's deadline: give up
    target_.retry_expired(r.parent, CallResult{true, r.cause, r.site, std::numeric_limits<std::uint16_t>::max()});
    return;
  }
  target_.resend(r.parent, r.site, r.attempt);
}

}  // namespace msim::model
