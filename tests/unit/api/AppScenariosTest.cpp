// The application scenarios reproduce what they claim: their request mix (socialNetwork's within
// 1 %), and on every endpoint the number of calls its call graph predicts. The expectations are computed from the
// scenario file itself (probabilities, counts, the mix's weights), never written down here.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <string>

#include <unistd.h>

#include <gtest/gtest.h>
#include <msim/Experiments.hpp>
#include <yaml-cpp/yaml.h>

namespace {

double parse_fraction(const std::string& text) {
  if (!text.empty() && text.back() == '%') return std::stod(text.substr(0, text.size() - 1)) / 100.0;
  return std::stod(text);
}

// Mean of a `count`: a constant, or uniform(a, b) rounded to the nearest whole number.
double mean_count(const YAML::Node& count, bool& random) {
  if (!count) return 1.0;
  const auto text = count.as<std::string>();
  if (text.rfind("uniform(", 0) != 0) return std::stod(text);
  random = true;
  const auto comma = text.find(',');
  const double a = std::stod(text.substr(8, comma - 8));
  const double b = std::stod(text.substr(comma + 1));
  double mean = 0;  // E[round(U)] = sum over k of k * P(U in [k - 0.5, k + 0.5))
  for (double k = std::floor(a); k <= std::ceil(b); k += 1.0)
    mean += k * std::max(0.0, std::min(b, k + 0.5) - std::max(a, k - 0.5)) / (b - a);
  return mean;
}

std::string per_process(const std::string& stem) { return stem + "-" + std::to_string(::getpid()); }

std::pair<std::string, std::string> split_reference(const std::string& ref) {
  const auto at = ref.find_first_of(". ");
  return {ref.substr(0, at), ref.substr(at + 1)};
}

struct Visits {
  std::map<std::string, double> mean;  // "service.endpoint" -> expected calls per request
  std::map<std::string, bool> random;  // whether that number varies from request to request
};

// Expected calls to every endpoint reached from `service.endpoint`, `weight` times per request.
void walk(const YAML::Node& services, const std::string& service, const std::string& endpoint, double weight, bool random,
          Visits& visits) {
  const std::string key = service + "." + endpoint;
  visits.mean[key] += weight;
  visits.random[key] = visits.random[key] || random;
  const auto calls = services[service]["endpoints"][endpoint]["calls"];
  if (!calls) return;
  const auto visit_call = [&](const YAML::Node& call) {
    if (call.IsScalar()) {
      const auto [s, e] = split_reference(call.as<std::string>());
      walk(services, s, e, weight, random, visits);
      return;
    }
    bool varies = random;
    double p = 1.0;
    if (call["probability"]) {
      p = parse_fraction(call["probability"].as<std::string>());
      varies = varies || p < 1.0;
    }
    const double n = mean_count(call["count"], varies);
    const auto [s, e] = split_reference(call["call"].as<std::string>());
    walk(services, s, e, weight * p * n, varies, visits);
  };
  for (const auto& step : calls) {
    if (step.IsMap() && step["parallel"]) {
      for (const auto& call : step["parallel"]) visit_call(call);
    } else {
      visit_call(step);
    }
  }
}

struct AppCase {
  std::string name;  // folder in scenarios/apps/
  std::string duration;  // long enough for a few hundred thousand requests
  double mix_tolerance;  // relative; 0: only the binomial check
};

std::ostream& operator<<(std::ostream& out, const AppCase& c) { return out << c.name; }

class AppScenario : public ::testing::TestWithParam<AppCase> {
protected:
  void SetUp() override {
    path_ = std::string(MSIM_SOURCE_DIR) + "/scenarios/apps/" + GetParam().name + "/scenario.yaml";
    msim::api::SessionOptions options;
    options.duration = GetParam().duration;
    // One folder per process: several builds may run their tests at the same time.
    options.out_dir = std::filesystem::temp_directory_path() / per_process("msim-apps-test-" + GetParam().name);
    const auto result = msim::api::run_batch(path_, options, {});
    ASSERT_TRUE(result.problems.empty()) << result.problems.front();
    summary_ = result.summary;
    std::filesystem::remove_all(options.out_dir);
  }

