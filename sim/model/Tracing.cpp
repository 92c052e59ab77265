#include "model/Tracing.hpp"

namespace msim::model {

Tracing::Tracing(const scenario::ScenarioSpec& spec, std::uint64_t replication, const core::Simulator& sim, const std::vector<Service>& services,
                 const std::vector<Instance>& instances, const std::vector<metrics::Recorder*>& recorders)
    : sim_(sim), services_(services), instances_(instances), recorders_(recorders), sample_(spec.trace_sample),
      rng_(spec.seed, replication, "tracing") {
  for (const auto* r : recorders_) spans_wanted_ = spans_wanted_ || r->wants_spans();
}

void Tracing::work_done(const Call& call) {
  auto& b = breakdown_[{call.request_type, call.service}];
  ++b.calls;
  b.queue_s += (call.trace.started_at - call.arrived_at).seconds();
  b.work_s += (sim_.now() - call.trace.started_at).seconds();
}

void Tracing::responded(const Call& call) {
  if (spans_wanted_) {
    const Service& svc = services_[call.service];
    metrics::SpanRecord span;
    span.request_id = call.request_id;
    span.span_id = call.trace.span;
    if (call.parent != NONE) span.parent_span = call.trace.parent_span;
    span.service = svc.name;
    span.endpoint = svc.endpoints[call.endpoint].name;
    if (call.instance != NONE) {
      span.instance = instances_[call.instance].index;
      span.arrived_s = call.arrived_at.seconds();
      // Set when the instance responded; a call that never reached an instance, or whose instance died, has none.
      if (call.trace.responded_at != core::SimTime::max()) span.finished_s = call.trace.responded_at.seconds();
    }
    span.sent_s = call.sent_at.seconds();
    span.ended_s = sim_.now().seconds();
    span.status = call.outcome.abandoned ? "abandoned" : (call.outcome.failed ? FAILURE_CAUSE_NAMES[static_cast<std::size_t>(call.outcome.cause)] : "ok");
    for (auto* r : recorders_) r->span(span);
  }
  if (call.parent != NONE && call.instance != NONE && call.trace.responded_at != core::SimTime::max())
    breakdown_[{call.request_type, call.service}].network_s += (call.arrived_at - call.sent_at + (sim_.now() - call.trace.responded_at)).seconds();
}

}  // namespace msim::model
