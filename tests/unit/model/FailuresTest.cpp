// Faults and resilience through the whole engine: what users will see in summary.json.
#include <cmath>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "ModelTestSupport.hpp"
#include "model/Simulation.hpp"
#include "scenario/ScenarioLoader.hpp"

namespace msim::model {
namespace {

nlohmann::ordered_json run(const std::string& yaml, const std::vector<std::string>& overrides = {}, const std::filesystem::path& out = {}) {
  scenario::LoadOptions options;
  options.overrides = overrides;
  auto r = scenario::load_scenario_text(yaml, "test.yaml", ".", options);
  for (const auto& d : r.diagnostics) ADD_FAILURE() << d.format();
  if (!r.ok()) return {};
  return test::run(*r.spec, out);
}

const char* CRASH = R"Y(
seed: 3
duration: 300s
cluster: { discovery: kubernetes }
services:
  web: { replicas: 2, workers: 100, threading: async, endpoints: { get: { work: exponential(1ms), calls: [api.get] } } }
  api: { replicas: 4, workers: 8, endpoints: { get: { work: exponential(2ms) } } }
workload: [ { name: users, rate: 400/s, call: web.get } ]
failures:
  - { at: 60s, crash: { service: api, instances: 1 }, duration: 200s }
)Y";

TEST(Failures, StaleDiscoveryCostsErrorsInProportionToItsLag) {
  std::map<std::string, double> failed;
  for (const char* kind : {"ideal", "consul", "kubernetes", "eureka"})
    failed[kind] = run(CRASH, {std::string("cluster.discovery=") + kind})["requests"]["all"]["failed"].get<double>();
  EXPECT_LT(failed["ideal"], 5.0);  // only the calls in flight at the crash
  EXPECT_LT(failed["ideal"], failed["consul"]);
  EXPECT_LT(failed["consul"], failed["kubernetes"]);
  EXPECT_LT(failed["kubernetes"], failed["eureka"]);
  // A quarter of 400/s goes to the dead instance until discovery drops it: Kubernetes 21-31 s.
  EXPECT_GT(failed["kubernetes"], 100.0 * 20);
  EXPECT_LT(failed["kubernetes"], 100.0 * 32);
  // Eureka: 150-300 s, longer than the outage (200 s), so nearly every call of the outage fails.
  EXPECT_GT(failed["eureka"], 100.0 * 150);
}

TEST(Failures, CrashAndRecoveryShareAnIdInEventsCsv) {
  const auto dir = std::filesystem::temp_directory_path() / "msim-failures-events";
  std::filesystem::remove_all(dir);
  const auto s = run(CRASH, {}, dir);
  std::ifstream in(dir / "events.csv");
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string events = ss.str();
  EXPECT_NE(events.find(",f0,crash,api,api-"), std::string::npos) << events;
  EXPECT_NE(events.find(",f0,recover,api,api-"), std::string::npos) << events;
  EXPECT_NE(events.find(",endpoint_removed,api,"), std::string::npos) << events;
  EXPECT_EQ(s["faults"]["crash"], 1);
  EXPECT_NEAR(s["services"]["api"]["availability"].get<double>(), 1.0 - 0.25 * 200.0 / 300.0, 1e-9);
  std::filesystem::remove_all(dir);
}

TEST(Failures, RandomFailuresReproduceTheirAvailability) {
  // MTTF 60 s, MTTR 20 s: availability 0.75. 20 instances x 40,000 s ~ 10,000 cycles.
  const auto s = run(R"Y(
seed: 9
duration: 40000s
metrics: { interval: 1000s }
services: { s: { replicas: 20, endpoints: { e: { work: 1ms } } } }
workload: [ { name: w, rate: 1/s, call: s.e } ]
failures:
  - random: { service: s, mttf: 60s, mttr: 20s }
)Y");
  const double availability = s["services"]["s"]["availability"].get<double>();
  // Each cycle's up fraction varies; the standard error over ~10,000 cycles is about 0.003.
  EXPECT_NEAR(availability, 0.75, 0.012);
  EXPECT_GT(s["faults"]["random"].get<double>(), 9000.0);
}

TEST(Failures, ZoneCrashTakesDownItsInstancesWhichHangUntilTheConnectTimeout) {
  const auto s = run(R"Y(
seed: 6
duration: 100s
cluster:
  zones: [a, b]
  pools: { p: { nodes: 4, cpu: 8 } }
  discovery: kubernetes
  network: { connect_timeout: 3s }
services:
  web: { replicas: 2, workers: 1000, threading: async, endpoints: { e: { calls: [ { call: api.e, timeout: 10s, retries: 2 } ] } } }
  api: { replicas: 4, workers: 100, endpoints: { e: { work: exponential(100ms) } } }
workload: [ { name: w, rate: 100/s, call: web.e } ]
failures:
  - { at: 50s, crash: { zone: b }, duration: 20s }
)Y");
  // Half of each service sits in zone b. Until Kubernetes notices, calls to api instances there
  // get no answer: after the 3 s connect timeout the retry goes to another instance and succeeds.
  EXPECT_EQ(s["faults"]["instances_down"], 3);
  EXPECT_NEAR(s["services"]["api"]["availability"].get<double>(), 1.0 - 0.5 * 20.0 / 100.0, 1e-9);
  EXPECT_GT(s["services"]["api"]["connect_failures"].get<double>(), 100.0);
  EXPECT_GT(s["requests"]["all"]["latency_ms"]["max"].get<double>(), 3000.0);
  EXPECT_LT(s["requests"]["all"]["latency_ms"]["max"].get<double>(), 4500.0);
}

TEST(Failures, ChaosMonkeyKillsAndRestartsInstances) {
  const auto s = run(R"Y(
seed: 8
duration: 1000s
cluster: { discovery: ideal }
services: { s: { replicas: 5, endpoints: { e: { work: 1ms } } } }
workload: [ { name: w, rate: 50/s, call: s.e } ]
failures:
  - chaos_monkey: { interval: 100s, services: [s], recover: 20s }
)Y");
  EXPECT_GE(s["faults"]["chaos_monkey"].get<double>(), 9.0);
  // About 10 kills x 20 s of 5 x 1000 instance-seconds.
  EXPECT_NEAR(s["services"]["s"]["availability"].get<double>(), 1.0 - 10 * 20.0 / 5000.0, 0.01);
}

const char* STORM = R"Y(
seed: 5
duration: 200s
services:
  web:
    replicas: 2
    workers: 200
    threading: async
    endpoints:
      get:
        work: exponential(1ms)
        calls:
          - { call: api.get, timeout: 100ms, retries: { attempts: 4, backoff: { base: 10ms } } }
  api: { replicas: 4, workers: 8, queue: 1000, endpoints: { get: { work: exponential(5ms) } } }
workload: [ { name: users, rate: 4800/s, call: web.get } ]
failures:
  - { at: 60s, slowdown: { service: api, factor: 1.5 }, duration: 10s }
)Y";

