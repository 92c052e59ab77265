#include "model/FaultInjector.hpp"

#include <algorithm>

#include <boost/random/uniform_int_distribution.hpp>
#include <fmt/format.h>

namespace msim::model {

using scenario::FailureSpec;

namespace {

std::uint64_t pack(std::uint32_t high, std::uint32_t low) { return (std::uint64_t{high} << 32) | low; }
std::uint32_t low_of(std::uint64_t v) { return static_cast<std::uint32_t>(v & 0xFFFFFFFFu); }

}  // namespace

FaultInjector::FaultInjector(const scenario::ScenarioSpec& spec, std::uint64_t replication, core::Simulator& sim, const Placement& placement,
                             std::vector<Service>& services, const std::vector<Instance>& instances, FaultTarget& target, const EventLog& events,
                             FaultCounts& counts)
    : spec_(spec), replication_(replication), sim_(sim), placement_(placement), services_(services), instances_(instances), target_(target),
      events_(events), counts_(counts) {}

void FaultInjector::start() {
  const auto& failures = spec_.failures;
  crashed_by_failure_.resize(failures.size());
  for (std::size_t f = 0; f < failures.size(); ++f) {
    chaos_rngs_.emplace_back(spec_.seed, replication_, fmt::format("failures/{}", f));
    chaos_kills_.push_back(0);
  }
  for (std::size_t f = 0; f < failures.size(); ++f) {
    const FailureSpec& spec = failures[f];
    const auto index = static_cast<std::uint64_t>(f);
    if (spec.kind == FailureSpec::Kind::RANDOM) {
      if (spec.random_nodes) {
        for (std::uint32_t n = 0; n < placement_.nodes().size(); ++n) {
          const Node& node = placement_.nodes()[n];
          if (node.name.rfind(spec.pool + "-", 0) != 0) continue;
          RandomTarget t{f, node.name, {}, true, core::RandomStream(spec_.seed, replication_, fmt::format("failures/{}/{}", f, node.name))};
          for (std::uint32_t i = 0; i < instances_.size(); ++i)
            if (instances_[i].node == n) t.instances.push_back(i);
          random_targets_.push_back(std::move(t));
        }
      } else {
        const auto s = static_cast<std::size_t>(std::find_if(services_.begin(), services_.end(), [&](const Service& x) { return x.name == spec.service; }) - services_.begin());
        for (const std::uint32_t i : services_[s].instances) {
          if (!instances_[i].placed) continue;
          const std::string name = instance_name(services_, instances_, i);
          random_targets_.push_back({f, name, {i}, false, core::RandomStream(spec_.seed, replication_, fmt::format("failures/{}/{}", f, name))});
        }
      }
      continue;
    }
    if (spec.kind == FailureSpec::Kind::CHAOS_MONKEY) {
      sim_.schedule_at<&FaultInjector::on_chaos_kill>(core::SimTime::from_seconds(std::max(0.0, spec.interval.sample(chaos_rngs_[f]))), this, index);
      continue;
    }
    if (spec.at <= spec_.duration) sim_.schedule_at<&FaultInjector::on_fault_start>(spec.at, this, index);
  }
  for (std::uint32_t t = 0; t < random_targets_.size(); ++t) {
    auto& target = random_targets_[t];
    const double ttf = std::max(0.0, spec_.failures[target.failure].time_to_failure.sample(target.rng));
    sim_.schedule_at<&FaultInjector::on_random_failure>(core::SimTime::from_seconds(ttf), this, t);
  }
}

void FaultInjector::on_fault_start(std::uint64_t index) {
  const FailureSpec& f = spec_.failures[index];
  const std::string id = fmt::format("f{}", index);
  auto service_index = [&](const std::string& name) {
    return static_cast<std::uint32_t>(std::find_if(services_.begin(), services_.end(), [&](const Service& s) { return s.name == name; }) - services_.begin());
  };
  auto zone_index = [&](const std::string& name) {
    const auto& zones = placement_.zones();
    return static_cast<std::uint32_t>(std::find(zones.begin(), zones.end(), name) - zones.begin());
  };
  switch (f.kind) {
    case FailureSpec::Kind::CRASH: {
      auto& crashed = crashed_by_failure_[index];
      if (!f.service.empty()) {
        // N of the service's running instances, chosen at random.
        std::vector<std::uint32_t> candidates;
        for (const std::uint32_t i : services_[service_index(f.service)].instances)
          if (instances_[i].up) candidates.push_back(i);
        for (int k = 0; k < f.instances && !candidates.empty(); ++k) {
          const auto pick = boost::random::uniform_int_distribution<std::size_t>(0, candidates.size() - 1)(chaos_rngs_[index].engine());
          crashed.push_back(candidates[pick]);
          candidates.erase(candidates.begin() + static_cast<std::ptrdiff_t>(pick));
        }
        for (const std::uint32_t i : crashed) target_.take_down(i, f.unreachable, id, f.unreachable ? "instance hang" : "instance crash");
      } else {
        const bool zone = !f.zone.empty();
        for (std::uint32_t i = 0; i < instances_.size(); ++i) {
          const Instance& inst = instances_[i];
          if (!inst.placed) continue;
          const Node& node = placement_.nodes()[inst.node];
          if (zone ? placement_.zones()[node.zone] == f.zone : node.name == f.node) crashed.push_back(i);
        }
        const std::string reason = zone ? fmt::format("zone {} down", f.zone) : fmt::format("node {} down", f.node);
        for (const std::uint32_t i : crashed) target_.take_down(i, true, id, reason);
      }
      break;
    }
    case FailureSpec::Kind::SLOWDOWN: {
      Service& svc = services_[service_index(f.service)];
      const double before = svc.slowdown;
      svc.slowdown *= f.factor;
      events_.log("slowdown", id, svc.name, "", fmt::format("{:g}", before), fmt::format("{:g}", svc.slowdown), fmt::format("x{:g}", f.factor));
      break;
    }
    case FailureSpec::Kind::ERRORS: {
      Service& svc = services_[service_index(f.service)];
      const double before = svc.error_rate;
      svc.error_rate = 1 - (1 - svc.error_rate) * (1 - f.error_rate);
      events_.log("errors", id, svc.name, "", fmt::format("{:g}", before), fmt::format("{:g}", svc.error_rate), "injected error rate");
      break;
    }
    case FailureSpec::Kind::LATENCY:
    case FailureSpec::Kind::PARTITION: {
      const bool zones = std::find(placement_.zones().begin(), placement_.zones().end(), f.from) != placement_.zones().end() &&
                         std::find(placement_.zones().begin(), placement_.zones().end(), f.to) != placement_.zones().end();
      const auto a = zones ? zone_index(f.from) : service_index(f.from);
      const auto b = zones ? zone_index(f.to) : service_index(f.to);
      const bool partition = f.kind == FailureSpec::Kind::PARTITION;
      network_faults_.push_back({index, zones, a, b, f.added_latency, partition});
      events_.log(partition ? "partition" : "latency", id, f.from, f.to, "", partition ? "" : fmt::format("{:g}", f.added_latency.milliseconds()),
                partition ? "no connection between them" : "ms added to each hop");
      break;
    }
    case FailureSpec::Kind::RANDOM:
    case FailureSpec::Kind::CHAOS_MONKEY:
      break;
  }
  ++counts_[f.kind == FailureSpec::Kind::CRASH      ? "crash"
                : f.kind == FailureSpec::Kind::SLOWDOWN ? "slowdown"
                : f.kind == FailureSpec::Kind::ERRORS   ? "errors"
                : f.kind == FailureSpec::Kind::LATENCY  ? "latency"
                                                        : "partition"];
  if (f.duration && f.at + *f.duration <= spec_.duration) sim_.schedule_at<&FaultInjector::on_fault_end>(f.at + *f.duration, this, index);
}

void FaultInjector::on_fault_end(std::uint64_t index) {
  const FailureSpec& f = spec_.failures[index];
  const std::string id = fmt::format("f{}", index);
  auto service_of = [&](const std::string& name) -> Service& {
    return *std::find_if(services_.begin(), services_.end(), [&](const Service& s) { return s.name == name; });
  };
  switch (f.kind) {
    case FailureSpec::Kind::CRASH:
      for (const std::uint32_t i : crashed_by_failure_[index]) target_.bring_up(i, id, "restored");
      crashed_by_failure_[index].clear();
      break;
    case FailureSpec::Kind::SLOWDOWN: {
      Service& svc = service_of(f.service);
      const double before = svc.slowdown;
      svc.slowdown /= f.factor;
      events_.log("slowdown_end", id, svc.name, "", fmt::format("{:g}", before), fmt::format("{:g}", svc.slowdown), "restored");
      break;
    }
    case FailureSpec::Kind::ERRORS: {
      Service& svc = service_of(f.service);
      const double before = svc.error_rate;
      svc.error_rate = f.error_rate >= 1 ? 0.0 : 1 - (1 - svc.error_rate) / (1 - f.error_rate);
      if (svc.error_rate < 1e-12) svc.error_rate = 0;
      events_.log("errors_end", id, svc.name, "", fmt::format("{:g}", before), fmt::format("{:g}", svc.error_rate), "restored");
      break;
    }
    case FailureSpec::Kind::LATENCY:
    case FailureSpec::Kind::PARTITION: {
      std::erase_if(network_faults_, [&](const NetworkFault& n) { return n.failure == index; });
      const bool partition = f.kind == FailureSpec::Kind::PARTITION;
      events_.log(partition ? "partition_end" : "latency_end", id, f.from, f.to, "", "", "restored");
      break;
    }
    case FailureSpec::Kind::RANDOM:
    case FailureSpec::Kind::CHAOS_MONKEY:
      break;
  }
}

void FaultInjector::on_random_failure(std::uint64_t t) {
  RandomTarget& target = random_targets_[t];
  const FailureSpec& f = spec_.failures[target.failure];
  const std::string id = fmt::format("r{}.{}.{}", target.failure, target.name, target.outages);
  for (const std::uint32_t i : target.instances) target_.take_down(i, target.unreachable, id, target.unreachable ? "random node failure" : "random instance failure");
  ++counts_["random"];
  const double ttr = std::max(0.0, f.time_to_repair.sample(target.rng));
  sim_.schedule_in<&FaultInjector::on_random_repair>(core::SimTime::from_seconds(ttr), this, t);
}

void FaultInjector::on_random_repair(std::uint64_t t) {
  RandomTarget& target = random_targets_[t];
  const FailureSpec& f = spec_.failures[target.failure];
  const std::string id = fmt::format("r{}.{}.{}", target.failure, target.name, target.outages++);
  for (const std::uint32_t i : target.instances) target_.bring_up(i, id, "repaired");
  const double ttf = std::max(0.0, f.time_to_failure.sample(target.rng));
  sim_.schedule_in<&FaultInjector::on_random_failure>(core::SimTime::from_seconds(ttf), this, t);
}

void FaultInjector::on_chaos_kill(std::uint64_t index) {
  const FailureSpec& f = spec_.failures[index];
  auto& rng = chaos_rngs_[index];
  std::vector<std::uint32_t> candidates;
  for (std::uint32_t i = 0; i < instances_.size(); ++i) {
    const auto& name = services_[instances_[i].service].name;
    if (instances_[i].up && (f.services.empty() || std::find(f.services.begin(), f.services.end(), name) != f.services.end()))
      candidates.push_back(i);
  }
  if (!candidates.empty()) {
    const std::uint32_t victim = candidates[boost::random::uniform_int_distribution<std::size_t>(0, candidates.size() - 1)(rng.engine())];
    const std::uint32_t kill = chaos_kills_[index]++;
    target_.take_down(victim, false, fmt::format("c{}.{}", index, kill), "chaos monkey");
    ++counts_["chaos_monkey"];
    const double restart = std::max(0.0, f.time_to_repair.sample(rng));
    sim_.schedule_in<&FaultInjector::on_chaos_restore>(core::SimTime::from_seconds(restart), this, pack(static_cast<std::uint32_t>(index), victim));
    chaos_restore_ids_[pack(static_cast<std::uint32_t>(index), victim)] = fmt::format("c{}.{}", index, kill);
  }
  sim_.schedule_in<&FaultInjector::on_chaos_kill>(core::SimTime::from_seconds(std::max(1e-3, f.interval.sample(rng))), this, index);
}

void FaultInjector::on_chaos_restore(std::uint64_t packed) {
  const auto it = chaos_restore_ids_.find(packed);
  target_.bring_up(low_of(packed), it->second, "restarted");
  chaos_restore_ids_.erase(it);
}

bool FaultInjector::partitioned(const Call& call, std::uint32_t callee_zone) const {
  for (const auto& n : network_faults_) {
    if (!n.partition) continue;
    const std::uint32_t x = n.zones ? call.caller_zone : call.caller_service;
    const std::uint32_t y = n.zones ? callee_zone : call.service;
    if ((x == n.a && y == n.b) || (x == n.b && y == n.a)) return true;
  }
  return false;
}

core::SimTime FaultInjector::injected_latency(const Call& call, std::uint32_t callee_zone) const {
  core::SimTime added;
  for (const auto& n : network_faults_) {
    if (n.partition) continue;
    const std::uint32_t x = n.zones ? call.caller_zone : call.caller_service;
    const std::uint32_t y = n.zones ? callee_zone : call.service;
    if ((x == n.a && y == n.b) || (x == n.b && y == n.a)) added += n.added;
  }
  return added;
}

}  // namespace msim::model
