#include "validation/ValidationSuite.hpp"

#include <cmath>
#include <map>
#include <stdexcept>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "experiment/Replications.hpp"
#include "experiment/Statistics.hpp"
#include "scenario/ScenarioLoader.hpp"
#include "validation/QueueingTheory.hpp"

namespace msim::validation {
namespace {

using json = nlohmann::ordered_json;
using scenario::ScenarioSpec;
using scenario::ServiceSpec;

constexpr double CONFIDENCE = 0.999;

struct CaseSpec {
  std::string name;
  std::filesystem::path scenario;
  std::string model;
  std::size_t replications = 20;
  std::vector<std::string> quantities;
};

[[noreturn]] void suite_error(const std::filesystem::path& file, const YAML::Node& node, const std::string& message) {
  throw std::runtime_error(fmt::format("{}:{}:{}: {}", file.string(), node.Mark().line + 1, node.Mark().column + 1, message));
}

std::vector<CaseSpec> read_suite(const std::filesystem::path& file) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(file.string());
  } catch (const YAML::Exception& e) {
    throw std::runtime_error(fmt::format("{}: {}", file.string(), e.what()));
  }
  const YAML::Node cases = root["cases"];
  if (!cases || !cases.IsSequence()) suite_error(file, root, "expected 'cases:' with a list of validation cases");
  std::vector<CaseSpec> out;
  for (const auto& c : cases) {
    CaseSpec spec;
    for (const char* key : {"name", "scenario", "model", "quantities"})
      if (!c[key]) suite_error(file, c, fmt::format("a case needs '{}'", key));
    spec.name = c["name"].as<std::string>();
    spec.scenario = file.parent_path() / c["scenario"].as<std::string>();
    spec.model = c["model"].as<std::string>();
    if (c["replications"]) spec.replications = c["replications"].as<std::size_t>();
    spec.quantities = c["quantities"].as<std::vector<std::string>>();
    out.push_back(std::move(spec));
  }
  return out;
}

// ---- Parameters read off the scenario --------------------------------------------------------

double arrival_rate(const ScenarioSpec& spec) {
  const auto& w = spec.workloads.at(0);
  if (w.kind != scenario::WorkloadSpec::Kind::OPEN || w.rate.kind != scenario::RateProfile::Kind::CONSTANT)
    throw std::invalid_argument("validation: this model needs one open workload with a constant rate");
  return w.rate.rate;
}

struct Moments {
  double mean = 0;
  double second = 0;  // E[S^2]
};

Moments work_of(const ServiceSpec& svc, std::size_t endpoint = 0) {
  const auto& d = svc.endpoints.at(endpoint).work;
  return {d.mean(), d.variance() + d.mean() * d.mean()};
}

const scenario::EndpointSpec& endpoint_of(const ScenarioSpec& spec, const std::string& service, const std::string& endpoint) {
  for (const auto& e : spec.find_service(service)->endpoints)
    if (e.name == endpoint) return e;
  throw std::invalid_argument("validation: no endpoint " + service + "." + endpoint);
}

// Mean number of visits of each service per request (traffic equations on the call DAG).
void add_visits(const ScenarioSpec& spec, const std::string& service, const std::string& endpoint, double v,
                std::map<std::string, double>& visits) {
  visits[service] += v;
  for (const auto& step : endpoint_of(spec, service, endpoint).steps)
    for (const auto& call : step.calls) add_visits(spec, call.service, call.endpoint, v * call.probability * call.count.mean(), visits);
}

std::map<std::string, double> visits_per_request(const ScenarioSpec& spec) {
  std::map<std::string, double> visits;
  const auto& entry = spec.workloads.at(0).mix.at(0);
  add_visits(spec, entry.service, entry.endpoint, 1.0, visits);
  return visits;
}

double percentile_of(const std::string& q) { return std::stod(q.substr(1)) / (q.size() == 4 && q[1] == '9' && q[2] == '9' && q[3] == '9' ? 1000 : 100); }
bool is_percentile(const std::string& q) { return q.size() >= 2 && q[0] == 'p' && std::isdigit(static_cast<unsigned char>(q[1])); }

