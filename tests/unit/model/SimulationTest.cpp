#include "ModelTestSupport.hpp"
#include "model/Simulation.hpp"

#include <cmath>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "scenario/ScenarioLoader.hpp"

namespace msim::model {
namespace {

using test::load;
using test::run;

std::string single_station(double lambda, double mean_work_s, int workers, const std::string& extra = "", const std::string& duration = "2000s") {
  return fmt::format(R"Y(
seed: 7
duration: {}
warmup: 100s
services:
  station:
    workers: {}
    {}
    endpoints: {{ serve: {{ work: "exponential({}s)" }} }}
workload: [ {{ name: arrivals, rate: {}/s, call: station.serve }} ]
)Y", duration, workers, extra, mean_work_s, lambda);
}

TEST(Simulation, MM1MeanResponseTimeMatchesTheory) {
  // rho = 0.8: W = 1 / (mu - lambda) = 5 ms.
  const auto s = run(load(single_station(800, 0.001, 1)));
  const double theory_ms = 1000.0 / (1000.0 - 800.0);
  const double mean_ms = s["requests"]["all"]["latency_ms"]["mean"].get<double>();
  EXPECT_NEAR(mean_ms / theory_ms, 1.0, 0.02) << "simulated " << mean_ms << " ms, theory " << theory_ms << " ms";
  EXPECT_NEAR(s["services"]["station"]["utilization"].get<double>(), 0.8, 0.01);
  // Response time is exponential with rate mu - lambda: p99 = ln(100) / 200 s.
  EXPECT_NEAR(s["requests"]["all"]["latency_ms"]["p99"].get<double>() / (1000.0 * std::log(100.0) / 200.0), 1.0, 0.05);
}

TEST(Simulation, MMcWaitingMatchesErlangC) {
  // c = 4, lambda = 3200/s, mu = 1000/s: a = 3.2, rho = 0.8.
  const auto s = run(load(single_station(3200, 0.001, 4, "", "500s")));
  const double a = 3.2;
  const int c = 4;
  double sum = 0, term = 1;
  for (int k = 0; k < c; ++k) {
    if (k > 0) term *= a / k;
    sum += term;
  }
  const double last = term * a / c;  // a^c / c!
  const double erlang_c = (last / (1 - a / c)) / (sum + last / (1 - a / c));
  const double w_ms = 1000.0 * (erlang_c / (c * 1000.0 - 3200.0) + 0.001);
  EXPECT_NEAR(s["requests"]["all"]["latency_ms"]["mean"].get<double>() / w_ms, 1.0, 0.03);
}

TEST(Simulation, ProcessorSharingHasTheSameMeanAsFcfsForMM1) {
  const auto s = run(load(single_station(700, 0.001, 1, "discipline: processor_sharing")));
  EXPECT_NEAR(s["requests"]["all"]["latency_ms"]["mean"].get<double>() / (1000.0 / 300.0), 1.0, 0.03);
}

TEST(Simulation, FullQueueRejectsAsMM1KPredicts) {
  // M/M/1/K with K = 3 in the system (1 worker + queue 2), rho = 1: P(block) = 1 / (K + 1).
  const auto s = run(load(single_station(1000, 0.001, 1, "queue: 2", "500s")));
  const double completed = s["requests"]["all"]["completed"].get<double>();
  const double rejected = s["requests"]["all"]["failed_by_cause"]["rejected"].get<double>();
  EXPECT_NEAR(rejected / (completed + rejected), 0.25, 0.01);
  EXPECT_EQ(s["services"]["station"]["rejected"].get<double>(), rejected);
}

TEST(Simulation, TandemOfAsyncServicesAddsUpLikeJackson) {
  // Two M/M/1 in sequence (asynchronous callers), rho 0.5 and 0.6: W = 1/(1000-500) + 1/(833.3-500).
  const auto s = run(load(R"Y(
seed: 3
duration: 1000s
warmup: 50s
services:
  first: { threading: async, endpoints: { e: { work: exponential(1ms), calls: [second.e] } } }
  second: { endpoints: { e: { work: exponential(1.2ms) } } }
workload: [ { name: w, rate: 500/s, call: first.e } ]
)Y"));
  const double theory_ms = 1000.0 / (1000.0 - 500.0) + 1000.0 / (1000.0 / 1.2 - 500.0);
  EXPECT_NEAR(s["requests"]["all"]["latency_ms"]["mean"].get<double>() / theory_ms, 1.0, 0.03);
}

TEST(Simulation, TimeoutsFailTheCallerAndAreCountedAtTheCallee) {
  const auto s = run(load(R"Y(
duration: 100s
services:
  front: { threading: async, workers: 100, endpoints: { e: { calls: [ { call: slow.e, timeout: 5ms } ] } } }
  slow: { workers: 100, endpoints: { e: { work: 10ms } } }
workload: [ { name: w, rate: 100/s, call: front.e } ]
)Y"));
  const auto& all = s["requests"]["all"];
  EXPECT_EQ(all["completed"].get<int>(), 0);
  EXPECT_GT(all["failed_by_cause"]["timeout"].get<int>(), 9000);
  EXPECT_EQ(s["services"]["slow"]["timeouts"], all["failed_by_cause"]["timeout"]);
  EXPECT_EQ(s["services"]["front"]["errors"], all["failed_by_cause"]["timeout"]);
}

TEST(Simulation, ProbabilisticAndRepeatedCallsHappenAsOftenAsWritten) {
  const auto s = run(load(R"Y(
duration: 200s
services:
  front: { threading: async, workers: 1000, endpoints: { e: { calls: [ { call: db.q, probability: 25% }, { call: cache.g, count: 3 },
                                                                      { parallel: [ { call: cache.g, count: "uniform(0, 4)" } ] } ] } } }
  db: { workers: 100, endpoints: { q: { work: 1ms } } }
  cache: { workers: 100, endpoints: { g: { work: 100us } } }
workload: [ { name: w, rate: 100/s, call: front.e } ]
)Y"));
  const double front = s["services"]["front"]["completed"].get<double>();
  EXPECT_NEAR(s["services"]["db"]["completed"].get<double>() / front, 0.25, 0.02);
  // 3 sequential + on average 2 in parallel (uniform(0, 4) rounded: 0..4 with mean 2).
  EXPECT_NEAR(s["services"]["cache"]["completed"].get<double>() / front, 5.0, 0.05);
}

TEST(Simulation, ClosedLoopThroughputFollowsTheResponseTimeLaw) {
  // N = 10 users, think 1 s, negligible service: X = N / (Z + R) ~ 10/s.
  const auto s = run(load(R"Y(
duration: 2000s
services: { s: { workers: 100, endpoints: { e: { work: 1ms } } } }
workload: [ { name: users, users: 10, think: exponential(1s), call: s.e } ]
)Y"));
  EXPECT_NEAR(s["requests"]["all"]["throughput_rps"].get<double>(), 10.0 / 1.001, 0.25);
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(Simulation, SameSeedGivesByteIdenticalOutputs) {
  const auto spec = load(R"Y(
seed: 11
duration: 60s
warmup: 5s
tracing: { sample: 1% }
cluster:
  zones: [a, b]
  network: { latency: "lognormal(median=200us, p99=1ms)", cross_zone: 1ms }
services:
  web: { replicas: 3, workers: 4, queue: 10, balancer: random, endpoints: { home: { work: exponential(2ms), calls: [ { parallel: [api.get, { call: db.q, probability: 0.3 }] } ] } } }
  api: { replicas: 2, endpoints: { get: { work: "gamma(shape=2, mean=1ms)" } } }
  db: { workers: 2, endpoints: { q: { work: exponential(3ms) } } }
workload: [ { name: w, rate: "diurnal(min=100/s, max=400/s, period=30s, peak=10s)", call: web.home } ]
)Y");
  const auto dir = std::filesystem::temp_directory_path() / "msim-determinism";
  std::filesystem::remove_all(dir);
  auto a = run(spec, dir / "a");
  auto b = run(spec, dir / "b");
  for (const char* f : {"timeseries.csv", "events.csv", "spans.csv", "summary.json"})
    EXPECT_EQ(slurp(dir / "a" / f), slurp(dir / "b" / f)) << f;
  EXPECT_GT(slurp(dir / "a" / "spans.csv").size(), 1000u);
  std::filesystem::remove_all(dir);
}

TEST(Simulation, OtherComponentsDoNotShiftTheArrivalStream) {
  // Common random numbers: adding a service or changing one does not change the traffic.
  const auto base = R"Y(
seed: 5
duration: 50s
services:
  s: { replicas: %R%, endpoints: { e: { work: exponential(1ms) } } }
  %EXTRA%
workload: [ { name: w, rate: 100/s, call: s.e } ]
)Y";
  auto make = [&](const std::string& replicas, const std::string& extra) {
    std::string y = base;
    y.replace(y.find("%R%"), 3, replicas);
    y.replace(y.find("%EXTRA%"), 7, extra);
    return run(load(y));
  };
  const auto a = make("1", "");
  const auto b = make("3", "other: { endpoints: { x: { work: 5ms } } }");
  EXPECT_EQ(a["services"]["s"]["completed"], b["services"]["s"]["completed"]);
  // The same work was drawn; only the summation order of busy time differs.
  EXPECT_NEAR(a["services"]["s"]["cpu_seconds"].get<double>(), b["services"]["s"]["cpu_seconds"].get<double>(), 1e-9);
}

}  // namespace
}  // namespace msim::model
