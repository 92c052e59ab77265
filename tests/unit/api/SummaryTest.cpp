// api::Summary: every number of a real summary.json reaches the typed values, under its own path
// and with its own value (one run, replications with ci95, compare windows, rollouts, traced
// breakdowns, faults, automatic warm-up), and bad input is refused with the key named.
#include <cmath>
#include <filesystem>
#include <map>
#include <string>

#include <unistd.h>

#include <gtest/gtest.h>
#include <msim/Experiments.hpp>
#include <msim/Report.hpp>
#include <msim/Summary.hpp>
#include <nlohmann/json.hpp>

namespace {

using json = nlohmann::ordered_json;

std::string scenario(const std::string& name) { return std::string(MSIM_SOURCE_DIR) + "/scenarios/" + name + ".yaml"; }

std::filesystem::path work_dir(const std::string& name) {
  return std::filesystem::temp_directory_path() / ("msim-summary-test-" + name + "-" + std::to_string(::getpid()));
}

// The numeric leaves of a summary.json, keyed by dotted path (booleans are not numbers here).
void leaves(const json& node, const std::string& path, std::map<std::string, double>& out) {
  if (node.is_number()) out[path] = node.get<double>();
  if (!node.is_object()) return;
  for (const auto& [key, value] : node.items()) leaves(value, path.empty() ? key : path + "." + key, out);
}

std::map<std::string, double> typed(const msim::api::Summary& s) {
  std::map<std::string, double> out;
  msim::api::for_each_number(s, [&](const std::string& path, double value) {
    EXPECT_FALSE(out.count(path)) << path << " visited twice";
    out[path] = value;
  });
  return out;
}

// The typed summary holds exactly the numbers of its document, path for path.
void expect_complete(const msim::api::Summary& s, const std::string& what) {
  std::map<std::string, double> expected;
  leaves(json::parse(s.document), "", expected);
  const auto got = typed(s);
  for (const auto& [path, value] : expected) {
    const auto it = got.find(path);
    if (it == got.end()) {
      ADD_FAILURE() << what << ": " << path << " is in summary.json but not in api::Summary";
      continue;
    }
    EXPECT_EQ(it->second, value) << what << ": " << path;
  }
  for (const auto& [path, value] : got)
    if (!expected.count(path)) ADD_FAILURE() << what << ": api::Summary has " << path << ", summary.json does not";
  EXPECT_GT(expected.size(), 100u) << what;
}

TEST(Summary, ReplicationsWithRolloutTracingAndAutomaticWarmupReadWhole) {
  const auto dir = work_dir("canary");
  msim::api::SessionOptions options;
  options.out_dir = dir;
  options.overrides = {"tracing.sample=0.02", "warmup=auto"};
  msim::api::BatchOptions batch;
  batch.replications = 2;
  batch.jobs = 2;
  const auto result = msim::api::run_batch(scenario("rollouts/canary-rollback"), options, batch);
  ASSERT_TRUE(result.problems.empty()) << result.problems.front();
  const auto& s = result.summary;
  expect_complete(s, "aggregated");
  ASSERT_TRUE(s.replications.has_value());
  EXPECT_EQ(*s.replications, 2.0);
  EXPECT_FALSE(s.replication.has_value());
  ASSERT_TRUE(s.ci95);
  EXPECT_GT(s.ci95->all().latency_ms.mean, 0.0);
  ASSERT_TRUE(s.warmup_auto.has_value());
  EXPECT_EQ(s.warmup_auto->method, "mser-5");
  const auto* backend = s.service("backend");
  ASSERT_NE(backend, nullptr);
  ASSERT_TRUE(backend->rollout.has_value());
  EXPECT_EQ(backend->rollout->strategy, "canary");
  bool traced = false;
  for (const auto& r : s.requests) traced = traced || (r.breakdown && !r.breakdown->services.empty());
  EXPECT_TRUE(traced);
  EXPECT_EQ(s.requests.back().name, "all");

  // One replication's folder, read from disk.
  const auto one = msim::api::read_summary(dir / "rep-1");
  expect_complete(one, "rep-1");
  ASSERT_TRUE(one.replication.has_value());
  EXPECT_EQ(*one.replication, 1.0);
  EXPECT_FALSE(one.ci95);
  std::filesystem::remove_all(dir);
}

TEST(Summary, FaultsAndOverridesReadWhole) {
  const auto dir = work_dir("failures");
  msim::api::SessionOptions options;
  options.out_dir = dir;
  options.duration = "3m";
  options.overrides = {"seed=7"};
  const auto result = msim::api::run_batch(scenario("resilience/failure-mix"), options, {});
  ASSERT_TRUE(result.problems.empty()) << result.problems.front();
  expect_complete(result.summary, "failure-mix");
  EXPECT_FALSE(result.summary.faults.empty());
  EXPECT_EQ(result.summary.seed, 7u);
  ASSERT_EQ(result.summary.overrides.size(), 1u);
  EXPECT_EQ(result.summary.overrides[0].first, "seed");
  // The file on disk is the document, to the byte.
  EXPECT_EQ(msim::api::read_summary(dir).document, result.summary.document);
  std::filesystem::remove_all(dir);
}

TEST(Summary, CompareWindowsAndStrategiesReadWhole) {
  const auto dir = work_dir("compare");
  msim::api::SessionOptions options;
  options.out_dir = dir;
  options.duration = "12m";
  msim::api::CompareOptions compare;
  compare.strategies = {"static:4", "hpa"};
  compare.replications = 2;
  compare.jobs = 2;
  const auto result = msim::api::compare(scenario("scaling/flash-crowd"), options, compare);
  ASSERT_TRUE(result.problems.empty()) << result.problems.front();
  ASSERT_EQ(result.strategies.size(), 2u);
  EXPECT_EQ(result.strategies[0].name, "static:4");
  const auto* p99 = result.strategies[1].metric("p99_ms");
  ASSERT_NE(p99, nullptr);
  // The typed table is compare.json's, number for number.
  const auto document = json::parse(result.document);
  EXPECT_EQ(p99->mean, document["strategies"]["hpa"]["p99_ms"]["mean"].get<double>());
  EXPECT_EQ(p99->diff_ci95, document["strategies"]["hpa"]["p99_ms"]["diff_ci95"].get<double>());
  EXPECT_EQ(result.strategies[0].metric("no such metric"), nullptr);

  const auto run = msim::api::read_summary(dir / "hpa" / "rep-0");
  expect_complete(run, "compare hpa rep-0");
  ASSERT_FALSE(run.windows.empty());
  EXPECT_LT(run.windows.front().from_s, run.windows.front().to_s);
  std::filesystem::remove_all(dir);
}

TEST(Summary, AWrongTypeNamesItsKeyAndAMissingFolderItsPath) {
  try {
    msim::api::parse_summary(R"({"requests": {"all": {"completed": "many"}}})", "x/summary.json");
    FAIL() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "x/summary.json: 'requests.all.completed' should be a number");
  }
  try {
    msim::api::parse_summary("[1, 2", "y/summary.json");
    FAIL() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("y/summary.json: not a JSON object"), std::string::npos) << e.what();
  }
  try {
    msim::api::read_summary("/nonexistent/msim-folder");
    FAIL() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/msim-folder: no summary.json"), std::string::npos) << e.what();
  }
  // Keys of a later version are ignored; missing ones keep their defaults.
  const auto s = msim::api::parse_summary(R"({"future_key": {"x": 1}, "requests": {"all": {"completed": 5}}})", "z");
  EXPECT_EQ(s.all().completed, 5.0);
  EXPECT_EQ(s.all().latency_ms.p99, 0.0);
  EXPECT_TRUE(s.services.empty());
}

}  // namespace