// The theoretical value of `quantity` (seconds for times; converted to ms by the caller).
double theory_value(const std::string& model, const ScenarioSpec& spec, const std::string& quantity) {
  auto unknown = [&] { return std::invalid_argument(fmt::format("validation: model '{}' has no quantity '{}'", model, quantity)); };
  const ServiceSpec& station = spec.services.at(0);
  if (model == "mm1" || model == "mmc" || model == "lb_random") {
    const double lambda = arrival_rate(spec) / station.replicas;  // random split: Poisson lambda/k each
    const double mu = 1.0 / work_of(station).mean;
    const int c = station.workers;
    if (quantity == "mean") return mmc_response_mean(lambda, mu, c);
    if (quantity == "wait_mean") return mmc_wait_mean(lambda, mu, c);
    if (quantity == "p_wait") return erlang_c(c, lambda / mu);
    if (is_percentile(quantity)) return mmc_response_quantile(lambda, mu, c, percentile_of(quantity));
    throw unknown();
  }
  if (model == "mg1") {
    const Moments s = work_of(station);
    const double lambda = arrival_rate(spec);
    if (quantity == "mean") return mg1_response_mean(lambda, s.mean, s.second);
    if (quantity == "wait_mean") return mg1_response_mean(lambda, s.mean, s.second) - s.mean;
    throw unknown();
  }
  if (model == "mmck") {
    const auto q = mmck(arrival_rate(spec), 1.0 / work_of(station).mean, station.workers, station.workers + station.queue.value_or(0));
    if (quantity == "blocking") return q.blocking;
    if (quantity == "mean") return q.response_mean;
    throw unknown();
  }
  if (model == "lb_rr") {
    const int k = station.replicas;
    if (quantity == "mean") return ek_m1_response_mean(k, arrival_rate(spec) / k, 1.0 / work_of(station).mean);
    throw unknown();
  }
  if (model == "jackson") {
    const double lambda = arrival_rate(spec);
    if (quantity == "throughput") return lambda;
    if (quantity != "mean") throw unknown();
    double total = 0;
    for (const auto& [name, v] : visits_per_request(spec)) {
      const ServiceSpec& s = *spec.find_service(name);
      total += v * mmc_response_mean(lambda * v, 1.0 / work_of(s).mean, s.workers);
    }
    return total;
  }
  if (model == "forkjoin") {
    const auto& branch = spec.services.at(1);
    if (quantity == "mean") return work_of(station).mean + fork_join_two_response_mean(arrival_rate(spec), 1.0 / work_of(branch).mean);
    throw unknown();
  }
  if (model == "mva") {
    const auto& w = spec.workloads.at(0);
    std::vector<double> demands;
    for (const auto& [name, v] : visits_per_request(spec)) demands.push_back(v * work_of(*spec.find_service(name)).mean);
    const auto r = mva(w.users, w.think.mean(), demands);
    if (quantity == "throughput") return r.throughput;
    if (quantity == "mean") return r.response;
    throw unknown();
  }
  if (model == "ps") {
    // One processor-sharing station; request types enter at endpoints of constant sizes.
    const double lambda = arrival_rate(spec);
    const auto& mix = spec.workloads.at(0).mix;
    double total_weight = 0, mean_size = 0;
    for (const auto& t : mix) total_weight += t.weight;
    for (const auto& t : mix) mean_size += t.weight / total_weight * endpoint_of(spec, t.service, t.endpoint).work.mean();
    if (quantity == "mean") return mg1_ps_response_mean(lambda, mean_size);
    if (quantity.rfind("type_mean:", 0) == 0) {
      const std::string type = quantity.substr(10);
      for (const auto& t : mix)
        if (t.name == type) return mg1_ps_response_given_size(lambda, mean_size, endpoint_of(spec, t.service, t.endpoint).work.mean());
    }
    throw unknown();
  }
  throw std::invalid_argument("validation: unknown model '" + model + "'");
}

// ---- Reading the simulated quantity ---------------------------------------------------------

double simulated_value(const json& s, const ScenarioSpec& spec, const std::string& quantity) {
  const auto& all = s.at("requests").at("all");
  const auto& station = s.at("services").at(spec.services.at(0).name);
  if (quantity == "mean" || is_percentile(quantity)) return all.at("latency_ms").at(quantity).get<double>();
  if (quantity == "wait_mean") return station.at("wait_ms").at("mean").get<double>();
  if (quantity == "p_wait") return station.at("waited_fraction").get<double>();
  if (quantity == "throughput") return all.at("throughput_rps").get<double>();
  if (quantity == "blocking") {
    const double completed = all.at("completed").get<double>(), failed = all.at("failed").get<double>();
    return all.at("failed_by_cause").at("rejected").get<double>() / (completed + failed);
  }
  if (quantity.rfind("type_mean:", 0) == 0) return s.at("requests").at(quantity.substr(10)).at("latency_ms").at("mean").get<double>();
  throw std::invalid_argument("validation: unknown quantity '" + quantity + "'");
}

std::string unit_of(const std::string& quantity) {
  if (quantity == "throughput") return "/s";
  if (quantity == "blocking" || quantity == "p_wait") return "";
  return "ms";
}

void perturb(ScenarioSpec& spec, Perturbation p) {
  for (auto& svc : spec.services) {
    switch (p) {
      case Perturbation::NONE:
        break;
      case Perturbation::FASTER_SERVICE_3PCT:
        for (auto& e : svc.endpoints) e.work = e.work.scaled(1.0 / 1.03);
        break;
      case Perturbation::LIFO:
        if (svc.discipline == scenario::Discipline::FCFS) svc.discipline = scenario::Discipline::LIFO;
        break;
      case Perturbation::ONE_WORKER_FEWER:
        if (svc.workers >= 2) --svc.workers;
        break;
    }
  }
}

}  // namespace

