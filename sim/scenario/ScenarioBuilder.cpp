#include "scenario/ScenarioBuilder.hpp"

#include <fmt/format.h>

#include "balancing/BalancingPolicy.hpp"
#include "scaling/Autoscaler.hpp"

namespace msim::scenario {

ScenarioBuilder::ScenarioBuilder(std::string name) {
  spec_.name = std::move(name);
  spec_.path = "<built: " + spec_.name + ">";
  spec_.cluster.zones = {"default"};  // as the loader does without cluster.zones
}

ScenarioBuilder& ScenarioBuilder::zones(const std::vector<std::string>& names) {
  if (names.empty()) problem("cluster.zones", "needs at least one zone");
  for (std::size_t i = 0; i < names.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (names[i] == names[j]) problem("cluster.zones", fmt::format("zone '{}' is listed twice", names[i]));
  spec_.cluster.zones = names;
  return *this;
}

void ScenarioBuilder::problem(const std::string& key, const std::string& message) { problems_.push_back({here(), key + ": " + message}); }

ScenarioBuilder& ScenarioBuilder::seed(std::uint64_t seed) {
  spec_.seed = seed;
  return *this;
}

ScenarioBuilder& ScenarioBuilder::duration(SimTime duration) {
  if (duration <= SimTime::zero()) problem("duration", "must be > 0");
  spec_.duration = duration;
  return *this;
}

ScenarioBuilder& ScenarioBuilder::warmup(SimTime warmup) {
  if (warmup < SimTime::zero()) problem("warmup", "must be >= 0");
  spec_.warmup = warmup;
  return *this;
}

ScenarioBuilder& ScenarioBuilder::metrics_interval(SimTime interval) {
  if (interval <= SimTime::zero()) problem("metrics.interval", "must be > 0");
  spec_.metrics_interval = interval;
  return *this;
}

ScenarioBuilder& ScenarioBuilder::trace_sample(double fraction) {
  if (!(fraction >= 0 && fraction <= 1)) problem("tracing.sample", fmt::format("{} is not a fraction between 0 and 1", fraction));
  spec_.trace_sample = fraction;
  return *this;
}

ScenarioBuilder& ScenarioBuilder::slo(SimTime latency, double quantile) {
  if (latency <= SimTime::zero()) problem("slo.latency", "must be > 0");
  if (!(quantile > 0 && quantile < 1)) problem("slo.latency", fmt::format("quantile {} must lie strictly between 0 and 1", quantile));
  spec_.slo_latency = latency;
  spec_.slo_quantile = quantile;
  return *this;
}

ServiceBuilder ScenarioBuilder::service(const std::string& name) {
  if (!valid_service_name(name))
    problem("services." + name, "a service name is a DNS label: lowercase letters, digits and '-', at most 63 characters (e.g. 'cart', 'user-db')");
  for (const auto& s : spec_.services)
    if (s.name == name) problem("services." + name, "is defined twice");
  ServiceSpec svc;
  svc.name = name;
  svc.where = here();
  spec_.services.push_back(std::move(svc));
  return ServiceBuilder(*this, spec_.services.size() - 1);
}

WorkloadSpec& ScenarioBuilder::add_workload(const std::string& name, const std::vector<MixEntry>& mix) {
  const std::string key = fmt::format("workload[{}]", spec_.workloads.size());
  for (const auto& w : spec_.workloads)
    if (w.name == name) problem(key + ".name", fmt::format("workload '{}' is defined twice (its random streams would be shared)", name));
  WorkloadSpec w;
  w.name = name;
  w.where = here();
  double total = 0;
  for (const auto& m : mix) {
    if (!(m.weight >= 0)) problem(key + ".mix." + m.name, fmt::format("weight {} cannot be negative", m.weight));
    total += m.weight;
    w.mix.push_back(RequestTypeSpec{m.name, m.target, {}, {}, m.weight, here()});
  }
  if (!(total > 0)) problem(key + ".mix", mix.empty() ? "needs at least one request type" : "the weights add up to 0");
  spec_.workloads.push_back(std::move(w));
  return spec_.workloads.back();
}

ScenarioBuilder& ScenarioBuilder::open_workload(const std::string& name, double rate, const std::vector<MixEntry>& mix) {
  if (!(rate >= 0)) problem(fmt::format("workload[{}].rate", spec_.workloads.size()), fmt::format("{} must be >= 0 requests per second", rate));
  auto& w = add_workload(name, mix);
  w.kind = WorkloadSpec::Kind::OPEN;
  w.rate.kind = RateProfile::Kind::CONSTANT;
  w.rate.rate = rate;
  return *this;
}

ScenarioBuilder& ScenarioBuilder::closed_workload(const std::string& name, int users, const Distribution& think,
                                                  const std::vector<MixEntry>& mix) {
  if (users < 1) problem(fmt::format("workload[{}].users", spec_.workloads.size()), fmt::format("{} must be >= 1", users));
  auto& w = add_workload(name, mix);
  w.kind = WorkloadSpec::Kind::CLOSED;
  w.users = users;
  w.think = think;
  return *this;
}

ScenarioBuilder& ScenarioBuilder::failure(const FailureSpec& failure) {
  spec_.failures.push_back(failure);
  spec_.failures.back().where = here();
  return *this;
}

LoadResult ScenarioBuilder::build() const {
  // What the loader's first pass reports while it reads, which check_spec therefore assumes.
  auto problems = problems_;
  const auto add = [&](const std::string& key, const std::string& message) { problems.push_back({here(), key + ": " + message}); };
  if (spec_.services.empty()) add("services", "needs at least one service");
  if (spec_.warmup >= spec_.duration) add("warmup", "must be shorter than duration");
  for (const auto& svc : spec_.services) {
    const std::string key = "services." + svc.name;
    if (svc.endpoints.empty()) add(key + ".endpoints", "needs at least one endpoint");
    for (const auto& ep : svc.endpoints)
      for (const auto& step : ep.steps)
        for (const auto& call : step.calls)
          if (call.target.empty()) add(key + ".endpoints." + ep.name + ".calls", "a call needs a target (service.endpoint)");
    if (svc.autoscaler) {
      if (!scaling::find_strategy(svc.autoscaler->kind))
        add(key + ".autoscaler.kind", fmt::format("unknown kind '{}' (valid: {})", svc.autoscaler->kind, fmt::join(scaling::strategy_names(), ", ")));
      else if (svc.autoscaler->kind != "static" && (svc.replicas < svc.autoscaler->min_replicas || svc.replicas > svc.autoscaler->max_replicas))
        add(key + ".replicas", fmt::format("{} must lie between the autoscaler's min ({}) and max ({})", svc.replicas, svc.autoscaler->min_replicas,
                                           svc.autoscaler->max_replicas));
    }
  }
  for (std::size_t i = 0; i < spec_.workloads.size(); ++i)
    for (const auto& t : spec_.workloads[i].mix)
      if (t.target.empty()) add(fmt::format("workload[{}].mix.{}", i, t.name), "a request type needs a target (service.endpoint)");
  return check_built_spec(spec_, problems);
}

ServiceSpec& ServiceBuilder::spec() { return b_.spec_.services[index_]; }

std::string ServiceBuilder::key(const char* field) { return fmt::format("services.{}.{}", spec().name, field); }

ServiceBuilder& ServiceBuilder::replicas(int n) {
  if (n < 0) b_.problem(key("replicas"), fmt::format("{} must be >= 0", n));
  spec().replicas = n;
  return *this;
}

ServiceBuilder& ServiceBuilder::workers(int n) {
  if (n < 1) b_.problem(key("workers"), fmt::format("{} must be >= 1", n));
  spec().workers = n;
  return *this;
}

ServiceBuilder& ServiceBuilder::queue(int slots) {
  if (slots < 0) b_.problem(key("queue"), fmt::format("{} must be >= 0", slots));
  spec().queue = slots;
  return *this;
}

ServiceBuilder& ServiceBuilder::discipline(Discipline d) {
  spec().discipline = d;
  return *this;
}

ServiceBuilder& ServiceBuilder::cpu(double request_cores, double limit_cores) {
  if (!(request_cores > 0)) b_.problem(key("resources.cpu"), fmt::format("{} must be > 0 cores", request_cores));
  if (limit_cores != 0 && !(limit_cores >= request_cores)) b_.problem(key("resources.limits.cpu"), fmt::format("the limit {} must be 0 (none) or at least the request {}", limit_cores, request_cores));
  spec().cpu_request = request_cores;
  spec().cpu_limit = limit_cores;
  return *this;
}

ServiceBuilder& ServiceBuilder::startup(const Distribution& seconds) {
  spec().startup = seconds;
  return *this;
}

ServiceBuilder& ServiceBuilder::balancer(const std::string& policy) {
  if (!balancing::find_policy(policy))
    b_.problem(key("balancer"), fmt::format("unknown policy '{}' (valid: {})", policy, fmt::join(balancing::policy_names(), ", ")));
  spec().balancer.policy = policy;
  return *this;
}

ServiceBuilder& ServiceBuilder::autoscaler(const AutoscalerSpec& autoscaler) {
  spec().autoscaler = autoscaler;
  spec().autoscaler->where = b_.here();
  return *this;
}

EndpointBuilder ServiceBuilder::endpoint(const std::string& name, const Distribution& work_seconds) {
  EndpointSpec ep;
  ep.name = name;
  ep.work = work_seconds;
  ep.where = b_.here();
  spec().endpoints.push_back(std::move(ep));
  return EndpointBuilder(b_, index_, spec().endpoints.size() - 1);
}

EndpointSpec& EndpointBuilder::spec() { return b_.spec_.services[service_].endpoints[endpoint_]; }

std::string EndpointBuilder::calls_key() { return fmt::format("services.{}.endpoints.{}.calls", b_.spec_.services[service_].name, spec().name); }

CallSpec& EndpointBuilder::last_call() { return spec().steps.back().calls.back(); }

EndpointBuilder& EndpointBuilder::call(const std::string& target, double probability) {
  if (!(probability >= 0 && probability <= 1))
    b_.problem(calls_key(),
               fmt::format("'{}': probability {} is not between 0 and 1", target, probability));
  CallSpec c;
  c.target = target;
  c.probability = probability;
  c.where = b_.here();
  spec().steps.push_back(StepSpec{false, {std::move(c)}});
  return *this;
}

EndpointBuilder& EndpointBuilder::parallel(const std::vector<std::string>& targets) {
  StepSpec step{true, {}};
  for (const auto& t : targets) {
    CallSpec c;
    c.target = t;
    c.where = b_.here();
    step.calls.push_back(std::move(c));
  }
  if (step.calls.empty()) b_.problem(calls_key(), "a parallel block needs at least one call");
  else spec().steps.push_back(std::move(step));
  return *this;
}

EndpointBuilder& EndpointBuilder::timeout(SimTime per_attempt) {
  if (spec().steps.empty()) {
    b_.problem(calls_key(), "a timeout needs a call before it");
    return *this;
  }
  if (per_attempt <= SimTime::zero()) b_.problem(calls_key(), "timeout must be > 0");
  last_call().timeout = per_attempt;
  return *this;
}

EndpointBuilder& EndpointBuilder::retry(const RetrySpec& retry) {
  if (spec().steps.empty()) b_.problem(calls_key(), "a retry needs a call before it");
  else last_call().retry = retry;
  return *this;
}

}  // namespace msim::scenario