TEST(Resilience, RetriesWithoutABudgetTurnABriefSlowdownIntoACollapse) {
  const auto storm = run(STORM);
  const auto budget = run(STORM, {"services.web.endpoints.get.calls.0.retries.budget=10%"});
  const double storm_ok = storm["requests"]["all"]["throughput_rps"].get<double>();
  const double budget_ok = budget["requests"]["all"]["throughput_rps"].get<double>();
  EXPECT_LT(storm_ok, 0.6 * 4800) << "the storm should keep the service down after the slowdown ends";
  EXPECT_GT(budget_ok, 0.9 * 4800) << "a retry budget should let it recover";
  EXPECT_GT(storm["services"]["api"]["retries"].get<double>(), 5 * budget["services"]["api"]["retries"].get<double>());
}

TEST(Resilience, ABreakerFailsFastWhileItsDependencyIsDown) {
  const char* yaml = R"Y(
seed: 2
duration: 120s
cluster: { discovery: ideal }
services:
  web:
    workers: 1000
    threading: async
    endpoints:
      get:
        work: 1ms
        calls: [ { call: pay.charge, timeout: 1s, circuitBreaker: { window: 20, minimumCalls: 10, open: 5s } } ]
  pay: { workers: 1000, endpoints: { charge: { work: exponential(5ms) } } }
workload: [ { name: users, rate: 200/s, call: web.get } ]
failures:
  - { at: 30s, partition: { between: [web, pay] }, duration: 60s }
)Y";
  const auto with = run(yaml, {"cluster.network.connect_timeout=2s"});
  const auto& all = with["requests"]["all"];
  EXPECT_GT(all["failed_by_cause"]["circuit_open"].get<double>(), 10000.0) << "calls during the partition should be short-circuited";
  // While open, failures are immediate: the mean latency of the failed calls stays far below the 1 s timeout.
  EXPECT_LT(all["failed_by_cause"]["timeout"].get<double>(), 1000.0);
  EXPECT_GT(with["faults"]["breaker_transitions"].get<double>(), 2.0);
  EXPECT_NEAR(all["throughput_rps"].get<double>(), 200.0 * 60 / 120, 5.0) << "it recovers after the partition";
}

