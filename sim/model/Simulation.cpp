// Simulation: the request flow, from a call's dispatch to its response, and the run loop.
#include "model/Simulation.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <boost/random/exponential_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <fmt/format.h>

namespace msim::model {

using metrics::FailureCause;
using scenario::Discipline;
using scenario::Threading;

// ---- Request flow -------------------------------------------------------------------------

void Simulation::fail_call(Call& call, FailureCause cause) {
  call.failed = true;
  call.cause = cause;
  Service& svc = services_[call.service];
  svc.stats.outcome.failed(cause);
  svc.endpoints[call.endpoint].stats.failed(cause);
}

void Simulation::dispatch(std::uint32_t c) {
  Call& call = calls_[c];
  const std::uint32_t inst = routing_.choose(call);
  if (inst == NONE) {  // no ready instance: the caller gets an error at once
    fail_call(call, FailureCause::ERROR);
    sim_.schedule_in<&Simulation::on_response>(core::SimTime::zero(), this, c);
    return;
  }
  call.instance = inst;
  if (call.caller_zone == NONE) {  // from outside the cluster: no modelled hop
    on_arrive(c);
    return;
  }
  if (faults_.partitioned(call, instances_[inst].zone)) {
    fail_connection(c);
    return;
  }
  auto delay = routing_.hop_delay(call, instances_[inst].zone);
  if (call_overhead_) delay += site_of(call).request_extra;
  sim_.schedule_in<&Simulation::on_arrive>(delay, this, c);
}

void Simulation::on_arrive(std::uint64_t arg) {
  const auto c = static_cast<std::uint32_t>(arg);
  Call& call = calls_[c];
  Service& svc = services_[call.service];
  Endpoint& ep = svc.endpoints[call.endpoint];
  Instance& inst = instances_[call.instance];
  if (!inst.up) {  // it died while the call was on its way
    fail_connection(c);
    return;
  }
  call.arrived_at = sim_.now();
  // Drawn on arrival, in arrival order, so that the draws do not depend on scheduling.
  double work = std::max(0.0, ep.work.sample(ep.work_rng));
  if (call_overhead_) {  // (de)serialization: of this call's messages, and of the calls it makes
    work += ep.caller_cpu;
    if (call.parent != NONE) work += site_of(call).callee_cpu.seconds();
  }
  call.work = core::SimTime::from_seconds(work * svc.slowdown * svc.version_work[inst.version]);
  change_in_flight(call.instance, 1);
  activate(c);
  if (svc.rate_limit > 0 && !take_token(svc)) {
    ++svc.stats.rate_limited;
    reject(c);
    return;
  }
  if (svc.discipline == Discipline::PROCESSOR_SHARING) {
    const auto limit = static_cast<std::size_t>(svc.workers) + static_cast<std::size_t>(svc.queue_capacity);
    if (svc.queue_capacity >= 0 && compute_.jobs(inst) >= limit) {
      reject(c);
      return;
    }
    ++svc.stats.started;  // no queue: every admitted call starts at once, at a shared rate
    if (call.traced) call.started_at = sim_.now();
    compute_.admit_shared(c);
    return;
  }
  if (inst.busy_workers < svc.workers) {
    start_work(c);
  } else if (svc.shed_queue_length >= 0 && static_cast<long long>(inst.waiting.size()) >= svc.shed_queue_length) {
    ++svc.stats.shed;
    reject(c);
  } else if (svc.queue_capacity < 0 || static_cast<long long>(inst.waiting.size()) < svc.queue_capacity) {
    inst.waiting.push(c);
    change_queue(call.instance, 1);
  } else {
    reject(c);
  }
}

void Simulation::reject(std::uint32_t c) {
  Call& call = calls_[c];
  fail_call(call, FailureCause::REJECTED);
  change_in_flight(call.instance, -1);
  deactivate(c);
  respond(c);
}

void Simulation::start_work(std::uint32_t c) {
  Call& call = calls_[c];
  Instance& inst = instances_[call.instance];
  Service& svc = services_[call.service];
  ++inst.busy_workers;
  call.holds_worker = true;
  if (call.traced) call.started_at = sim_.now();
  ++svc.stats.started;
  if (call.arrived_at < sim_.now()) {
    ++svc.stats.waited;
    svc.stats.wait_seconds += (sim_.now() - call.arrived_at).seconds();
  }
  compute_.start(c);
}

void Simulation::work_done(std::uint32_t c) {
  if (calls_[c].traced) record_breakdown(calls_[c]);
  if (cancel_if_orphaned(c)) return;
  Call& call = calls_[c];
  const Service& svc = services_[call.service];
  if (svc.endpoints[call.endpoint].steps.empty()) {
    finish(c);
    return;
  }
  if (svc.threading == Threading::ASYNC) release_worker(c);
  call.step = 0;
  run_steps(c);
}

void Simulation::release_worker(std::uint32_t c) {
  Call& call = calls_[c];
  if (!call.holds_worker) return;
  call.holds_worker = false;
  const std::uint32_t i = call.instance;
  --instances_[i].busy_workers;
  Service& svc = services_[instances_[i].service];
  while (!instances_[i].waiting.empty()) {
    Instance& inst = instances_[i];
    const std::uint32_t next = svc.discipline == Discipline::LIFO ? inst.waiting.pop_back() : inst.waiting.pop();
    change_queue(i, -1);
    if (sim_.now() - calls_[next].arrived_at > svc.shed_max_wait) {  // too stale to be worth serving
      ++svc.stats.shed;
      reject(next);
      continue;
    }
    if (cancel_if_orphaned(next)) continue;
    start_work(next);
    break;
  }
}

std::uint32_t Simulation::draw_count(Endpoint& ep, const CallSite& site) {
  if (site.always_once) return 1;
  if (site.probability < 1.0 && ep.call_rng.uniform01() >= site.probability) return 0;
  if (site.count.is_constant()) return static_cast<std::uint32_t>(std::llround(std::max(0.0, site.count.mean())));
  return static_cast<std::uint32_t>(std::llround(std::max(0.0, site.count.sample(ep.call_rng))));
}

void Simulation::run_steps(std::uint32_t c) {
  if (cancel_if_orphaned(c)) return;
  for (;;) {
    Call& call = calls_[c];
    Endpoint& ep = services_[call.service].endpoints[call.endpoint];
    if (call.step >= ep.steps.size()) {
      finish(c);
      return;
    }
    const Step step = ep.steps[call.step];
    if (!step.parallel) {
      const std::uint32_t n = draw_count(ep, ep.sites[step.first_site]);
      if (n == 0) {
        ++call.step;
        continue;
      }
      call.repeats_left = n - 1;
      call.site = step.first_site;
      call.pending = 1;
      send_child(c, step.first_site, 1);
      return;
    }
    std::uint32_t total = 0;
    for (std::uint32_t i = step.first_site; i < step.first_site + step.site_count; ++i) {
      const std::uint32_t n = draw_count(ep, ep.sites[i]);
      for (std::uint32_t k = 0; k < n; ++k) send_child(c, i, 1);  // responses come later, as events
      total += n;
    }
    Call& again = calls_[c];  // send_child may have grown the pool
    if (total == 0) {
      ++again.step;
      continue;
    }
    again.pending = total;
    return;
  }
}

void Simulation::send_child(std::uint32_t parent, std::uint32_t site_index, std::uint16_t attempt) {
  const std::uint32_t child = calls_.acquire();
  Call& p = calls_[parent];
  Call& ch = calls_[child];
  CallSite& site = services_[p.service].endpoints[p.endpoint].sites[site_index];
  Service& target = services_[site.service];
  const auto now = sim_.now();
  ch.parent = parent;
  ch.parent_generation = p.generation;
  ch.service = site.service;
  ch.endpoint = site.endpoint;
  ch.request_id = p.request_id;
  ch.sent_at = now;
  ch.caller_zone = instances_[p.instance].zone;
  ch.caller_service = p.service;
  ch.caller_endpoint = p.endpoint;
  ch.from_site = site_index;
  ch.attempt = attempt;
  if (p.traced) {
    ch.traced = true;
    ch.request_type = p.request_type;
    ch.span = next_span_id_++;
    ch.parent_span = p.span;
  }
  if (site.breaker) {
    const bool permitted = site.breaker->try_acquire(now);
    log_breaker_transition(p.service, site);
    if (!permitted) {  // open circuit: fail at once, the callee never sees it
      ch.failed = true;
      ch.cause = FailureCause::CIRCUIT_OPEN;
      ++target.stats.short_circuited;
      sim_.schedule_in<&Simulation::on_response>(core::SimTime::zero(), this, child);
      return;
    }
  }
  if (site.bulkhead > 0 && site.in_flight >= site.bulkhead) {
    ch.failed = true;
    ch.cause = FailureCause::REJECTED;
    ++target.stats.bulkhead_rejected;
    sim_.schedule_in<&Simulation::on_response>(core::SimTime::zero(), this, child);
    return;
  }
  ch.counted = true;
  ++site.in_flight;
  if (attempt > 1) {
    ++site.retries_in_flight;
    ++target.stats.retries;
  }
  // Deadline propagation: never wait past the caller's own deadline.
  ch.deadline = p.deadline;
  if (site.timeout > core::SimTime::zero()) ch.deadline = std::min(ch.deadline, now + site.timeout);
  if (ch.deadline < core::SimTime::max()) ch.timeout = sim_.schedule_at<&Simulation::on_timeout>(ch.deadline, this, child);
  dispatch(child);
}

void Simulation::finish(std::uint32_t c) {
  release_worker(c);
  Call& call = calls_[c];
  Service& svc = services_[call.service];
  Endpoint& ep = svc.endpoints[call.endpoint];
  const double version_errors = svc.version_errors[instances_[call.instance].version];
  const double error_rate = version_errors > 0 ? 1 - (1 - svc.error_rate) * (1 - version_errors) : svc.error_rate;
  if (!call.failed && error_rate > 0 && svc.error_rng.uniform01() < error_rate) {
    call.failed = true;  // an injected error, after the work was done
    call.cause = FailureCause::ERROR;
    ++svc.stats.injected_errors;
  }
  if (call.failed) {  // a call it made failed, or an injected error: this response is an error
    svc.stats.outcome.failed(FailureCause::ERROR);
    ep.stats.failed(FailureCause::ERROR);
  } else {
    const auto latency = (sim_.now() - call.arrived_at).ns();
    svc.stats.outcome.completed(latency);
    ep.stats.completed(latency);
    ++instances_[call.instance].load.completions;
    if (svc.autoscaler) svc.window_latency.record(latency);
  }
  change_in_flight(call.instance, -1);
  deactivate(c);
  respond(c);
}

void Simulation::respond(std::uint32_t c) {
  Call& call = calls_[c];
  if (call.traced) call.responded_at = sim_.now();
  if (call.parent == NONE) {
    on_response(c);
    return;
  }
  auto delay = routing_.hop_delay(call, instances_[call.instance].zone);
  if (call_overhead_) delay += site_of(call).response_extra;  // the response's bytes
  sim_.schedule_in<&Simulation::on_response>(delay, this, c);
}

void Simulation::on_response(std::uint64_t arg) {
  const auto c = static_cast<std::uint32_t>(arg);
  Call& call = calls_[c];
  if (call.traced) {
    write_span(c);
    if (call.parent != NONE && call.instance != NONE && call.responded_at != core::SimTime::max())
      breakdown_[{call.request_type, call.service}].network_s += (call.arrived_at - call.sent_at + (sim_.now() - call.responded_at)).seconds();
  }
  if (call.abandoned) {  // its caller timed out long ago
    calls_.release(c);
    return;
  }
  sim_.cancel(call.timeout);
  routing_.done(call);
  if (call.parent == NONE) {
    complete_request(c);
    return;
  }
  release_edge(call);
  observe_instance(call, call.failed, call.cause);
  const ChildResult result{call.failed, call.cause, call.from_site, call.attempt};
  const std::uint32_t parent = call.parent;
  const bool parent_waits = parent_waiting(call);
  calls_.release(c);
  if (parent_waits) child_done(parent, result);
}

void Simulation::on_timeout(std::uint64_t arg) {
  const auto c = static_cast<std::uint32_t>(arg);
  Call& call = calls_[c];
  call.abandoned = true;
  call.timeout = {};
  Service& svc = services_[call.service];
  ++svc.stats.timeouts;
  ++svc.stats.interval_timeouts;
  routing_.done(call);
  release_edge(call);
  observe_instance(call, true, FailureCause::TIMEOUT);
  if (parent_waiting(call)) child_done(call.parent, ChildResult{true, FailureCause::TIMEOUT, call.from_site, call.attempt});
}

void Simulation::child_done(std::uint32_t parent, const ChildResult& result) {
  if (result.failed && retry_allowed(parent, result)) {
    schedule_retry(parent, result);
    return;
  }
  Call& p = calls_[parent];
  if (result.failed && !p.failed) {
    p.failed = true;
    p.cause = result.cause;
  }
  const Step& step = services_[p.service].endpoints[p.endpoint].steps[p.step];
  if (!step.parallel) {
    if (!p.failed && p.repeats_left > 0) {
      --p.repeats_left;
      send_child(parent, p.site, 1);
      return;
    }
  } else if (--p.pending > 0) {
    return;
  }
  ++p.step;
  if (p.failed) finish(parent);
  else run_steps(parent);
}

bool Simulation::parent_waiting(const Call& call) const {
  if (call.parent == NONE) return false;
  const Call& parent = calls_[call.parent];
  return parent.generation == call.parent_generation && !parent.killed;
}

void Simulation::activate(std::uint32_t c) {
  Call& call = calls_[c];
  Instance& inst = instances_[call.instance];
  call.active = true;
  call.prev_active = NONE;
  call.next_active = inst.first_active;
  if (inst.first_active != NONE) calls_[inst.first_active].prev_active = c;
  inst.first_active = c;
}

void Simulation::deactivate(std::uint32_t c) {
  Call& call = calls_[c];
  if (!call.active) return;
  call.active = false;
  Instance& inst = instances_[call.instance];
  if (call.prev_active != NONE) calls_[call.prev_active].next_active = call.next_active;
  else inst.first_active = call.next_active;
  if (call.next_active != NONE) calls_[call.next_active].prev_active = call.prev_active;
  if (inst.terminate_when_idle && inst.first_active == NONE) replicas_.idle(call.instance);
}

void Simulation::fail_connection(std::uint32_t c) {
  Call& call = calls_[c];
  Service& svc = services_[call.service];
  const Instance& inst = instances_[call.instance];
  ++svc.stats.connect_failures;
  // A stopped process refuses the connection (a reset, one hop back); an unreachable node or a
  // partition leaves the caller waiting for its connect timeout.
  const bool silent = inst.unreachable || (call.caller_zone != NONE && faults_.partitioned(call, inst.zone));
  const auto delay = silent ? spec_.network.connect_timeout : (call.caller_zone == NONE ? core::SimTime::zero() : routing_.hop_delay(call, inst.zone));
  routing_.connection_failed(call);
  if (call.upstream_tries < svc.balancer.next_upstream_tries) {  // Nginx proxy_next_upstream: try another instance
    sim_.schedule_in<&Simulation::on_next_upstream>(delay, this, c);
    return;
  }
  fail_call(call, FailureCause::ERROR);
  sim_.schedule_in<&Simulation::on_response>(delay, this, c);
}

void Simulation::on_next_upstream(std::uint64_t arg) {
  const auto c = static_cast<std::uint32_t>(arg);
  Call& call = calls_[c];
  if (call.abandoned) {  // the caller gave up meanwhile
    routing_.done(call);
    calls_.release(c);
    return;
  }
  routing_.done(call);
  ++call.upstream_tries;
  dispatch(c);
}

// ---- Load accounting ----------------------------------------------------------------------

// Per-instance load is integrated only for services an autoscaler watches (it reads the scrapes).
void Simulation::change_in_flight(std::uint32_t i, int delta) {
  Instance& inst = instances_[i];
  Service& svc = services_[inst.service];
  svc.stats.in_flight.add(sim_.now(), delta);
  if (svc.autoscaler) inst.load.in_flight.add(sim_.now(), delta);
}

void Simulation::change_queue(std::uint32_t i, int delta) {
  Instance& inst = instances_[i];
  Service& svc = services_[inst.service];
  svc.stats.queue_length.add(sim_.now(), delta);
  if (svc.autoscaler) inst.load.queue.add(sim_.now(), delta);
}

// ---- Run control --------------------------------------------------------------------------

bool Simulation::advance(std::uint64_t max_events) {
  if (finished_) return true;
  if (!sim_.run_until(spec_.duration, max_events)) return false;
  if (last_tick_ < spec_.duration) on_metrics_tick(0);  // the last, partial interval
  finished_ = true;
  return true;
}

}  // namespace msim::model
