#include "model/Traffic.hpp"

#include <algorithm>
#include <map>

#include <boost/random/exponential_distribution.hpp>

namespace msim::model {

Traffic::Traffic(const scenario::ScenarioSpec& spec, std::uint64_t replication, core::Simulator& sim, RequestStarter& starter)
    : spec_(spec), sim_(sim), starter_(starter) {
  std::map<std::string, std::uint32_t> type_index;
  for (const auto& ws : spec_.workloads) {
    Workload w;
    w.spec = &ws;
    const std::string prefix = "workload/" + ws.name;
    w.arrival_rng = core::RandomStream(spec_.seed, replication, prefix + "/arrivals");
    w.mix_rng = core::RandomStream(spec_.seed, replication, prefix + "/mix");
    w.think_rng = core::RandomStream(spec_.seed, replication, prefix + "/think");
    double total = 0;
    for (const auto& t : ws.mix) {
      auto [it, added] = type_index.try_emplace(t.name, static_cast<std::uint32_t>(types_.size()));
      if (added) {
        const auto service = static_cast<std::uint32_t>(
            std::find_if(spec_.services.begin(), spec_.services.end(), [&](const auto& s) { return s.name == t.service; }) - spec_.services.begin());
        const auto& eps = spec_.services[service].endpoints;
        const auto endpoint = static_cast<std::uint32_t>(std::find_if(eps.begin(), eps.end(), [&](const auto& e) { return e.name == t.endpoint; }) - eps.begin());
        types_.push_back({t.name, service, endpoint});
      }
      w.types.push_back(it->second);
      total += t.weight;
      w.cumulative_weight.push_back(total);
    }
    for (auto& c : w.cumulative_weight) c /= total;
    workloads_.push_back(std::move(w));
  }
}

void Traffic::start() {
  for (std::uint32_t i = 0; i < workloads_.size(); ++i) {
    const auto& ws = *workloads_[i].spec;
    if (ws.kind == scenario::WorkloadSpec::Kind::OPEN) {
      schedule_next_arrival(i);
    } else {
      for (std::uint32_t u = 0; u < static_cast<std::uint32_t>(ws.users); ++u) {
        const auto think = core::SimTime::from_seconds(ws.think.sample(workloads_[i].think_rng));
        sim_.schedule_at<&Traffic::on_user_ready>(think, this, (std::uint64_t{i} << 32) | u);
      }
    }
  }
}

void Traffic::schedule_next_arrival(std::uint32_t wi) {
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
  if (t <= end) sim_.schedule_at<&Traffic::on_arrival>(core::SimTime::from_seconds(t), this, wi);
}

void Traffic::on_arrival(std::uint64_t workload) {
  const auto wi = static_cast<std::uint32_t>(workload);
  start_request(wi, NO_USER);
  schedule_next_arrival(wi);
}

void Traffic::on_user_ready(std::uint64_t packed) {
  start_request(static_cast<std::uint32_t>(packed >> 32), static_cast<std::uint32_t>(packed & 0xFFFFFFFFu));
}

void Traffic::start_request(std::uint32_t wi, std::uint32_t user) {
  Workload& w = workloads_[wi];
  std::uint32_t type = w.types[0];
  if (w.types.size() > 1) {
    const double u = w.mix_rng.uniform01();
    const auto it = std::upper_bound(w.cumulative_weight.begin(), w.cumulative_weight.end(), u);
    type = w.types[std::min<std::size_t>(static_cast<std::size_t>(it - w.cumulative_weight.begin()), w.types.size() - 1)];
  }
  starter_.start_request(wi, user, type);
}

void Traffic::request_ended(std::uint32_t wi, std::uint32_t user) {
  if (user == NO_USER) return;
  Workload& w = workloads_[wi];
  const auto think = core::SimTime::from_seconds(w.spec->think.sample(w.think_rng));
  sim_.schedule_in<&Traffic::on_user_ready>(think, this, (std::uint64_t{wi} << 32) | user);
}

}  // namespace msim::model
