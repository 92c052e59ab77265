// Simulation: assembly (the components, the services and their endpoints, call sites and random
// streams, then the initial instances and the components' first events), the run loop and
// summary.json's run header (the measured results come from Measurement).
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "model/Simulation.hpp"
#include "msim/Version.hpp"

namespace msim::model {

namespace {

constexpr int SCHEMA_VERSION = 1;

std::vector<std::string> type_names(const std::vector<RequestTypeDef>& types) {
  std::vector<std::string> names;
  for (const auto& t : types) names.push_back(t.name);
  return names;
}
}  // namespace

using scenario::Discipline;
using scenario::Threading;

Simulation::Simulation(const scenario::ScenarioSpec& spec, RunOptions options)
    : spec_(spec), options_(std::move(options)), events_(sim_, options_.recorders, signals_), placement_(spec.cluster),
      flow_({spec, sim_, services_, instances_, traffic_, outcomes_, signals_, routing_, faults_, compute_, replicas_, tracing_, events_, fault_counts_}),
      traffic_(spec, options_.replication, sim_, flow_),
      outcomes_(type_names(traffic_.types()), options_.windows),
      tracing_(spec, options_.replication, sim_, services_, instances_, options_.recorders),
      compute_(spec, sim_, placement_, services_, instances_, flow_.calls(), flow_),
      replicas_(spec, options_.replication, sim_, placement_, compute_, services_, instances_, view_, flow_, events_, fault_counts_),
      view_(sim_, services_, instances_, events_, replicas_),
      budgets_(spec, sim_, services_, instances_),
      faults_(spec, options_.replication, sim_, placement_, services_, instances_, replicas_, events_, fault_counts_),
      routing_(spec, options_.replication, sim_, services_, instances_, faults_),
      cluster_autoscaler_(spec, sim_, placement_, services_, instances_, replicas_, budgets_, events_),
      autoscaling_(spec, sim_, services_, instances_, replicas_, events_, fault_counts_),
      rollouts_(spec, sim_, services_, instances_, replicas_, view_, budgets_, outcomes_, events_),
      measurement_({spec, sim_, options_.recorders, services_, instances_, placement_, replicas_, outcomes_, tracing_, fault_counts_, rollouts_}) {
  if (options_.fingerprint) sim_.record_trajectory(&trajectory_);
  for (auto* observer : options_.observers) signals_.subscribe(observer);
  build_services();
  flow_.start();
  replicas_.place_initial();
  traffic_.start();
  faults_.start();
  rollouts_.start();
  cluster_autoscaler_.start();
  autoscaling_.start();
  measurement_.start();
}

Simulation::~Simulation() = default;

void Simulation::build_services() {
  const auto seed = spec_.seed;
  const auto rep = options_.replication;
  std::map<std::string, std::uint32_t> index;
  for (std::uint32_t i = 0; i < spec_.services.size(); ++i) index[spec_.services[i].name] = i;
  services_.resize(spec_.services.size());
  for (std::uint32_t s = 0; s < spec_.services.size(); ++s) {
    const auto& ss = spec_.services[s];
    Service& svc = services_[s];
    svc.name = ss.name;
    svc.server.discipline = ss.discipline;
    svc.server.threading = ss.discipline == Discipline::PROCESSOR_SHARING ? Threading::ASYNC : ss.threading;
    svc.server.workers = ss.workers;
    svc.server.queue_capacity = ss.queue ? *ss.queue : -1;
    svc.resources.cpu_request = ss.cpu_request;
    svc.resources.cpu_limit = ss.cpu_limit;
    svc.resources.memory_request = ss.memory_request;
    svc.view.balancer = ss.balancer;
    svc.view.discovery_rng = core::RandomStream(seed, rep, "services/" + ss.name + "/discovery");
    svc.faults.error_rng = core::RandomStream(seed, rep, "services/" + ss.name + "/errors");
    svc.view.discovery = DiscoveryTiming(ss.discovery.value_or(spec_.discovery), svc.view.discovery_rng);
    svc.resilience.cancellation = ss.cancellation;
    if (ss.rate_limit) {
      svc.resilience.rate_limit = *ss.rate_limit;
      svc.resilience.rate_limit_burst = ss.rate_limit_burst > 0 ? ss.rate_limit_burst : std::max(1.0, *ss.rate_limit);
      svc.resilience.tokens = svc.resilience.rate_limit_burst;
    }
    svc.resilience.shed_queue_length = ss.shed_queue_length.value_or(-1);
    svc.resilience.shed_max_wait = ss.shed_max_wait.value_or(core::SimTime::max());
    svc.resilience.outlier = ss.outlier;
    for (const auto& es : ss.endpoints) {
      Endpoint ep;
      ep.name = es.name;
      ep.work = es.work;
      const std::string prefix = "services/" + ss.name + "/endpoints/" + es.name;
      ep.work_rng = core::RandomStream(seed, rep, prefix + "/work");
      ep.call_rng = core::RandomStream(seed, rep, prefix + "/calls");
      for (const auto& step : es.steps) {
        Step st{step.parallel, static_cast<std::uint32_t>(ep.sites.size()), static_cast<std::uint32_t>(step.calls.size())};
        for (const auto& cs : step.calls) {
          CallSite site;
          site.service = index.at(cs.service);
          const auto& target = spec_.services[site.service];
          for (std::uint32_t e = 0; e < target.endpoints.size(); ++e)
            if (target.endpoints[e].name == cs.endpoint) site.endpoint = e;
          site.probability = cs.probability;
          site.count = cs.count;
          site.always_once = cs.probability >= 1.0 && cs.count.is_constant() && cs.count.mean() == 1.0;
          site.timeout = cs.timeout.value_or(core::SimTime::zero());
          site.retry = cs.retry;
          if (cs.breaker && cs.breaker->enabled) site.breaker = std::make_unique<CircuitBreaker>(*cs.breaker);
          site.bulkhead = cs.bulkhead.value_or(0);
          if (cs.overhead) {
            const double bandwidth = spec_.network.bandwidth;  // bytes per second
            site.callee_cpu = cs.overhead->callee_cpu;
            site.request_extra = core::SimTime::from_seconds(cs.overhead->request_bytes / bandwidth);
            site.response_extra = core::SimTime::from_seconds(cs.overhead->response_bytes / bandwidth);
            ep.caller_cpu += cs.probability * std::max(0.0, cs.count.mean()) * cs.overhead->caller_cpu.seconds();
          }
          if (cs.retry && cs.retry->jitter != scenario::RetrySpec::Jitter::NONE)
            site.retry_rng = core::RandomStream(seed, rep, fmt::format("{}/calls/{}/retry", prefix, ep.sites.size()));
          ep.sites.push_back(std::move(site));
        }
        ep.steps.push_back(st);
      }
      svc.endpoints.push_back(std::move(ep));
    }
  }
}

bool Simulation::advance(std::uint64_t max_events) {
  if (finished_) return true;
  if (!sim_.run_until(spec_.duration, max_events)) return false;
  measurement_.finish();
  finished_ = true;
  return true;
}

nlohmann::ordered_json Simulation::summary(double wall_seconds) const {
  const auto now = sim_.now();
  const double measured = (now - measurement_.window_start()).seconds();
  nlohmann::ordered_json j;
  j["schema_version"] = SCHEMA_VERSION;
  j["msim_version"] = MSIM_VERSION;
  j["scenario"] = spec_.name;
  j["scenario_path"] = spec_.path;
  j["scenario_sha256"] = spec_.sha256;
  nlohmann::ordered_json overrides = nlohmann::ordered_json::object();
  for (const auto& [k, v] : spec_.overrides) overrides[k] = v;
  j["overrides"] = overrides;
  j["seed"] = spec_.seed;
  j["replication"] = options_.replication;
  j["sim_time_s"] = now.seconds();
  j["warmup_s"] = spec_.warmup.seconds();
  j["measured_s"] = measured;
  j["events"] = sim_.events_fired();
  if (options_.fingerprint) j["trajectory_fingerprint"] = trajectory_.hex();
  j["wall_s"] = wall_seconds;
  j["wall_events_per_s"] = wall_seconds > 0 ? static_cast<double>(sim_.events_fired()) / wall_seconds : 0.0;

  nlohmann::ordered_json results = measurement_.results();
  for (auto& item : results.items()) j[item.key()] = std::move(item.value());
  return j;
}


}  // namespace msim::model
