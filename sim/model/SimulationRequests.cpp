// Simulation: a request's start (a call record for the root call, tracing) and end (its outcome
// recorded, the closed-loop user told), and the calls that die with their instance. Traffic
// (Traffic.cpp) decides when requests start.
#include <algorithm>

#include "model/Simulation.hpp"

namespace msim::model {

void Simulation::start_request(std::uint32_t wi, std::uint32_t user, std::uint32_t type) {
  const std::uint32_t c = calls_.acquire();
  Call& call = calls_[c];
  call.request_type = type;
  call.workload = wi;
  call.user = user;
  call.request_id = next_request_id_++;
  const RequestTypeDef& def = traffic_.types()[type];
  call.service = def.service;
  call.endpoint = def.endpoint;
  call.sent_at = sim_.now();
  if (spec_.trace_sample > 0 && tracing_rng_.uniform01() < spec_.trace_sample) {
    call.traced = true;
    call.span = next_span_id_++;
  }
  dispatch(c);
}

void Simulation::complete_request(std::uint32_t c) {
  const Call& call = calls_[c];
  const auto latency = (sim_.now() - call.sent_at).ns();
  outcomes_.record(call.request_type, call.failed, call.cause, latency, sim_.now());
  if (!call.failed) {
    if (call.traced) {
      ++traced_completed_[call.request_type].first;
      traced_completed_[call.request_type].second += static_cast<double>(latency) * 1e-9;
    }
    if (options_.on_request_completed) options_.on_request_completed(sim_.now(), static_cast<double>(latency) * 1e-9);
  }
  traffic_.request_ended(call.workload, call.user);
  calls_.release(c);
}

// A dead instance: every call it accepted fails, and what waited for a worker is dropped.
void Simulation::kill_calls(std::uint32_t i) {
  Instance& inst = instances_[i];
  for (std::uint32_t c = inst.first_active; c != NONE;) {
    Call& call = calls_[c];
    const std::uint32_t next = call.next_active;
    call.active = false;
    call.killed = true;
    call.holds_worker = false;
    sim_.cancel(call.work_done);
    fail_call(call, metrics::FailureCause::ERROR);
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

}  // namespace msim::model
