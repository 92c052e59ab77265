// The cluster autoscaler removes underused nodes by draining them, unless a PodDisruptionBudget
// forbids the evictions.
#include <fstream>
#include <sstream>

#include <unistd.h>

#include <gtest/gtest.h>

#include <fmt/format.h>

#include "ModelTestSupport.hpp"
#include "model/Simulation.hpp"
#include "scenario/ScenarioLoader.hpp"

namespace msim::model {
namespace {

struct Outcome {
  nlohmann::ordered_json summary;
  std::string events;
};

Outcome run(const std::string& budget) {
  const std::string yaml = fmt::format(R"Y(
seed: 2
duration: 900s
warmup: 60s
cluster:
  zones: [a]
  pools:
    p: {{ nodes: 4, cpu: 4, memory: 16Gi, autoscaling: {{ min: 1, max: 4, scaleDownDelay: 60s }} }}
services:
  web:
    replicas: 4
    workers: 4
    startup: 5s
    resources: {{ cpu: 1, memory: 1Gi }}
    {}
    endpoints: {{ get: {{ work: exponential(2ms) }} }}
workload: [ {{ name: users, rate: 200/s, call: web.get }} ]
)Y",
                                       budget);
  auto r = scenario::load_scenario_text(yaml, "test.yaml", ".");
  for (const auto& d : r.diagnostics) ADD_FAILURE() << d.format();
  // One folder per test and process: ctest runs this file's tests in parallel processes.
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const auto dir = std::filesystem::temp_directory_path() / fmt::format("msim-drain-{}-{}-{}", info->name(), budget.size(), ::getpid());
  Outcome out;
  out.summary = test::run(*r.spec, dir);
  std::ifstream in(dir / "events.csv");
  std::stringstream text;
  text << in.rdbuf();
  out.events = text.str();
  std::filesystem::remove_all(dir);
  return out;
}

int count(const std::string& text, const std::string& what) {
  int n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(NodeDrain, UnderusedNodesAreDrainedAndRemoved) {
  // Four nodes at 25 % each: two can go, their instances moving to the others (50 % each).
  const auto out = run("");
  EXPECT_EQ(count(out.events, ",node_drain,"), 2) << out.events;
  EXPECT_EQ(count(out.events, ",node_removed,"), 2);
  EXPECT_EQ(out.summary["cluster"]["nodes"], 2);
  EXPECT_EQ(out.summary["requests"]["all"]["failed"], 0) << "evicted instances drain gracefully";
  // As in Kubernetes, the evicted instance leaves before its replacement is ready: one node at a
  // time, so availability dips by one (a disruption budget is what prevents that).
  EXPECT_EQ(out.summary["services"]["web"]["replicas"]["min"].get<int>(), 3);
}

TEST(NodeDrain, ADisruptionBudgetBlocksTheDrain) {
  const auto out = run("disruptionBudget: { maxUnavailable: 0 }");
  EXPECT_EQ(count(out.events, ",node_drain,"), 0);
  EXPECT_GT(count(out.events, ",node_drain_blocked,"), 0);
  EXPECT_NE(out.events.find("PodDisruptionBudget of web allows 0 disruption(s)"), std::string::npos);
  EXPECT_EQ(out.summary["cluster"]["nodes"], 4);
}

}  // namespace
}  // namespace msim::model
