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
  call.service = types_[type].service;
  call.endpoint = types_[type].endpoint;
  call.sent_at = sim_.now();
  if (spec_.trace_sample > 0 && tracing_rng_.uniform01() < spec_.trace_sample) {
    call.traced = true;
    call.span = next_span_id_++;
  }
  dispatch(c);
}

// Out of line: only msim compare's windows use it, and complete_request runs once per request.
void Simulation::record_in_windows(const Call& call, std::int64_t latency) {
  for (auto& w : windows_) {
    if (sim_.now() < w.from || sim_.now() >= w.to) continue;
    if (call.failed) w.outcome.failed(call.cause, latency);
    else w.outcome.completed(latency);
  }
}

void Simulation::complete_request(std::uint32_t c) {
  const Call& call = calls_[c];
  RequestType& type = types_[call.request_type];
  const auto latency = (sim_.now() - call.sent_at).ns();
  if (!windows_.empty()) [[unlikely]] record_in_windows(call, latency);
  if (call.failed) {
    type.stats.failed(call.cause, latency);
    all_requests_.failed(call.cause, latency);
  } else {
    type.stats.completed(latency);
    all_requests_.completed(latency);
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
