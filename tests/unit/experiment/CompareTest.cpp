// Common random numbers across scaling strategies, and msim compare's paired statistics.
#include "experiment/Compare.hpp"

#include <fstream>
#include <map>
#include <sstream>

#include <gtest/gtest.h>

#include "experiment/Replications.hpp"
#include "metrics/CsvRecorder.hpp"
#include "model/Simulation.hpp"
#include "scenario/ScenarioLoader.hpp"

namespace msim::experiment {
namespace {

const char* SCALED = R"Y(
seed: 12
duration: 600s
warmup: 60s
slo: { latency: p99 < 100ms }
tracing: { sample: 100% }
services:
  web: { workers: 1000, threading: async, endpoints: { get: { calls: [api.get] } } }
  api:
    replicas: 4
    workers: 2
    startup: 10s
    autoscaler: { kind: hpa, minReplicas: 4, maxReplicas: 4, metrics: [ { resource: cpu, averageUtilization: 50 } ] }
    endpoints: { get: { work: exponential(10ms) } }
workload: [ { name: w, rate: "ramp(from=100/s, to=500/s, start=60s, end=300s)", call: web.get } ]
)Y";

scenario::ScenarioSpec load(const std::string& yaml) {
  auto r = scenario::load_scenario_text(yaml, "t.yaml", ".");
  for (const auto& d : r.diagnostics) ADD_FAILURE() << d.format();
  return r.spec.value_or(scenario::ScenarioSpec{});
}

TEST(CommonRandomNumbers, AnHpaPinnedToFourEqualsStaticFour) {
  const auto spec = load(SCALED);
  ReplicationPlan plan;
  plan.replications = 2;
  const auto hpa = run_replications(with_strategy(spec, "hpa", {"api"}), plan);
  const auto fixed = run_replications(with_strategy(spec, "static:4", {"api"}), plan);
  for (std::size_t k = 0; k < 2; ++k) {
    EXPECT_EQ(hpa.replications[k]["requests"].dump(), fixed.replications[k]["requests"].dump());
    EXPECT_EQ(hpa.replications[k]["services"]["api"]["latency_ms"].dump(), fixed.replications[k]["services"]["api"]["latency_ms"].dump());
    EXPECT_EQ(hpa.replications[k]["services"]["api"]["cpu_seconds"], fixed.replications[k]["services"]["api"]["cpu_seconds"]);
  }
}

// Request id -> the time it entered, from spans.csv (root spans have no parent).
std::map<std::string, std::string> arrivals(const std::filesystem::path& dir) {
  std::ifstream in(dir / "spans.csv");
  std::string line;
  std::getline(in, line);
  std::map<std::string, std::string> out;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream ss(line);
    for (std::string cell; std::getline(ss, cell, ',');) f.push_back(cell);
    if (f.size() >= 7 && f[2].empty()) out[f[0]] = f[6];
  }
  return out;
}

TEST(CommonRandomNumbers, ArrivalTimesDoNotDependOnTheStrategy) {
  auto spec = load(SCALED);
  for (auto& s : spec.services)
    if (s.name == "api") s.autoscaler->max_replicas = 20;
  const auto dir = std::filesystem::temp_directory_path() / "msim-crn";
  std::filesystem::remove_all(dir);
  for (const char* strategy : {"hpa", "static:2"}) {
    const auto variant = with_strategy(spec, strategy, {"api"});  // the Simulation keeps a reference to it
    metrics::CsvRecorder csv(dir / (std::string(strategy) == "hpa" ? "hpa" : "static"), variant.trace_sample > 0);
    model::RunOptions o;
    o.recorders.push_back(&csv);
    model::Simulation sim(variant, o);
    while (!sim.advance(1 << 20)) {
    }
    csv.commit();
  }
  const auto a = arrivals(dir / "hpa"), b = arrivals(dir / "static");
  // spans.csv lists requests answered before the end; the overloaded static:2 answers fewer.
  std::size_t common = 0, same = 0;
  for (const auto& [id, sent] : a)
    if (const auto it = b.find(id); it != b.end()) {
      ++common;
      same += it->second == sent ? 1 : 0;
    }
  EXPECT_GT(common, 100000u);
  EXPECT_EQ(same, common) << "the same requests must arrive at the same times";
  std::filesystem::remove_all(dir);
}

TEST(Compare, PairedDifferencesAgainstTheBaseline) {
  auto spec = load(SCALED);
  spec.trace_sample = 0;
  for (auto& s : spec.services)
    if (s.name == "api") s.autoscaler->max_replicas = 20;
  CompareOptions o;
  o.strategies = {"static:4", "hpa", "static:2"};
  o.replications = 3;
  o.jobs = 2;
  const auto r = compare_strategies(spec, o);
  const auto& t = r.table;
  EXPECT_EQ(t["static:4"]["p99_ms"]["diff_vs_baseline"].get<double>(), 0.0);
  EXPECT_GT(t["static:2"]["p99_ms"]["diff_vs_baseline"].get<double>(), 0.0) << "two replicas are slower than four";
  EXPECT_LT(t["static:2"]["cost_dollars"]["diff_vs_baseline"].get<double>(), 0.0);
  EXPECT_GT(t["hpa"]["scaling_actions"]["mean"].get<double>(), 0.0);
  EXPECT_NE(r.csv.find("strategy,metric,mean,ci95,diff_vs_baseline,diff_ci95"), std::string::npos);
  EXPECT_THROW(with_strategy(spec, "magic", {"api"}), std::invalid_argument);
  EXPECT_THROW(with_strategy(spec, "hpa:3", {"api"}), std::invalid_argument);
}

}  // namespace
}  // namespace msim::experiment
