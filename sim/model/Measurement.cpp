// Measurement: the warm-up, the metrics intervals, their timeseries rows and the SLO per interval.
#include "model/Measurement.hpp"

#include <algorithm>

namespace msim::model {
namespace {

double ms(double ns) { return ns * 1e-6; }

}  // namespace

void Measurement::start() {
  if (s_.spec.warmup > core::SimTime::zero()) s_.sim.schedule_at<&Measurement::on_warmup_end>(s_.spec.warmup, this);
  s_.sim.schedule_at<&Measurement::on_metrics_tick>(std::min(s_.spec.metrics_interval, s_.spec.duration), this);
}

void Measurement::finish() {
  if (last_tick_ < s_.spec.duration) on_metrics_tick(0);  // the last, partial interval
}

void Measurement::on_warmup_end(std::uint64_t) {
  const auto now = s_.sim.now();
  window_start_ = now;
  slo_intervals_ = slo_intervals_met_ = 0;
  s_.outcomes.reset_window();
  s_.tracing.reset_window();
  for (auto& s : s_.services) {
    s.stats.reset_window(now);
    for (auto& e : s.endpoints) e.stats.window.reset();
  }
}

void Measurement::on_metrics_tick(std::uint64_t) {
  write_interval_rows();
  count_slo_interval();
  s_.interval_listener.interval_ended();
  const auto now = s_.sim.now();
  last_tick_ = now;
  s_.outcomes.reset_interval();
  for (auto& s : s_.services) {
    s.stats.reset_interval(now);
    for (auto& e : s.endpoints) e.stats.interval.reset();
  }
  if (now < s_.spec.duration)
    s_.sim.schedule_at<&Measurement::on_metrics_tick>(std::min(now + s_.spec.metrics_interval, s_.spec.duration), this);
}

void Measurement::count_slo_interval() {
  const auto now = s_.sim.now();
  // SLO per interval: does this interval's percentile of completed requests meet the objective?
  if (s_.spec.slo_latency && last_tick_ >= window_start_ && (now - last_tick_) > core::SimTime::zero()) {
    // Failures count as infinitely slow: the percentile is taken over completed and failed requests.
    const auto& o = s_.outcomes.all().interval;
    const double completed = static_cast<double>(o.completed_count());
    const double total = completed + static_cast<double>(o.failed_count());
    ++slo_intervals_;
    if (total == 0) {
      ++slo_intervals_met_;
    } else {
      const double q = s_.spec.slo_quantile * total / std::max(completed, 1.0);
      if (completed > 0 && q <= 1.0 && o.latency.quantile(q) <= static_cast<double>(s_.spec.slo_latency->ns())) ++slo_intervals_met_;
    }
  }
}

void Measurement::write_interval_rows() {
  if (s_.recorders.empty()) return;
  const auto now = s_.sim.now();
  const double seconds = (now - last_tick_).seconds();
  if (seconds <= 0) return;
  auto row = [&](std::string_view metric, std::string_view service, std::string_view endpoint, std::string_view type, double value) {
    for (auto* r : s_.recorders) r->timeseries(now.seconds(), metric, service, endpoint, type, value);
  };
  auto outcome_rows = [&](const OutcomeCounter& o, std::string_view service, std::string_view endpoint, std::string_view type) {
    row("throughput_rps", service, endpoint, type, static_cast<double>(o.completed_count()) / seconds);
    row("failed_rps", service, endpoint, type, static_cast<double>(o.failed_count()) / seconds);
    if (o.completed_count() == 0) return;  // no latency without completions
    row("latency_ms.mean", service, endpoint, type, ms(o.latency.mean()));
    row("latency_ms.p50", service, endpoint, type, ms(o.latency.quantile(0.50)));
    row("latency_ms.p90", service, endpoint, type, ms(o.latency.quantile(0.90)));
    row("latency_ms.p99", service, endpoint, type, ms(o.latency.quantile(0.99)));
  };
  for (const auto& t : s_.outcomes.types()) outcome_rows(t.stats.interval, "", "", t.name);
  outcome_rows(s_.outcomes.all().interval, "", "", "all");
  for (const auto& s : s_.services) {
    outcome_rows(s.stats.outcome.interval, s.name, "", "");
    const auto& st = s.stats;
    const double instance_seconds = st.replicas.interval_area(now);
    row("utilization", s.name, "", "", instance_seconds > 0 ? st.busy_cores.interval_area(now) / (s.resources.cpu_request * instance_seconds) : 0.0);
    row("queue_length", s.name, "", "", st.queue_length.interval_area(now) / seconds);
    row("in_flight", s.name, "", "", st.in_flight.interval_area(now) / seconds);
    row("replicas", s.name, "", "", st.replicas.value());
    if (s.scaling.autoscaler) row("desired_replicas", s.name, "", "", s.replicas.desired);
    row("rejected", s.name, "", "", static_cast<double>(st.outcome.interval.failed_count(FailureCause::REJECTED)));
    row("timeouts", s.name, "", "", static_cast<double>(st.interval_timeouts));
    row("errors", s.name, "", "", static_cast<double>(st.outcome.interval.failed_count(FailureCause::ERROR)));
    if (s.endpoints.size() > 1)
      for (const auto& e : s.endpoints) outcome_rows(e.stats.interval, s.name, e.name, "");
  }
  for (auto* r : s_.recorders) r->interval_done();
}

}  // namespace msim::model
