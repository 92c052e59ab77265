#include "model/Autoscaling.hpp"

#include <fmt/format.h>

namespace msim::model {

namespace hpa = scaling::hpa;
using scaling::ScalingDecision;
using scaling::ScalingView;

void Autoscaling::start() {
  for (std::uint32_t s = 0; s < services_.size(); ++s) {
    const auto& ss = spec_.services[s];
    if (!ss.autoscaler) continue;
    Service& svc = services_[s];
    svc.scaling.spec = &*ss.autoscaler;
    svc.scaling.autoscaler = scaling::make_autoscaler(*ss.autoscaler);
    if (!svc.scaling.autoscaler) continue;
    sim_.schedule_at<&Autoscaling::on_scrape>(ss.autoscaler->metrics_resolution, this, s);
    sim_.schedule_at<&Autoscaling::on_decide>(svc.scaling.autoscaler->period(), this, s);
  }
}

void Autoscaling::on_scrape(std::uint64_t s) {
  Service& svc = services_[s];
  const auto now = sim_.now();
  for (const std::uint32_t i : svc.instances) {
    Instance& inst = instances_[i];
    InstanceMetrics& m = inst.load;
    if (inst.life.gone) continue;
    const double cpu = m.cpu.window_area(now), in_flight = m.in_flight.window_area(now), queue = m.queue.window_area(now);
    const double dt = (now - m.scraped_at).seconds();
    // metrics-server reports a pod only once it has run for a whole window.
    m.has_sample = inst.life.up && !inst.life.starting && m.scraped_at >= inst.life.started_at && dt > 0;
    if (m.has_sample) {
      m.cpu_cores = (cpu - m.cpu_area) / dt;
      m.in_flight_mean = (in_flight - m.in_flight_area) / dt;
      m.queue_mean = (queue - m.queue_area) / dt;
      m.rps = static_cast<double>(m.completions - m.completions_at) / dt;
      m.sample_at = now;
    }
    m.cpu_area = cpu;
    m.in_flight_area = in_flight;
    m.queue_area = queue;
    m.completions_at = m.completions;
    m.scraped_at = now;
  }
  if (now + svc.scaling.spec->metrics_resolution <= spec_.duration)
    sim_.schedule_in<&Autoscaling::on_scrape>(svc.scaling.spec->metrics_resolution, this, s);
}

void Autoscaling::on_decide(std::uint64_t s) {
  Service& svc = services_[s];
  const auto now = sim_.now();
  ScalingView view;
  view.now = now;
  view.current = svc.replicas.desired;
  view.workers = svc.server.workers;
  for (const std::uint32_t i : svc.instances) {
    const Instance& inst = instances_[i];
    if (inst.life.gone) continue;
    hpa::PodSample p;
    p.being_deleted = inst.life.draining;
    p.pending = !inst.placement.placed || inst.life.starting;
    p.has_metric = inst.load.has_sample;
    p.request = svc.resources.cpu_request;
    p.ready = inst.life.up && inst.view.ready_since <= now;
    p.start_time = inst.life.started_at;
    p.ready_transition = inst.view.ready_changed;
    p.metric_timestamp = inst.load.sample_at;
    p.metric_window = svc.scaling.spec->metrics_resolution;
    view.ready += p.ready && !p.being_deleted ? 1 : 0;
    p.value = inst.load.cpu_cores;
    view.pods.push_back(p);
    p.value = inst.load.rps;
    view.rps.push_back(p);
    p.value = inst.load.in_flight_mean;
    view.in_flight.push_back(p);
    p.value = inst.load.queue_mean;
    view.queue_length.push_back(p);
  }
  for (const auto& m : svc.scaling.spec->metrics)
    if (m.kind == scenario::ScalingMetric::Kind::LATENCY && svc.scaling.window_latency.count() > 0) {
      view.latency = svc.scaling.window_latency.quantile(m.quantile) * 1e-9;
      view.latency_valid = true;
    }
  svc.scaling.window_latency.reset();
  const ScalingDecision decision = svc.scaling.autoscaler->decide(view);
  const int before = svc.replicas.desired;
  if (decision.replicas != before) {
    replicas_.scale_to(static_cast<std::uint32_t>(s), decision.replicas);
    ++svc.stats.scaling_actions;
    ++counts_["scaling_actions"];
  }
  events_.log("scale", "", svc.name, svc.scaling.autoscaler->name(), fmt::format("{}", before), fmt::format("{}", svc.replicas.desired), decision.reason);
  if (now + svc.scaling.autoscaler->period() <= spec_.duration) sim_.schedule_in<&Autoscaling::on_decide>(svc.scaling.autoscaler->period(), this, s);
}

}  // namespace msim::model
