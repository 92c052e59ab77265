// Simulation: a request's start (a call record for the root call, tracing) and end (its outcome
// recorded, the closed-loop user told). Traffic (Traffic.cpp) decides when requests start.
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

}  // namespace msim::model