double CheckResult::relative_error() const { return theory != 0 ? (mean - theory) / theory : 0.0; }
double CheckResult::relative_half_width() const { return mean != 0 ? half_width / std::abs(mean) : 0.0; }

const std::vector<std::string>& perturbation_names() {
  static const std::vector<std::string> names{"faster-service", "lifo", "one-worker-fewer"};
  return names;
}

Perturbation parse_perturbation(const std::string& name) {
  if (name.empty() || name == "none") return Perturbation::NONE;
  if (name == "faster-service") return Perturbation::FASTER_SERVICE_3PCT;
  if (name == "lifo") return Perturbation::LIFO;
  if (name == "one-worker-fewer") return Perturbation::ONE_WORKER_FEWER;
  throw std::invalid_argument(fmt::format("unknown perturbation '{}' (valid: {})", name, fmt::join(perturbation_names(), ", ")));
}

std::vector<CheckResult> run_validation_suite(const std::filesystem::path& suite_file, const SuiteOptions& options) {
  auto cases = read_suite(suite_file);
  if (!options.cases.empty()) {
    std::vector<CaseSpec> chosen;
    for (const auto& name : options.cases) {
      const auto it = std::find_if(cases.begin(), cases.end(), [&](const CaseSpec& c) { return c.name == name; });
      if (it == cases.end()) throw std::invalid_argument("no validation case named '" + name + "'");
      chosen.push_back(*it);
    }
    cases = std::move(chosen);
  }
  std::vector<CheckResult> results;
  std::size_t done = 0;
  for (const auto& c : cases) {
    auto loaded = scenario::load_scenario_file(c.scenario.string());
    if (!loaded.ok()) {
      std::string problems;
      for (const auto& d : loaded.diagnostics) problems += d.format() + "\n";
      throw std::runtime_error("validation scenario does not load:\n" + problems);
    }
    const ScenarioSpec& spec = *loaded.spec;
    ScenarioSpec simulated = spec;
    perturb(simulated, options.perturbation);
    experiment::ReplicationPlan plan;
    plan.replications = c.replications;
    plan.jobs = options.jobs;
    plan.cancel = options.cancel;
    const auto outcome = experiment::run_replications(simulated, plan);
    if (outcome.cancelled) break;
    for (const auto& q : c.quantities) {
      CheckResult r;
      r.case_name = c.name;
      r.model = c.model;
      r.quantity = q;
      r.unit = unit_of(q);
      r.theory = theory_value(c.model, spec, q) * (r.unit == "ms" ? 1000.0 : 1.0);
      std::vector<double> values;
      for (const auto& s : outcome.replications) values.push_back(simulated_value(s, spec, q));
      const auto e = experiment::estimate(values, CONFIDENCE);
      r.mean = e.mean;
      r.half_width = e.half_width;
      r.replications = e.n;
      r.max_relative_half_width = is_percentile(q) ? 0.02 : 0.01;
      r.inside = std::abs(r.theory - r.mean) <= r.half_width;
      r.precise = r.relative_half_width() <= r.max_relative_half_width;
      results.push_back(r);
    }
    ++done;
    if (options.on_case_done) options.on_case_done(c.name, done, cases.size());
  }
  return results;
}

std::string format_checks(const std::vector<CheckResult>& checks, bool markdown) {
  std::string out;
  const auto header = std::vector<std::string>{"case", "quantity", "theory", "simulated (99.9% CI)", "rel. error", "CI half-width", "result"};
  if (markdown) {
    out += "| " + fmt::format("{}", fmt::join(header, " | ")) + " |\n";
    out += "|---|---|---|---|---|---|---|\n";
  } else {
    out += fmt::format("{:<24} {:<18} {:>12} {:>26} {:>10} {:>13}  {}\n", header[0], header[1], header[2], header[3], header[4], header[5], header[6]);
  }
  std::size_t passed = 0;
  for (const auto& c : checks) {
    const std::string quantity = c.unit.empty() ? c.quantity : fmt::format("{} ({})", c.quantity, c.unit);
    const std::string sim = fmt::format("{:.5g} ± {:.3g}", c.mean, c.half_width);
    const std::string verdict = c.pass() ? "PASS" : (!c.inside ? "FAIL (theory outside CI)" : "FAIL (CI too wide)");
    const std::string err = fmt::format("{:+.3f}%", 100 * c.relative_error());
    const std::string hw = fmt::format("{:.3f}% (≤{:g}%)", 100 * c.relative_half_width(), 100 * c.max_relative_half_width);
    if (markdown)
      out += fmt::format("| {} | {} | {:.5g} | {} | {} | {} | {} |\n", c.case_name, quantity, c.theory, sim, err, hw, verdict);
    else
      out += fmt::format("{:<24} {:<18} {:>12.5g} {:>26} {:>10} {:>13}  {}\n", c.case_name, quantity, c.theory, sim, err, hw, verdict);
    passed += c.pass() ? 1 : 0;
  }
  out += fmt::format("\n{} of {} checks passed\n", passed, checks.size());
  return out;
}

}  // namespace msim::validation
