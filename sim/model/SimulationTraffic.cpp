// Simulation: traffic. Workloads (open loop with a rate profile, closed loop with think times),
// the choice of request type, and the end of a request.
#include <algorithm>

#include <boost/random/exponential_distribution.hpp>

#include "model/Simulation.hpp"

namespace msim::model {

void Simulation::build_workloads() {
  std::map<std::string, std::uint32_t> type_index;
  for (const auto& ws : spec_.workloads) {
    Workload w;
    w.spec = &ws;
    const std::string prefix = "workload/" + ws.name;
    w.arrival_rng = core::RandomStream(spec_.seed, options_.replication, prefix + "/arrivals");
    w.mix_rng = core::RandomStream(spec_.seed, options_.replication, prefix + "/mix");
    w.think_rng = core::RandomStream(spec_.seed, options_.replication, prefix + "/think");
    double total = 0;
    for (const auto& t : ws.mix) {
      auto [it, added] = type_index.try_emplace(t.name, static_cast<std::uint32_t>(types_.size()));
      if (added) {
        RequestType type;
        type.name = t.name;
        type.service = static_cast<std::uint32_t>(std::find_if(spec_.services.begin(), spec_.services.end(),
                                                               [&](const auto& s) { return s.name == t.service; }) - spec_.services.begin());
        const auto& eps = spec_.services[type.service].endpoints;
        type.endpoint = static_cast<std::uint32_t>(std::find_if(eps.begin(), eps.end(), [&](const auto& e) { return e.name == t.endpoint; }) - eps.begin());
        types_.push_back(std::move(type));
      }
      w.types.push_back(it->second);
      total += t.weight;
      w.cumulative_weight.push_back(total);
    }
    for (auto& c : w.cumulative_weight) c /= total;
    workloads_.push_back(std::move(w));
  }
  for (std::uint32_t i = 0; i < workloads_.size(); ++i) {
    const auto& ws = *workloads_[i].spec;
    if (ws.kind == scenario::WorkloadSpec::Kind::OPEN) {
      schedule_next_arrival(i);
    } else {
      for (std::uint32_t u = 0; u < static_cast<std::uint32_t>(ws.users); ++u) {
        const auto think = core::SimTime::from_seconds(ws.think.sample(workloads_[i].think_rng));
        sim_.schedule_at<&Simulation::on_user_ready>(think, this, (std::uint64_t{i} << 32) | u);
      }
    }
  }
}

// ---- Traffic ------------------------------------------------------------------------------

void Simulation::schedule_next_arrival(std::uint32_t wi) {
  Workload& w = workloads_[wi];
  const auto& ws = *w.spec;
  const double end = spec_.duration.seconds();
  double t = sim_.now().seconds();
  const auto& profile = ws.rate;
  if (ws.arrival == scenario::WorkloadSpec::Arrival::TRACE) {  // replayed: the next row's time
    if (w.next_trace >= ws.trace_times.size()) return;
    t = std::max(t, ws.trace_times[w.next_trace++]);
  } else if (ws.arrival == scenario::WorkloadSpec::Arrival::CONSTANT) {
    double rate = profile.at(t);
    while (rate <= 0 && t <= end) {  // wait for the profile to turn on again
      t += 1.0;
      rate = profile.at(t);
    }
    t += 1.0 / rate;
  } else if (profile.kind == scenario::RateProfile::Kind::CONSTANT) {
    t += boost::random::exponential_distribution<double>(profile.rate)(w.arrival_rng.engine());
  } else {
    // Thinning (Lewis-Shedler): candidates at the peak rate, kept with probability rate(t)/peak.
    const double peak = profile.max_rate();
    do {
      t += boost::random::exponential_distribution<double>(peak)(w.arrival_rng.engine());
    } while (t <= end && w.arrival_rng.uniform01() * peak >= profile.at(t));
  }
  if (t <= end) sim_.schedule_at<&Simulation::on_arrival>(core::SimTime::from_seconds(t), this, wi);
}

void Simulation::on_arrival(std::uint64_t workload) {
  const auto wi = static_cast<std::uint32_t>(workload);
  start_request(wi, NONE);
  schedule_next_arrival(wi);
}

void Simulation::on_user_ready(std::uint64_t packed) {
  start_request(static_cast<std::uint32_t>(packed >> 32), static_cast<std::uint32_t>(packed & 0xFFFFFFFFu));
}

void Simulation::start_request(std::uint32_t wi, std::uint32_t user) {
  Workload& w = workloads_[wi];
  std::uint32_t type = w.types[0];
  if (w.types.size() > 1) {
    const double u = w.mix_rng.uniform01();
    const auto it = std::upper_bound(w.cumulative_weight.begin(), w.cumulative_weight.end(), u);
    type = w.types[std::min<std::size_t>(static_cast<std::size_t>(it - w.cumulative_weight.begin()), w.types.size() - 1)];
  }
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
  if (call.user != NONE) {
    Workload& w = workloads_[call.workload];
    const auto think = core::SimTime::from_seconds(w.spec->think.sample(w.think_rng));
    sim_.schedule_in<&Simulation::on_user_ready>(think, this, (std::uint64_t{call.workload} << 32) | call.user);
  }
  calls_.release(c);
}

}  // namespace msim::model
