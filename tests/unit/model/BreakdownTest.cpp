// The latency breakdown of traced requests: with calls in sequence, queueing + work + network
// over all services adds up to the end-to-end latency.
#include <gtest/gtest.h>

#include "model/Simulation.hpp"
#include "scenario/ScenarioLoader.hpp"

namespace msim::model {
namespace {

TEST(Breakdown, SequentialPartsAddUpToTheLatency) {
  auto r = scenario::load_scenario_text(R"Y(
seed: 3
duration: 200s
warmup: 20s
tracing: { sample: 100% }
cluster: { network: { latency: constant(500us) } }
services:
  a: { workers: 2, endpoints: { get: { work: exponential(2ms), calls: [ b.get ] } } }
  b: { workers: 2, endpoints: { get: { work: exponential(3ms), calls: [ { call: c.get, probability: 50% } ] } } }
  c: { workers: 1, endpoints: { get: { work: exponential(4ms) } } }
workload: [ { name: w, rate: 150/s, call: a.get } ]
)Y",
                                        "test.yaml", ".");
  for (const auto& d : r.diagnostics) ADD_FAILURE() << d.format();
  ASSERT_TRUE(r.spec);
  Simulation sim(*r.spec, RunOptions{});
  while (!sim.advance(1 << 20)) {
  }
  const auto s = sim.summary(0.0);
  const auto& b = s["requests"]["w"]["breakdown"];
  double parts = 0;
  for (const auto& [name, v] : b["services"].items()) parts += v["queue_ms"].get<double>() + v["work_ms"].get<double>() + v["network_ms"].get<double>();
  EXPECT_NEAR(parts / s["requests"]["w"]["latency_ms"]["mean"].get<double>(), 1.0, 1e-3);
  EXPECT_NEAR(b["services"]["c"]["calls"].get<double>(), 0.5, 0.02);
  // 0.5 ms each way: 1 ms per call to b, and to c on half the requests.
  EXPECT_NEAR(b["services"]["b"]["network_ms"].get<double>(), 1.0, 1e-3);
  EXPECT_NEAR(b["services"]["c"]["network_ms"].get<double>(), b["services"]["c"]["calls"].get<double>(), 1e-3);
  EXPECT_NEAR(b["services"]["a"]["work_ms"].get<double>(), 2.0, 0.1);
  EXPECT_GT(b["services"]["a"]["queue_ms"].get<double>(), 0.5) << "a's two blocking workers are held while b and c work: requests queue at a";
}

}  // namespace
}  // namespace msim::model
