// The stories of docs/resilience.md, on the very scenario files of scenarios/resilience/: the
// numbers there come from scripts/resilience-report.sh; these tests hold their direction and size.
#include <gtest/gtest.h>

#include "model/Simulation.hpp"
#include "scenario/ScenarioLoader.hpp"

namespace msim::model {
namespace {

using json = nlohmann::ordered_json;

json run(const std::string& name, const std::vector<std::string>& overrides = {}) {
  scenario::LoadOptions options;
  options.overrides = overrides;
  auto r = scenario::load_scenario_file(MSIM_SOURCE_DIR "/scenarios/resilience/" + name, options);
  for (const auto& d : r.diagnostics) ADD_FAILURE() << d.format();
  if (!r.ok()) return json::object();
  Simulation sim(*r.spec, {});
  while (!sim.advance(1 << 20)) {
  }
  return sim.summary(0);
}

double failed_share(const json& requests) {
  const double failed = requests["failed"].get<double>();
  return failed / (failed + requests["completed"].get<double>());
}

TEST(ResilienceScenarios, RetryStormCollapsesWithoutABudget) {
  const auto none = run("retry-storm.yaml", {"services.web.endpoints.get.calls.0.retries.attempts=1"});
  const auto storm = run("retry-storm.yaml");
  const auto budget = run("retry-storm.yaml", {"services.web.endpoints.get.calls.0.retries.budget=10%"});
  EXPECT_GT(failed_share(storm["requests"]["all"]), 0.5) << "most requests fail in the storm";
  EXPECT_LT(failed_share(budget["requests"]["all"]), 0.15) << "the budget prevents the collapse";
  EXPECT_LT(failed_share(none["requests"]["all"]), 0.15);
  EXPECT_GT(storm["services"]["api"]["retries"].get<double>(), 50 * budget["services"]["api"]["retries"].get<double>());
}

TEST(ResilienceScenarios, BreakerKeepsBrowseHealthyWhilePaymentsHangs) {
  const auto without = run("circuit-breaker.yaml", {"services.web.endpoints.checkout.calls.0.circuitBreaker.enabled=false"});
  const auto with = run("circuit-breaker.yaml");
  EXPECT_GT(failed_share(without["requests"]["browse"]), 0.2);
  EXPECT_GT(without["requests"]["browse"]["latency_ms"]["p99"].get<double>(), 1000.0);
  EXPECT_LT(failed_share(with["requests"]["browse"]), 0.001);
  EXPECT_LT(with["requests"]["browse"]["latency_ms"]["p99"].get<double>(), 100.0);
  EXPECT_GT(with["services"]["payments"]["short_circuited"].get<double>(), 1000.0);
}

TEST(ResilienceScenarios, StalerDiscoveryMeansMoreErrorsAfterACrash) {
  // 300 s outage of 1 of 4 instances at 400/s: 30,000 requests would go to it.
  const double ideal = run("discovery-staleness.yaml", {"cluster.discovery=ideal"})["requests"]["all"]["failed"].get<double>();
  const double consul = run("discovery-staleness.yaml", {"cluster.discovery=consul"})["requests"]["all"]["failed"].get<double>();
  const double k8s = run("discovery-staleness.yaml", {"cluster.discovery=kubernetes"})["requests"]["all"]["failed"].get<double>();
  const double eureka = run("discovery-staleness.yaml", {"cluster.discovery=eureka"})["requests"]["all"]["failed"].get<double>();
  EXPECT_LT(ideal, 10.0);
  EXPECT_LT(consul, 100.0 * 12);  // at most a check interval plus propagation
  EXPECT_GT(k8s, 100.0 * 20);  // 21-31 s of a quarter of the traffic
  EXPECT_LT(k8s, 100.0 * 32);
  EXPECT_GT(eureka, 100.0 * 150);  // 150-300 s
}

TEST(ResilienceScenarios, LoadAwareBalancingShortensTheTail) {
  auto p99 = [](const char* policy) {
    return run("lb-tail.yaml", {std::string("services.api.balancer=") + policy})["requests"]["all"]["latency_ms"]["p99"].get<double>();
  };
  const double random = p99("random"), rr = p99("round_robin"), lr = p99("least_request"), lo = p99("least_outstanding");
  EXPECT_GT(random, 1.4 * rr);
  EXPECT_GT(rr, 1.8 * lr);
  EXPECT_LE(lo, lr);
}

}  // namespace
}  // namespace msim::model
