// The application scenarios reproduce what they claim: socialNetwork's request mix, and on every
// endpoint the number of calls its call graph predicts. The expectations are computed from the
// scenario file itself (probabilities, counts, the mix's weights), never written down here.
#include <cmath>
#include <filesystem>
#include <map>
#include <string>

#include <gtest/gtest.h>
#include <msim/Session.hpp>
#include <yaml-cpp/yaml.h>

namespace {

const std::string kSocialNetwork = std::string(MSIM_SOURCE_DIR) + "/scenarios/apps/social-network/scenario.yaml";

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

class SocialNetwork : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    msim::api::SessionOptions options;
    options.duration = "60m";  // about a million requests at 300/s
    options.out_dir = std::filesystem::temp_directory_path() / "msim-apps-test-social-network";
    const auto result = msim::api::run_batch(kSocialNetwork, options, {});
    ASSERT_TRUE(result.problems.empty()) << result.problems.front();
    summary_ = new nlohmann::ordered_json(result.summary);
    std::filesystem::remove_all(options.out_dir);
  }
  static void TearDownTestSuite() { delete summary_; }
  static inline nlohmann::ordered_json* summary_ = nullptr;

  static double requests(const std::string& type) {
    const auto& r = (*summary_)["requests"][type];
    return r["completed"].get<double>() + r["failed"].get<double>();
  }
};

TEST_F(SocialNetwork, ReproducesTheRequestMixWithinOnePercent) {
  ASSERT_NE(summary_, nullptr);
  const auto scenario = YAML::LoadFile(kSocialNetwork);
  const auto mix = scenario["workload"][0]["mix"];
  double weights = 0;
  for (const auto& entry : mix) weights += entry.second["weight"].as<double>();
  const double total = requests("all");
  ASSERT_GT(total, 900000.0);
  EXPECT_EQ((*summary_)["requests"]["all"]["failed"].get<double>(), 0.0);
  for (const auto& entry : mix) {
    const auto type = entry.first.as<std::string>();
    const double expected = entry.second["weight"].as<double>() / weights;
    const double share = requests(type) / total;
    const double sigma = std::sqrt(expected * (1 - expected) / total);
    EXPECT_NEAR(share, expected, 0.01 * expected) << type << ": share " << share << ", mix " << expected;
    EXPECT_NEAR(share, expected, 4.5 * sigma) << type << ": more than 4.5 binomial standard deviations off";
  }
}

TEST_F(SocialNetwork, EveryEndpointGetsTheCallsItsCallGraphPredicts) {
  ASSERT_NE(summary_, nullptr);
  const auto scenario = YAML::LoadFile(kSocialNetwork);
  const auto services = scenario["services"];
  std::map<std::string, double> expected;
  std::map<std::string, bool> random;
  for (const auto& entry : scenario["workload"][0]["mix"]) {
    Visits visits;
    const auto [s, e] = split_reference(entry.second["call"].as<std::string>());
    walk(services, s, e, 1.0, false, visits);
    const double n = requests(entry.first.as<std::string>());
    for (const auto& [key, mean] : visits.mean) {
      expected[key] += n * mean;
      random[key] = random[key] || visits.random[key];
    }
  }
  std::size_t endpoints = 0;
  for (const auto& service : services) {
    for (const auto& endpoint : service.second["endpoints"]) {
      const auto s = service.first.as<std::string>();
      const auto e = endpoint.first.as<std::string>();
      const auto& observed_json = (*summary_)["services"][s]["endpoints"][e];
      const double observed = observed_json["completed"].get<double>() + observed_json["failed"].get<double>();
      const double want = expected[s + "." + e];
      ASSERT_GT(want, 0.0) << s << "." << e << " is never called";
      // Calls of requests in flight at the warm-up's end or the run's end fall on one side only:
      // a few dozen. Random fan-out (cache misses, follower counts) adds sampling noise on top.
      const double tolerance = random[s + "." + e] ? 5 * std::sqrt(want) + 0.01 * want : 0.0005 * want + 50;
      EXPECT_NEAR(observed, want, tolerance) << s << "." << e << (random[s + "." + e] ? " (random fan-out)" : "");
      ++endpoints;
    }
  }
  EXPECT_EQ(endpoints, 32u);  // every endpoint of the scenario was checked
}

}  // namespace
