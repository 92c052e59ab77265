// CPU limits (CFS quotas) and nodes whose instances want more cores than they have: work slows
// down, checked against processor-sharing theory and CFS's weighted shares.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "ModelTestSupport.hpp"
#include "model/Simulation.hpp"
#include "scenario/ScenarioLoader.hpp"

namespace msim::model {
namespace {

using test::load;
using test::run;

double mean_ms(const nlohmann::ordered_json& s, const std::string& type = "all") {
  return s["requests"][type]["latency_ms"]["mean"].get<double>();
}

// One station with many threads: unlimited it is M/M/64 (about the bare work time); limited to
// one core by a CFS quota, its threads share that core: M/M/1-PS, mean 1 / (mu - lambda).
std::string station(const std::string& resources) {
  return fmt::format(R"Y(
seed: 3
duration: 1500s
warmup: 100s
services:
  station:
    workers: 64
    resources: {}
    endpoints: {{ serve: {{ work: exponential(1ms) }} }}
workload: [ {{ name: arrivals, rate: 800/s, call: station.serve }} ]
)Y",
                     resources);
}

TEST(CpuSharing, ACpuLimitMakesThreadsShareTheQuota) {
  const auto free = run(load(station("{ cpu: 1 }")));
  EXPECT_NEAR(mean_ms(free), 1.0, 0.03);
  EXPECT_EQ(free["services"]["station"]["cpu_throttled_share"].get<double>(), 0.0);

  const auto limited = run(load(station("{ cpu: 1, limits: { cpu: 1 } }")));
  EXPECT_NEAR(mean_ms(limited) / 5.0, 1.0, 0.04) << "M/M/1-PS at rho 0.8: 5 ms";
  EXPECT_NEAR(limited["services"]["station"]["utilization"].get<double>(), 0.8, 0.01);
  const double throttled = limited["services"]["station"]["cpu_throttled_share"].get<double>();
  EXPECT_GT(throttled, 0.3) << "threads wanted far more than the quota";
  EXPECT_LT(throttled, 1.0);

  // A limit of two cores: in between, and never more than two cores in use.
  const auto two = run(load(station("{ cpu: 1, limits: { cpu: 2 } }")));
  EXPECT_LT(mean_ms(two), mean_ms(limited));
  EXPECT_GT(mean_ms(two), mean_ms(free));
}

TEST(CpuSharing, AFullNodeIsSharedLikeOneProcessor) {
  // Two services of 8 threads each on one 1-core node, 400/s each at 1 ms: together rho 0.8 on
  // one core, shared fairly: each sees M/M/1-PS, 5 ms.
  const auto s = run(load(R"Y(
seed: 5
duration: 1500s
warmup: 100s
cluster: { zones: [a], pools: { small: { nodes: 1, cpu: 1, memory: 4Gi } } }
services:
  left:  { workers: 8, resources: { cpu: 500m, memory: 1Gi }, endpoints: { get: { work: exponential(1ms) } } }
  right: { workers: 8, resources: { cpu: 500m, memory: 1Gi }, endpoints: { get: { work: exponential(1ms) } } }
workload:
  - { name: l, rate: 400/s, call: left.get }
  - { name: r, rate: 400/s, call: right.get }
)Y"));
  EXPECT_NEAR(mean_ms(s) / 5.0, 1.0, 0.05);
  for (const char* svc : {"left", "right"}) {
    EXPECT_NEAR(s["services"][svc]["utilization"].get<double>(), 0.8, 0.02) << svc << ": 0.4 cores of a 0.5 request";
    EXPECT_GT(s["services"][svc]["cpu_contended_share"].get<double>(), 0.2) << svc;
    EXPECT_EQ(s["services"][svc]["cpu_throttled_share"].get<double>(), 0.0) << svc;
  }
}

TEST(CpuSharing, CfsSharesFollowRequestsWhenBothWantMore) {
  // A 3-core node; both services saturated by closed loops of 16 users each: the one requesting
  // 2 cores gets two thirds of the node, the other one third.
  const auto s = run(load(R"Y(
seed: 9
duration: 300s
warmup: 20s
cluster: { zones: [a], pools: { p: { nodes: 1, cpu: 3, memory: 8Gi } } }
services:
  big:   { workers: 16, resources: { cpu: 2, memory: 1Gi }, endpoints: { get: { work: exponential(10ms) } } }
  small: { workers: 16, resources: { cpu: 1, memory: 1Gi }, endpoints: { get: { work: exponential(10ms) } } }
workload:
  - { name: b, users: 16, think: 0s, call: big.get }
  - { name: s, users: 16, think: 0s, call: small.get }
)Y"));
  const double big = s["requests"]["b"]["throughput_rps"].get<double>();
  const double small = s["requests"]["s"]["throughput_rps"].get<double>();
  EXPECT_NEAR(big / small, 2.0, 0.05);
  EXPECT_NEAR(big + small, 300.0, 3.0) << "the node's 3 cores at 10 ms per request";
}

TEST(CpuSharing, WithoutContentionWorkTakesExactlyItsTime) {
  // Threads within the request and an unlimited cluster: the sharing machinery stays off and
  // results equal an M/M/4 (checked against theory elsewhere); here just no throttling at all.
  const auto s = run(load(station("{ cpu: 64 }")));
  EXPECT_EQ(s["services"]["station"]["cpu_throttled_share"].get<double>(), 0.0);
  EXPECT_EQ(s["services"]["station"]["cpu_contended_share"].get<double>(), 0.0);
}

}  // namespace
}  // namespace msim::model
