// Replica lifecycle and cluster capacity through the whole engine.
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "ModelTestSupport.hpp"
#include "model/Simulation.hpp"
#include "scenario/ScenarioLoader.hpp"

namespace msim::model {
namespace {

nlohmann::ordered_json run(const std::string& yaml, const std::vector<std::string>& overrides, const std::filesystem::path& out) {
  scenario::LoadOptions options;
  options.overrides = overrides;
  auto r = scenario::load_scenario_text(yaml, "t.yaml", ".", options);
  for (const auto& d : r.diagnostics) ADD_FAILURE() << d.format();
  if (!r.ok()) return {};
  return test::run(*r.spec, out);
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const char* TIGHT = R"Y(
duration: 300s
cluster:
  pools:
    general: { nodes: 1, cpu: 4, memory: 16Gi, price: 0.20/h, provisioning: 90s, autoscaling: { min: 1, max: 3 } }
services:
  api: { replicas: 4, workers: 2, resources: { cpu: 2, memory: 1Gi }, startup: 5s, endpoints: { get: { work: exponential(10ms) } } }
workload: [ { name: w, rate: 100/s, call: api.get } ]
)Y";

TEST(Scaling, PendingInstancesWaitForTheClusterAutoscalerNodes) {
  const auto dir = std::filesystem::temp_directory_path() / "msim-scaling-ca";
  std::filesystem::remove_all(dir);
  const auto s = run(TIGHT, {}, dir);
  const std::string events = slurp(dir / "events.csv");
  EXPECT_NE(events.find("0,,pending,api,api-2"), std::string::npos) << events;
  EXPECT_NE(events.find("10,,node_requested,,general"), std::string::npos) << events;
  EXPECT_NE(events.find("100,,node_added,,general-1"), std::string::npos) << "ready after the 90 s provisioning delay\n" << events;
  EXPECT_NE(events.find("105,,started,api,api-"), std::string::npos) << "placed at once, started after 5 s\n" << events;
  EXPECT_EQ(s["cluster"]["pending_instances"], 0);
  EXPECT_EQ(s["services"]["api"]["replicas"]["max"], 4);
  EXPECT_NEAR(s["cost"]["node_hours"].get<double>(), (300.0 + 200.0) / 3600.0, 1e-6);
  std::filesystem::remove_all(dir);
}

TEST(Scaling, WithoutTheClusterAutoscalerTheyStayPending) {
  const auto s = run(TIGHT, {"cluster.pools.general.autoscaling.max=1"}, {});
  EXPECT_EQ(s["cluster"]["pending_instances"], 2);
  EXPECT_EQ(s["services"]["api"]["replicas"]["max"], 2);
}

TEST(Scaling, HpaScalesUpWithinItsPoliciesAndDownAfterItsWindow) {
  const auto dir = std::filesystem::temp_directory_path() / "msim-scaling-hpa";
  std::filesystem::remove_all(dir);
  const auto s = run(R"Y(
duration: 1500s
services:
  api:
    replicas: 2
    workers: 4
    resources: { cpu: 1 }
    startup: 5s
    autoscaler: { kind: hpa, minReplicas: 2, maxReplicas: 20, metrics: [ { resource: cpu, averageUtilization: 60 } ] }
    endpoints: { get: { work: exponential(10ms) } }
workload: [ { name: w, rate: [ { at: 0s, rate: 100/s }, { at: 300s, rate: 800/s }, { at: 900s, rate: 100/s } ], call: api.get } ]
)Y",
                     {}, dir);
  const std::string events = slurp(dir / "events.csv");
  // The first step is capped by the default scale-up policy: max(2 + 4 pods, 2 x 200 %) = 6.
  EXPECT_NE(events.find(",scale,api,hpa,2,6,"), std::string::npos) << events;
  EXPECT_NE(events.find("limited by scaleUp policy to 6"), std::string::npos);
  // 800/s x 10 ms = 8 cores at 60 %: 14 replicas; back to 2 only after the 300 s window.
  EXPECT_EQ(s["services"]["api"]["replicas"]["max"], 14);
  EXPECT_EQ(s["services"]["api"]["desired_replicas"], 2);
  // The first scale-down: time_s,id,scale,api,hpa,before,after,reason with after < before.
  double first_down = -1;
  std::istringstream lines(events);
  for (std::string line; std::getline(lines, line) && first_down < 0;) {
    std::vector<std::string> f;
    std::istringstream cells(line);
    for (std::string cell; std::getline(cells, cell, ',');) f.push_back(cell);
    if (f.size() >= 7 && f[2] == "scale" && std::stoi(f[6]) < std::stoi(f[5])) first_down = std::stod(f[0]);
  }
  EXPECT_GE(first_down, 900.0 + 300.0) << "the scale-down window holds the highest recommendation for 300 s";
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace msim::model