TEST(Resilience, BulkheadAndRateLimitRejectTheExcess) {
  const auto s = run(R"Y(
duration: 100s
services:
  gate: { workers: 1000, threading: async, rateLimit: { rate: 100/s, burst: 10 }, endpoints: { e: { calls: [ { call: slow.e, bulkhead: 5 } ] } } }
  slow: { workers: 100, endpoints: { e: { work: 100ms } } }
workload: [ { name: w, rate: 200/s, arrival: constant, call: gate.e } ]
)Y");
  EXPECT_NEAR(s["services"]["gate"]["rate_limited"].get<double>(), 100 * 100, 200);
  // 100/s pass the limit; each holds a bulkhead place for 100 ms: at most 5 of the 10 needed.
  EXPECT_NEAR(s["services"]["slow"]["bulkhead_rejected"].get<double>(), 5000, 300);
}

TEST(Resilience, DeadlinesPropagateAndOrphansAreCancelled) {
  const char* yaml = R"Y(
duration: 60s
services:
  a: { workers: 1000, threading: async, endpoints: { e: { calls: [ { call: b.e, timeout: 50ms } ] } } }
  b: { workers: 1000, threading: async, cancellation: true, endpoints: { e: { calls: [ c.e, c.e ] } } }
  c: { workers: 1000, cancellation: true, endpoints: { e: { work: 40ms } } }
workload: [ { name: w, rate: 100/s, call: a.e } ]
)Y";
  const auto s = run(yaml);
  // b's second call to c starts at 40 ms and would end at 80 ms: past a's 50 ms deadline, so
  // every request times out; with cancellation, b stops before its third step... the second call
  // to c inherits the 50 ms deadline and c drops work whose caller is gone.
  EXPECT_EQ(s["requests"]["all"]["completed"].get<double>(), 0.0);
  EXPECT_GT(s["services"]["c"]["timeouts"].get<double>(), 5000.0) << "the inherited deadline times the call to c out";
  EXPECT_GT(s["services"]["b"]["cancelled"].get<double>() + s["services"]["c"]["cancelled"].get<double>(), 5000.0);
}

TEST(Resilience, OutlierDetectionEjectsAnInstanceThatKeepsFailing) {
  const char* yaml = R"Y(
seed: 4
duration: 200s
cluster: { discovery: ideal, network: { connect_timeout: 10ms } }
services:
  web: { workers: 1000, threading: async, endpoints: { e: { calls: [ api.e ] } } }
  api: { replicas: 5, workers: 100, outlierDetection: { consecutive5xx: 5, maxEjectionPercent: 20% }, endpoints: { e: { work: 1ms } } }
workload: [ { name: w, rate: 500/s, call: web.e } ]
failures:
  - { at: 20s, partition: { between: [web, api] }, duration: 1s }
)Y";
  const auto with = run(yaml);
  EXPECT_GE(with["services"]["api"]["ejections"].get<double>(), 1.0);
}

}  // namespace
}  // namespace msim::model