  double requests(const std::string& type) const {
    const auto* r = summary_.request_type(type);
    return r ? r->outcome.completed + r->outcome.failed : 0.0;
  }
  double endpoint_calls(const std::string& service, const std::string& endpoint) const {
    if (const auto* s = summary_.service(service))
      for (const auto& e : s->endpoints)
        if (e.name == endpoint) return e.completed + e.failed;
    return 0.0;
  }

  std::string path_;
  msim::api::Summary summary_;
};

// The request mix of the scenario's (single) workload is reproduced, and every endpoint receives
// the calls its call graph predicts for the requests that were made.
TEST_P(AppScenario, ReproducesItsRequestMixAndCallGraph) {
  const auto scenario = YAML::LoadFile(path_);
  ASSERT_EQ(scenario["workload"].size(), 1u);
  const auto workload = scenario["workload"][0];
  std::map<std::string, std::pair<double, std::string>> types;  // request type -> weight, entry endpoint
  if (workload["mix"]) {
    for (const auto& entry : workload["mix"]) types[entry.first.as<std::string>()] = {entry.second["weight"].as<double>(), entry.second["call"].as<std::string>()};
  } else {
    types[workload["name"].as<std::string>()] = {1.0, workload["call"].as<std::string>()};
  }
  double weights = 0;
  for (const auto& [type, entry] : types) weights += entry.first;
  const double total = requests("all");
  ASSERT_GT(total, 100000.0);
  EXPECT_EQ(summary_.all().failed, 0.0);
  for (const auto& [type, entry] : types) {
    const double expected = entry.first / weights;
    const double share = requests(type) / total;
    const double sigma = std::sqrt(expected * (1 - expected) / total);
    if (GetParam().mix_tolerance > 0) {
      EXPECT_NEAR(share, expected, GetParam().mix_tolerance * expected) << type << ": share " << share << ", mix " << expected;
    }
    EXPECT_NEAR(share, expected, 4.5 * sigma + 1e-12) << type << ": more than 4.5 binomial standard deviations off";
  }

  const auto services = scenario["services"];
  std::map<std::string, double> expected;
  std::map<std::string, bool> random;
  for (const auto& [type, entry] : types) {
    Visits visits;
    const auto [s, e] = split_reference(entry.second);
    walk(services, s, e, 1.0, false, visits);
    for (const auto& [key, mean] : visits.mean) {
      expected[key] += requests(type) * mean;
      random[key] = random[key] || visits.random[key];
    }
  }
  std::size_t endpoints = 0;
  for (const auto& service : services) {
    for (const auto& endpoint : service.second["endpoints"]) {
      const auto s = service.first.as<std::string>();
      const auto e = endpoint.first.as<std::string>();
      const double observed = endpoint_calls(s, e);
      const double want = expected[s + "." + e];
      ASSERT_GT(want, 0.0) << s << "." << e << " is never called";
      // Calls of requests in flight at the warm-up's end or the run's end fall on one side only:
      // a few dozen. Random fan-out (cache misses, follower counts) adds sampling noise on top.
      const double tolerance = random[s + "." + e] ? 5 * std::sqrt(want) + 0.01 * want : 0.0005 * want + 50;
      EXPECT_NEAR(observed, want, tolerance) << s << "." << e << (random[s + "." + e] ? " (random fan-out)" : "");
      ++endpoints;
    }
  }
  EXPECT_GE(endpoints, 10u);
}

// socialNetwork must reproduce its mix within 1 %: about a million requests make 1 % more than
// three binomial standard deviations of its smallest share (compose-post, 10 %).
INSTANTIATE_TEST_SUITE_P(Apps, AppScenario,
                         ::testing::Values(AppCase{"social-network", "60m", 0.01}, AppCase{"hotel-reservation", "20m", 0},
                                           AppCase{"media-compose-review", "10m", 0}, AppCase{"online-boutique", "30m", 0},
                                           AppCase{"sock-shop", "60m", 0}),
                         [](const ::testing::TestParamInfo<AppCase>& param_info) {
                           std::string name = param_info.param.name;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

}  // namespace
