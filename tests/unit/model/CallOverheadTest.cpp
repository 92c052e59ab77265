// Per-call overhead on a call edge (protocol: rest|grpc, overhead: {...}): serialization CPU on
// the callee's work, the caller's CPU and the payload's transfer time on the hops, checked
// against hand computation with constant work and no queueing.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "ModelTestSupport.hpp"
#include "model/Simulation.hpp"
#include "scenario/ScenarioLoader.hpp"

namespace msim::model {
namespace {

using test::load;
using test::run;

// front (1 ms) calls back (2 ms) once; requests 100 ms apart never queue.
std::string pair(const std::string& call_extra, const std::string& network = "latency: 1ms") {
  return fmt::format(R"Y(
seed: 1
duration: 20s
cluster: {{ network: {{ {} }} }}
services:
  front: {{ endpoints: {{ get: {{ work: 1ms, calls: [ {{ call: back.get {} }} ] }} }} }}
  back: {{ endpoints: {{ get: {{ work: 2ms }} }} }}
workload: [ {{ name: w, rate: 10/s, arrival: constant, call: front.get }} ]
)Y", network, call_extra);
}

double mean_ms(const nlohmann::ordered_json& s) { return s["requests"]["all"]["latency_ms"]["mean"].get<double>(); }
double max_ms(const nlohmann::ordered_json& s) { return s["requests"]["all"]["latency_ms"]["max"].get<double>(); }

TEST(CallOverhead, NoneConfiguredAddsNothing) {
  const auto s = run(load(pair("")));
  EXPECT_NEAR(mean_ms(s), 1 + 1 + 2 + 1, 1e-3);  // work, hop, callee work, hop back
  // A zero overhead is the same as none.
  const auto z = run(load(pair(", overhead: { cpu: 0s, bytes: 0B }")));
  EXPECT_EQ(mean_ms(z), mean_ms(s));
}

TEST(CallOverhead, ExplicitOverheadMatchesHandComputation) {
  // 1 Mbit/s = 125 000 B/s: 1250 B take 10 ms, 2500 B take 20 ms.
  const auto s = run(load(pair(", overhead: { cpu: 100us, callerCpu: 300us, bytes: 1250B, responseBytes: 2500B }",
                               "latency: 1ms, bandwidth: 1Mbit/s")));
  // front work 1 + 0.3 (its side of the call), request hop 1 + 10, back work 2 + 0.1, response hop 1 + 20.
  const double expected = 1 + 11 + 2.1 + 21 + 0.3;
  EXPECT_NEAR(mean_ms(s), expected, 1e-3);
  EXPECT_NEAR(max_ms(s), expected, 0.01);
  // The callee's serialization is work: it shows in its response time and utilization.
  EXPECT_NEAR(s["services"]["back"]["latency_ms"]["mean"].get<double>(), 2.1, 1e-3);
  EXPECT_NEAR(s["services"]["back"]["utilization"].get<double>(), 10 * 0.0021, 2e-4);
  // The caller's share is work too: front's CPU per request is 1.3 ms.
  EXPECT_NEAR(s["services"]["front"]["cpu_seconds"].get<double>() / s["requests"]["all"]["completed"].get<double>(), 0.0013, 2e-5);
}

TEST(CallOverhead, CallerPaysForTheCallsItMakesOnAverage) {
  // Made with probability 50 %, twice: the caller's work grows by 0.5 x 2 x 400 us = 0.4 ms.
  const auto s = run(load(pair(", probability: 50%, count: 2, overhead: { cpu: 0s, callerCpu: 400us }", "")));
  EXPECT_NEAR(s["services"]["front"]["cpu_seconds"].get<double>() / s["requests"]["all"]["completed"].get<double>(), 0.0014, 2e-5);
  EXPECT_NEAR(s["services"]["back"]["latency_ms"]["mean"].get<double>(), 2.0, 1e-3);
}

TEST(CallOverhead, PresetsAndTheirOverrides) {
  // Default bandwidth 10 Gbit/s = 1.25e9 B/s.
  const double bw = 1.25e9;
  const auto rest = run(load(pair(", protocol: rest")));
  EXPECT_NEAR(mean_ms(rest), 1 + 1 + 2048 / bw * 1e3 + 2 + 0.1 + 1 + 2048 / bw * 1e3 + 0.1, 1e-3);
  const auto grpc = run(load(pair(", protocol: grpc")));
  EXPECT_NEAR(mean_ms(grpc), 1 + 1 + 512 / bw * 1e3 + 2 + 0.02 + 1 + 512 / bw * 1e3 + 0.02, 1e-3);
  EXPECT_LT(mean_ms(grpc), mean_ms(rest));
  // overhead: keys replace the preset's; the others stay.
  const auto custom = run(load(pair(", protocol: grpc, overhead: { cpu: 1ms }")));
  EXPECT_NEAR(mean_ms(custom), 1 + 1 + 512 / bw * 1e3 + 2 + 1 + 1 + 512 / bw * 1e3 + 1, 1e-3);
}

TEST(CallOverhead, LoadedFromTheScenario) {
  const auto spec = load(pair(", protocol: rest, overhead: { bytes: 16KiB }", "bandwidth: 25Gbps"));
  EXPECT_DOUBLE_EQ(spec.network.bandwidth, 25e9 / 8);
  const auto& call = spec.services[0].endpoints[0].steps[0].calls[0];
  ASSERT_TRUE(call.overhead.has_value());
  EXPECT_EQ(call.overhead->protocol, "rest");
  EXPECT_EQ(call.overhead->callee_cpu, core::SimTime::from_us(100));
  EXPECT_DOUBLE_EQ(call.overhead->request_bytes, 16384);
  EXPECT_DOUBLE_EQ(call.overhead->response_bytes, 16384);
  EXPECT_DOUBLE_EQ(load(pair("", "bandwidth: 1.25GB/s")).network.bandwidth, 1.25e9);
}

}  // namespace
}  // namespace msim::model
