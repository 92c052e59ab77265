// The call tree: a request's start and end, an endpoint's steps of calls (in sequence, repeated,
// or in parallel), each child call and its result back at the parent (RequestFlow.hpp).
#include "model/RequestFlow.hpp"

#include <algorithm>
#include <cmath>

namespace msim::model {

void RequestFlow::start_request(std::uint32_t wi, std::uint32_t user, std::uint32_t type) {
  const std::uint32_t c = calls_.acquire();
  Call& call = calls_[c];
  call.request_type = type;
  call.origin.workload = wi;
  call.origin.user = user;
  call.request_id = next_request_id_++;
  const RequestTypeDef& def = traffic_.types()[type];
  call.service = def.service;
  call.endpoint = def.endpoint;
  call.sent_at = sim_.now();
  tracing_.sample(call);
  dispatch(c);
}

void RequestFlow::complete_request(std::uint32_t c) {
  const Call& call = calls_[c];
  const auto latency = (sim_.now() - call.sent_at).ns();
  const RequestEnded ended{sim_.now(), call.request_type, call.outcome.failed, call.outcome.cause, latency};
  outcomes_.request_ended(ended);  // a final class: inlined, as on the hot path it must be
  signals_.request_ended(ended);
  if (!call.outcome.failed && call.traced) tracing_.completed(call, latency);
  traffic_.request_ended(call.origin.workload, call.origin.user);
  calls_.release(c);
}


std::uint32_t RequestFlow::draw_count(Endpoint& ep, const CallSite& site) {
  if (site.always_once) return 1;
  if (site.probability < 1.0 && ep.call_rng.uniform01() >= site.probability) return 0;
  if (site.count.is_constant()) return static_cast<std::uint32_t>(std::llround(std::max(0.0, site.count.mean())));
  return static_cast<std::uint32_t>(std::llround(std::max(0.0, site.count.sample(ep.call_rng))));
}

void RequestFlow::run_steps(std::uint32_t c) {
  if (cancel_if_orphaned(c)) return;
  for (;;) {
    Call& call = calls_[c];
    Endpoint& ep = services_[call.service].endpoints[call.endpoint];
    if (call.steps.step >= ep.steps.size()) {
      finish(c);
      return;
    }
    const Step step = ep.steps[call.steps.step];
    if (!step.parallel) {
      const std::uint32_t n = draw_count(ep, ep.sites[step.first_site]);
      if (n == 0) {
        ++call.steps.step;
        continue;
      }
      call.steps.repeats_left = n - 1;
      call.steps.site = step.first_site;
      call.steps.pending = 1;
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
      ++again.steps.step;
      continue;
    }
    again.steps.pending = total;
    return;
  }
}

void RequestFlow::send_child(std::uint32_t parent, std::uint32_t site_index, std::uint16_t attempt) {
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
  ch.caller.zone = instances_[p.instance].placement.zone;
  ch.caller.service = p.service;
  ch.caller.endpoint = p.endpoint;
  ch.caller.site = site_index;
  ch.edge.attempt = attempt;
  if (p.traced) tracing_.child(p, ch);
  const auto admission = policies_.on_send(p.service, site, target, attempt);
  if (admission != EdgePolicies::Admission::SENT) {  // open circuit, full bulkhead: fail at once, the callee never sees it
    ch.outcome.failed = true;
    ch.outcome.cause = admission == EdgePolicies::Admission::CIRCUIT_OPEN ? FailureCause::CIRCUIT_OPEN : FailureCause::REJECTED;
    sim_.schedule_in<&RequestFlow::on_response>(core::SimTime::zero(), this, child);
    return;
  }
  ch.edge.counted = true;
  // Deadline propagation: never wait past the caller's own deadline.
  ch.edge.deadline = p.edge.deadline;
  if (site.timeout > core::SimTime::zero()) ch.edge.deadline = std::min(ch.edge.deadline, now + site.timeout);
  if (ch.edge.deadline < core::SimTime::max()) ch.edge.timeout = sim_.schedule_at<&RequestFlow::on_timeout>(ch.edge.deadline, this, child);
  dispatch(child);
}

void RequestFlow::child_done(std::uint32_t parent, const CallResult& result) {
  if (result.failed && policies_.retry(parent, result)) return;
  Call& p = calls_[parent];
  if (result.failed && !p.outcome.failed) {
    p.outcome.failed = true;
    p.outcome.cause = result.cause;
  }
  const Step& step = services_[p.service].endpoints[p.endpoint].steps[p.steps.step];
  if (!step.parallel) {
    if (!p.outcome.failed && p.steps.repeats_left > 0) {
      --p.steps.repeats_left;
      send_child(parent, p.steps.site, 1);
      return;
    }
  } else if (--p.steps.pending > 0) {
    return;
  }
  ++p.steps.step;
  if (p.outcome.failed) finish(parent);
  else run_steps(parent);
}

bool RequestFlow::parent_waiting(const Call& call) const {
  if (call.parent == NONE) return false;
  const Call& parent = calls_[call.parent];
  return parent.generation == call.parent_generation && !parent.on.killed;
}

}  // namespace msim::model
