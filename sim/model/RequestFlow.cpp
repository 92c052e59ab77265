// The request flow: a call's way from its dispatch to its response (RequestFlow.hpp).
#include "model/RequestFlow.hpp"

#include <algorithm>

namespace msim::model {

using scenario::Discipline;
using scenario::Threading;

RequestFlow::RequestFlow(const RequestFlowParts& p)
    : spec_(p.spec), sim_(p.sim), services_(p.services), instances_(p.instances), traffic_(p.traffic), outcomes_(p.outcomes), signals_(p.signals), routing_(p.routing),
      faults_(p.faults), compute_(p.compute), replicas_(p.replicas), tracing_(p.tracing), events_(p.events), fault_counts_(p.counts),
      policies_(p.sim, p.services, p.instances, calls_, p.events, p.counts, *this) {}

void RequestFlow::start() {
  for (const Service& svc : services_)
    for (const Endpoint& ep : svc.endpoints) {
      call_overhead_ = call_overhead_ || ep.caller_cpu > 0;
      for (const CallSite& site : ep.sites)
        call_overhead_ = call_overhead_ || site.callee_cpu > core::SimTime::zero() || site.request_extra > core::SimTime::zero() ||
                         site.response_extra > core::SimTime::zero();
    }
}

void RequestFlow::fail_call(Call& call, FailureCause cause) {
  call.outcome.failed = true;
  call.outcome.cause = cause;
  Service& svc = services_[call.service];
  svc.stats.outcome.failed(cause);
  svc.endpoints[call.endpoint].stats.failed(cause);
}

void RequestFlow::dispatch(std::uint32_t c) {
  Call& call = calls_[c];
  const std::uint32_t inst = routing_.choose(call);
  if (inst == NONE) {  // no ready instance: the caller gets an error at once
    fail_call(call, FailureCause::ERROR);
    sim_.schedule_in<&RequestFlow::on_response>(core::SimTime::zero(), this, c);
    return;
  }
  call.instance = inst;
  if (call.caller.zone == NONE) {  // from outside the cluster: no modelled hop
    on_arrive(c);
    return;
  }
  if (faults_.partitioned(call, instances_[inst].placement.zone)) {
    fail_connection(c);
    return;
  }
  auto delay = routing_.hop_delay(call, instances_[inst].placement.zone);
  if (call_overhead_) delay += site_of(call).request_extra;
  sim_.schedule_in<&RequestFlow::on_arrive>(delay, this, c);
}

void RequestFlow::on_arrive(std::uint64_t arg) {
  const auto c = static_cast<std::uint32_t>(arg);
  Call& call = calls_[c];
  Service& svc = services_[call.service];
  Endpoint& ep = svc.endpoints[call.endpoint];
  Instance& inst = instances_[call.instance];
  if (!inst.life.up) {  // it died while the call was on its way
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
  call.on.work = core::SimTime::from_seconds(work * svc.faults.slowdown * svc.versions.work[inst.version]);
  change_in_flight(call.instance, 1);
  activate(c);
  if (!policies_.on_arrive(svc)) {
    reject(c);
    return;
  }
  if (svc.server.discipline == Discipline::PROCESSOR_SHARING) {
    const auto limit = static_cast<std::size_t>(svc.server.workers) + static_cast<std::size_t>(svc.server.queue_capacity);
    if (svc.server.queue_capacity >= 0 && compute_.jobs(inst) >= limit) {
      reject(c);
      return;
    }
    ++svc.stats.started;  // no queue: every admitted call starts at once, at a shared rate
    if (call.traced) call.trace.started_at = sim_.now();
    compute_.admit_shared(c);
    return;
  }
  if (inst.calls.busy_workers < svc.server.workers) {
    start_work(c);
  } else if (EdgePolicies::shed_on_arrival(svc, inst.calls.waiting.size())) {
    reject(c);
  } else if (svc.server.queue_capacity < 0 || static_cast<long long>(inst.calls.waiting.size()) < svc.server.queue_capacity) {
    inst.calls.waiting.push(c);
    change_queue(call.instance, 1);
  } else {
    reject(c);
  }
}

void RequestFlow::reject(std::uint32_t c) {
  Call& call = calls_[c];
  fail_call(call, FailureCause::REJECTED);
  change_in_flight(call.instance, -1);
  deactivate(c);
  respond(c);
}

void RequestFlow::start_work(std::uint32_t c) {
  Call& call = calls_[c];
  Instance& inst = instances_[call.instance];
  Service& svc = services_[call.service];
  ++inst.calls.busy_workers;
  call.on.holds_worker = true;
  if (call.traced) call.trace.started_at = sim_.now();
  ++svc.stats.started;
  if (call.arrived_at < sim_.now()) {
    ++svc.stats.waited;
    svc.stats.wait_seconds += (sim_.now() - call.arrived_at).seconds();
  }
  compute_.start(c);
}

void RequestFlow::work_done(std::uint32_t c) {
  if (calls_[c].traced) tracing_.work_done(calls_[c]);
  if (cancel_if_orphaned(c)) return;
  Call& call = calls_[c];
  const Service& svc = services_[call.service];
  if (svc.endpoints[call.endpoint].steps.empty()) {
    finish(c);
    return;
  }
  if (svc.server.threading == Threading::ASYNC) release_worker(c);
  call.steps.step = 0;
  run_steps(c);
}

void RequestFlow::release_worker(std::uint32_t c) {
  Call& call = calls_[c];
  if (!call.on.holds_worker) return;
  call.on.holds_worker = false;
  const std::uint32_t i = call.instance;
  --instances_[i].calls.busy_workers;
  Service& svc = services_[instances_[i].service];
  while (!instances_[i].calls.waiting.empty()) {
    Instance& inst = instances_[i];
    const std::uint32_t next = svc.server.discipline == Discipline::LIFO ? inst.calls.waiting.pop_back() : inst.calls.waiting.pop();
    change_queue(i, -1);
    if (EdgePolicies::shed_on_dequeue(svc, sim_.now() - calls_[next].arrived_at)) {
      reject(next);
      continue;
    }
    if (cancel_if_orphaned(next)) continue;
    start_work(next);
    break;
  }
}

void RequestFlow::finish(std::uint32_t c) {
  release_worker(c);
  Call& call = calls_[c];
  Service& svc = services_[call.service];
  Endpoint& ep = svc.endpoints[call.endpoint];
  const double version_errors = svc.versions.errors[instances_[call.instance].version];
  const double error_rate = version_errors > 0 ? 1 - (1 - svc.faults.error_rate) * (1 - version_errors) : svc.faults.error_rate;
  if (!call.outcome.failed && error_rate > 0 && svc.faults.error_rng.uniform01() < error_rate) {
    call.outcome.failed = true;  // an injected error, after the work was done
    call.outcome.cause = FailureCause::ERROR;
    ++svc.stats.injected_errors;
  }
  if (call.outcome.failed) {  // a call it made failed, or an injected error: this response is an error
    svc.stats.outcome.failed(FailureCause::ERROR);
    ep.stats.failed(FailureCause::ERROR);
  } else {
    const auto latency = (sim_.now() - call.arrived_at).ns();
    svc.stats.outcome.completed(latency);
    ep.stats.completed(latency);
    ++instances_[call.instance].load.completions;
    if (svc.scaling.autoscaler) svc.scaling.window_latency.record(latency);
  }
  change_in_flight(call.instance, -1);
  deactivate(c);
  respond(c);
}

void RequestFlow::respond(std::uint32_t c) {
  Call& call = calls_[c];
  if (call.traced) call.trace.responded_at = sim_.now();
  if (call.parent == NONE) {
    on_response(c);
    return;
  }
  auto delay = routing_.hop_delay(call, instances_[call.instance].placement.zone);
  if (call_overhead_) delay += site_of(call).response_extra;  // the response's bytes
  sim_.schedule_in<&RequestFlow::on_response>(delay, this, c);
}

void RequestFlow::on_response(std::uint64_t arg) {
  const auto c = static_cast<std::uint32_t>(arg);
  Call& call = calls_[c];
  if (call.traced) tracing_.responded(call);
  if (call.outcome.abandoned) {  // its caller timed out long ago
    calls_.release(c);
    return;
  }
  sim_.cancel(call.edge.timeout);
  routing_.done(call);
  if (call.parent == NONE) {
    complete_request(c);
    return;
  }
  policies_.on_result(call, call.outcome.failed, call.outcome.cause);
  const CallResult result{call.outcome.failed, call.outcome.cause, call.caller.site, call.edge.attempt};
  const std::uint32_t parent = call.parent;
  const bool parent_waits = parent_waiting(call);
  calls_.release(c);
  if (parent_waits) child_done(parent, result);
}

void RequestFlow::on_timeout(std::uint64_t arg) {
  const auto c = static_cast<std::uint32_t>(arg);
  Call& call = calls_[c];
  call.outcome.abandoned = true;
  call.edge.timeout = {};
  Service& svc = services_[call.service];
  ++svc.stats.timeouts;
  ++svc.stats.interval_timeouts;
  routing_.done(call);
  policies_.on_result(call, true, FailureCause::TIMEOUT);
  if (parent_waiting(call)) child_done(call.parent, CallResult{true, FailureCause::TIMEOUT, call.caller.site, call.edge.attempt});
}

void RequestFlow::activate(std::uint32_t c) {
  Call& call = calls_[c];
  Instance& inst = instances_[call.instance];
  call.on.active = true;
  call.on.prev_active = NONE;
  call.on.next_active = inst.calls.first_active;
  if (inst.calls.first_active != NONE) calls_[inst.calls.first_active].on.prev_active = c;
  inst.calls.first_active = c;
}

void RequestFlow::deactivate(std::uint32_t c) {
  Call& call = calls_[c];
  if (!call.on.active) return;
  call.on.active = false;
  Instance& inst = instances_[call.instance];
  if (call.on.prev_active != NONE) calls_[call.on.prev_active].on.next_active = call.on.next_active;
  else inst.calls.first_active = call.on.next_active;
  if (call.on.next_active != NONE) calls_[call.on.next_active].on.prev_active = call.on.prev_active;
  if (inst.life.terminate_when_idle && inst.calls.first_active == NONE) replicas_.idle(call.instance);
}

void RequestFlow::fail_connection(std::uint32_t c) {
  Call& call = calls_[c];
  Service& svc = services_[call.service];
  const Instance& inst = instances_[call.instance];
  ++svc.stats.connect_failures;
  // A stopped process refuses the connection (a reset, one hop back); an unreachable node or a
  // partition leaves the caller waiting for its connect timeout.
  const bool silent = inst.life.unreachable || (call.caller.zone != NONE && faults_.partitioned(call, inst.placement.zone));
  const auto delay = silent ? spec_.network.connect_timeout : (call.caller.zone == NONE ? core::SimTime::zero() : routing_.hop_delay(call, inst.placement.zone));
  routing_.connection_failed(call);
  if (call.edge.upstream_tries < svc.view.balancer.next_upstream_tries) {  // Nginx proxy_next_upstream: try another instance
    sim_.schedule_in<&RequestFlow::on_next_upstream>(delay, this, c);
    return;
  }
  fail_call(call, FailureCause::ERROR);
  sim_.schedule_in<&RequestFlow::on_response>(delay, this, c);
}

void RequestFlow::on_next_upstream(std::uint64_t arg) {
  const auto c = static_cast<std::uint32_t>(arg);
  Call& call = calls_[c];
  if (call.outcome.abandoned) {  // the caller gave up meanwhile
    routing_.done(call);
    calls_.release(c);
    return;
  }
  routing_.done(call);
  ++call.edge.upstream_tries;
  dispatch(c);
}


// Per-instance load is integrated only for services an autoscaler watches (it reads the scrapes).

void RequestFlow::change_in_flight(std::uint32_t i, int delta) {
  Instance& inst = instances_[i];
  Service& svc = services_[inst.service];
  svc.stats.in_flight.add(sim_.now(), delta);
  if (svc.scaling.autoscaler) inst.load.in_flight.add(sim_.now(), delta);
}

void RequestFlow::change_queue(std::uint32_t i, int delta) {
  Instance& inst = instances_[i];
  Service& svc = services_[inst.service];
  svc.stats.queue_length.add(sim_.now(), delta);
  if (svc.scaling.autoscaler) inst.load.queue.add(sim_.now(), delta);
}

bool RequestFlow::cancel_if_orphaned(std::uint32_t c) {
  if (!policies_.orphaned(c)) return false;
  Service& svc = services_[calls_[c].service];
  // Nobody waits for the answer: stop here, and pass a failure up at once so that the callers
  // in between (orphans too) stop as well instead of waiting for it.
  release_worker(c);
  Call& call = calls_[c];
  call.outcome.failed = true;
  call.outcome.cause = FailureCause::ERROR;
  ++svc.stats.cancelled;
  change_in_flight(call.instance, -1);
  deactivate(c);
  respond(c);
  return true;
}

// A dead instance: every call it accepted fails, and what waited for a worker is dropped.
void RequestFlow::kill_calls(std::uint32_t i) {
  Instance& inst = instances_[i];
  for (std::uint32_t c = inst.calls.first_active; c != NONE;) {
    Call& call = calls_[c];
    const std::uint32_t next = call.on.next_active;
    call.on.active = false;
    call.on.killed = true;
    call.on.holds_worker = false;
    sim_.cancel(call.on.work_done);
    fail_call(call, FailureCause::ERROR);
    change_in_flight(i, -1);
    // A dead process resets its connections (the caller learns it one hop later); a dead node
    // answers nothing, and the caller gives up after its connect timeout.
    const auto delay = inst.life.unreachable ? spec_.network.connect_timeout
                                        : (call.caller.zone == NONE ? core::SimTime::zero() : routing_.hop_delay(call, inst.placement.zone));
    sim_.schedule_in<&RequestFlow::on_response>(delay, this, c);
    c = next;
  }
  inst.calls.first_active = NONE;
  change_queue(i, -static_cast<int>(inst.calls.waiting.size()));
  inst.calls.waiting = RingQueue<std::uint32_t>{};
  inst.calls.busy_workers = 0;
  compute_.stop_all(i);
}

}  // namespace msim::model
