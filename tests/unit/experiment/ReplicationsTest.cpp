#include "experiment/Replications.hpp"

#include <gtest/gtest.h>

#include "scenario/ScenarioLoader.hpp"

namespace msim::experiment {
namespace {

scenario::ScenarioSpec load(const std::string& yaml) {
  auto r = scenario::load_scenario_text(yaml, "t.yaml", ".");
  for (const auto& d : r.diagnostics) ADD_FAILURE() << d.format();
  return r.spec.value_or(scenario::ScenarioSpec{});
}

const char* MM2 = R"Y(
seed: 4
duration: 30s
warmup: 2s
services: { s: { workers: 2, endpoints: { e: { work: exponential(1ms) } } } }
workload: [ { name: w, rate: 1500/s, call: s.e } ]
)Y";

std::string without_wall(nlohmann::ordered_json j) {
  j.erase("wall_s");
  j.erase("wall_events_per_s");
  return j.dump();
}

TEST(Replications, ResultsDoNotDependOnTheNumberOfThreads) {
  const auto spec = load(MM2);
  ReplicationPlan plan;
  plan.replications = 6;
  plan.jobs = 1;
  const auto one = run_replications(spec, plan);
  plan.jobs = 3;
  const auto three = run_replications(spec, plan);
  EXPECT_EQ(without_wall(one.summary), without_wall(three.summary));
  EXPECT_EQ(one.summary["replications"], 6);
  ASSERT_EQ(one.replications.size(), 6u);
  EXPECT_NE(one.replications[0]["requests"]["all"]["completed"], one.replications[1]["requests"]["all"]["completed"])
      << "replications must use different streams";
  EXPECT_GT(one.summary["ci95"]["requests"]["all"]["latency_ms"]["mean"].get<double>(), 0.0);
}

TEST(Replications, PrecisionTargetAddsReplicationsUntilMet) {
  ReplicationPlan plan;
  plan.precision = 0.005;
  plan.jobs = 2;
  const auto out = run_replications(load(MM2), plan);
  const double mean = out.summary["requests"]["all"]["latency_ms"]["mean"].get<double>();
  const double hw = out.summary["ci95"]["requests"]["all"]["latency_ms"]["mean"].get<double>();
  EXPECT_LE(hw / mean, 0.005);
  EXPECT_GE(out.summary["replications"].get<int>(), 5);
  EXPECT_NE(out.note.find("reached"), std::string::npos) << out.note;
}

TEST(Replications, AutomaticWarmupReportsItsTruncationPoint) {
  // Start far from steady state: a burst at 3000/s for 10 s fills the queue, then 1500/s.
  const auto spec = load(R"Y(
seed: 8
duration: 200s
warmup: auto
services: { s: { workers: 2, endpoints: { e: { work: exponential(1ms) } } } }
workload: [ { name: w, rate: [ { at: 0s, rate: 2500/s }, { at: 10s, rate: 1000/s } ], call: s.e } ]
)Y");
  const auto out = run_replications(spec, {});
  ASSERT_TRUE(out.summary.contains("warmup_auto"));
  EXPECT_EQ(out.summary["warmup_auto"]["method"], "mser-5");
  EXPECT_GT(out.summary["warmup_s"].get<double>(), 9.0);
  EXPECT_LT(out.summary["warmup_s"].get<double>(), 60.0);
}

TEST(Replications, CancellingStopsWithoutAResult) {
  std::atomic<bool> cancel{true};
  ReplicationPlan plan;
  plan.replications = 2;
  plan.cancel = &cancel;
  EXPECT_TRUE(run_replications(load(MM2), plan).cancelled);
}

}  // namespace
}  // namespace msim::experiment
