// Rollouts: rolling updates keep within maxSurge/maxUnavailable (and the PodDisruptionBudget),
// blue-green switches at once, canaries advance step by step and roll back when the new version
// misbehaves.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "model/Simulation.hpp"
#include "scenario/ScenarioLoader.hpp"

namespace msim::model {
namespace {

scenario::LoadResult load_text(const std::string& yaml) { return scenario::load_scenario_text(yaml, "test.yaml", "."); }

nlohmann::ordered_json run(const std::string& yaml) {
  auto r = load_text(yaml);
  for (const auto& d : r.diagnostics) ADD_FAILURE() << d.format();
  if (!r.spec) return {};
  Simulation sim(*r.spec, RunOptions{});
  while (!sim.advance(1 << 20)) {
  }
  return sim.summary(0.0);
}

// R backend instances behind a frontend; the rollout block is the variable part.
std::string scenario(int replicas, const std::string& rollout, const std::string& extra = "") {
  return fmt::format(R"Y(
seed: 4
duration: 400s
warmup: 60s
metrics: {{ interval: 10s }}
slo: {{ latency: p99 < 100ms }}
services:
  front:
    workers: 64
    endpoints: {{ get: {{ work: exponential(1ms), calls: [ back.get ] }} }}
  back:
    replicas: {}
    workers: 8
    startup: 10s
    terminationGracePeriod: 5s
    {}
    rollout: {}
    endpoints: {{ get: {{ work: exponential(5ms) }} }}
workload: [ {{ name: users, rate: 400/s, call: front.get }} ]
)Y",
                     replicas, extra, rollout);
}

const nlohmann::ordered_json& back(const nlohmann::ordered_json& s) { return s["services"]["back"]; }

TEST(Rollout, RollingUpdateStaysWithinSurgeAndUnavailability) {
  struct Case {
    int replicas;
    std::string surge, unavailable;
    int max_above, max_below;
  };
  for (const Case& c : {Case{4, "1", "0", 1, 0}, Case{8, "25%", "25%", 2, 2}, Case{5, "0", "1", 0, 1}, Case{10, "30%", "0", 3, 0}}) {
    const auto s = run(scenario(c.replicas, fmt::format("{{ at: 100s, maxSurge: {}, maxUnavailable: {} }}", c.surge, c.unavailable)));
    const auto& b = back(s);
    SCOPED_TRACE(fmt::format("R={} maxSurge={} maxUnavailable={}", c.replicas, c.surge, c.unavailable));
    EXPECT_EQ(b["rollout"]["outcome"], "done");
    EXPECT_EQ(b["rollout"]["new_version_instances"], c.replicas);
    EXPECT_GE(b["replicas"]["min"].get<int>(), c.replicas - c.max_below);
    EXPECT_LE(b["replicas"]["max"].get<int>(), c.replicas + c.max_above);
    EXPECT_EQ(s["requests"]["all"]["failed"], 0);
  }
}

TEST(Rollout, ADisruptionBudgetSlowsTheRolloutDown) {
  // maxUnavailable 50 % would take 4 of 8 down at once; the budget keeps 7 available.
  const std::string rollout = "{ at: 100s, maxSurge: 0, maxUnavailable: 50% }";
  const auto free = run(scenario(8, rollout));
  const auto budget = run(scenario(8, rollout, "disruptionBudget: { minAvailable: 7 }"));
  EXPECT_LE(back(free)["replicas"]["min"].get<int>(), 5);
  EXPECT_GE(back(budget)["replicas"]["min"].get<int>(), 7);
  EXPECT_EQ(back(budget)["rollout"]["outcome"], "done");
  EXPECT_GT(back(budget)["rollout"]["finished_s"].get<double>(), back(free)["rollout"]["finished_s"].get<double>());
}

TEST(Rollout, BlueGreenSwitchesOnceEveryGreenInstanceIsReady) {
  const auto s = run(scenario(6, "{ at: 100s, strategy: blue_green, newVersion: { workFactor: 0.5 } }"));
  const auto& r = back(s)["rollout"];
  EXPECT_EQ(r["outcome"], "done");
  // Start-up takes 10 s and discovery a little more: the switch follows it, not before.
  EXPECT_GE(r["finished_s"].get<double>(), 110.0);
  EXPECT_LT(r["finished_s"].get<double>(), 130.0);
  EXPECT_EQ(r["new_version_instances"], 6);
}

TEST(Rollout, ACanaryWithAFaultyVersionIsRolledBack) {
  const auto s = run(scenario(10, "{ at: 100s, strategy: canary, maxSurge: 1, maxUnavailable: 0, newVersion: { errors: 20% },"
                                  " steps: [ { weight: 10%, pause: 30s }, { weight: 50%, pause: 30s } ], rollback: { errors: 1% } }"));
  const auto& r = back(s)["rollout"];
  EXPECT_EQ(r["outcome"], "rolled_back");
  EXPECT_NE(r["rollback_reason"].get<std::string>().find("errors"), std::string::npos) << r.dump();
  EXPECT_EQ(r["new_version_instances"], 0);
  EXPECT_GT(s["requests"]["all"]["failed"].get<int>(), 0);
}

TEST(Rollout, AHealthyCanaryGoesThroughItsStepsToTheEnd) {
  const auto s = run(scenario(10, "{ at: 100s, strategy: canary, maxSurge: 1, maxUnavailable: 0,"
                                  " steps: [ { weight: 10%, pause: 30s }, { weight: 50%, pause: 30s } ], rollback: { errors: 1%, slo: true } }"));
  const auto& r = back(s)["rollout"];
  EXPECT_EQ(r["outcome"], "done");
  EXPECT_GT(r["finished_s"].get<double>(), 160.0) << "two pauses of 30 s";
  EXPECT_EQ(r["new_version_instances"], 10);
}

TEST(Rollout, TheNewVersionsWorkFactorShowsInUtilization) {
  const auto slower = run(scenario(4, "{ at: 5s, maxSurge: 1, maxUnavailable: 0, newVersion: { workFactor: 2 } }"));  // done before the warm-up ends
  const auto same = run(scenario(4, "{ at: 5s, maxSurge: 1, maxUnavailable: 0 }"));
  EXPECT_NEAR(back(slower)["cpu_seconds"].get<double>() / back(same)["cpu_seconds"].get<double>(), 2.0, 0.05);
}

TEST(Rollout, BadBlocksAreExplained) {
  struct Bad {
    std::string rollout, message;
  };
  for (const Bad& b : {Bad{"{ at: 1m, maxSurge: 0, maxUnavailable: 0 }", "cannot both be 0"},
                       Bad{"{ at: 1m, steps: [ { weight: 10% } ] }", "steps are for strategy: canary"},
                       Bad{"{ at: 1m, strategy: canary }", "a canary needs steps"},
                       Bad{"{ at: 1m, strategy: canary, steps: [ { weight: 50% }, { weight: 10% } ] }", "weights must grow"},
                       Bad{"{ at: 1m, strategy: blue_green, maxSurge: 1 }", "do not apply"},
                       Bad{"{ at: 1m, maxSurge: 120% }", "not a pod count or a percentage"},
                       Bad{"{ at: 1m, strategy: rolling_update }", "rolling"},
                       Bad{"{ maxSurge: 1 }", "missing 'at'"}}) {
    const auto r = load_text(scenario(4, b.rollout));
    ASSERT_FALSE(r.diagnostics.empty()) << b.rollout;
    EXPECT_NE(r.diagnostics.front().format().find(b.message), std::string::npos) << b.rollout << " -> " << r.diagnostics.front().format();
  }
  const auto pdb = load_text(scenario(4, "{ at: 1m }", "disruptionBudget: { minAvailable: 2, maxUnavailable: 1 }"));
  ASSERT_FALSE(pdb.diagnostics.empty());
  EXPECT_NE(pdb.diagnostics.front().format().find("not both"), std::string::npos);
}

}  // namespace
}  // namespace msim::model
