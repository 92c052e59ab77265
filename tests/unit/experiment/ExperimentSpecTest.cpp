// The experiment file of msim sweep: values, ranges, point order, metric patterns, and errors.
#include "experiment/ExperimentSpec.hpp"

#include <fstream>

#include <gtest/gtest.h>

namespace msim::experiment {
namespace {

class ExperimentSpecTest : public ::testing::Test {
protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("msim-exp-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
                                                    ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    std::ofstream(dir_ / "base.yaml") << "services:\n  a:\n    replicas: 2\n    endpoints: { e: { work: 1ms } }\n"
                                         "workload: [ { name: w, rate: 10/s, call: a.e } ]\n";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  ExperimentLoad load(const std::string& text) {
    std::ofstream(dir_ / "exp.yaml") << text;
    return load_experiment_file(dir_ / "exp.yaml");
  }
  std::string first_error(const std::string& text) {
    const auto r = load(text);
    return r.diagnostics.empty() ? "" : r.diagnostics.front().format();
  }

  std::filesystem::path dir_;
};

TEST_F(ExperimentSpecTest, GridIsRowMajorAndZipIsTheInnermostAxis) {
  const auto r = load("scenario: base.yaml\nreplications: 2\ngrid:\n  services.a.replicas: [1, 2]\n  workload.w.rate: [10/s, 20/s, 30/s]\n"
                      "zip:\n  services.a.workers: [1, 4]\n  services.a.queue: [5, 50]\n");
  ASSERT_TRUE(r.spec) << r.diagnostics.front().format();
  const auto points = expand_points(*r.spec);
  ASSERT_EQ(points.size(), 2u * 3u * 2u);
  using V = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(points[0].values, (V{{"services.a.replicas", "1"}, {"workload.w.rate", "10/s"}, {"services.a.workers", "1"}, {"services.a.queue", "5"}}));
  EXPECT_EQ(points[1].values, (V{{"services.a.replicas", "1"}, {"workload.w.rate", "10/s"}, {"services.a.workers", "4"}, {"services.a.queue", "50"}}));
  EXPECT_EQ(points[2].values[1].second, "20/s");
  EXPECT_EQ(points[6].values[0].second, "2");
  EXPECT_EQ(r.spec->replications, 2u);
}

TEST_F(ExperimentSpecTest, RangesByStepByCountAndLogarithmic) {
  const auto r = load("scenario: base.yaml\ngrid:\n  workload.w.rate: { from: 100, to: 400, step: 100, suffix: /s }\n"
                      "  services.a.replicas: { from: 1, to: 100, count: 3, scale: log }\n");
  ASSERT_TRUE(r.spec) << r.diagnostics.front().format();
  EXPECT_EQ(r.spec->grid[0].values, (std::vector<std::string>{"100/s", "200/s", "300/s", "400/s"}));
  EXPECT_EQ(r.spec->grid[1].values, (std::vector<std::string>{"1", "10", "100"}));
  // A step that does not divide the interval stops before passing `to`.
  const auto r2 = load("scenario: base.yaml\ngrid:\n  workload.w.rate: { from: 0.1, to: 0.35, step: 0.1 }\n");
  ASSERT_TRUE(r2.spec);
  EXPECT_EQ(r2.spec->grid[0].values, (std::vector<std::string>{"0.1", "0.2", "0.3"}));
}

TEST_F(ExperimentSpecTest, NoParametersIsOnePoint) {
  const auto r = load("scenario: base.yaml\nreplications: 5\n");
  ASSERT_TRUE(r.spec);
  EXPECT_EQ(expand_points(*r.spec).size(), 1u);
}

TEST_F(ExperimentSpecTest, TheHashChangesWithTheScenario) {
  const auto a = load("scenario: base.yaml\n");
  std::ofstream(dir_ / "base.yaml", std::ios::app) << "# changed\n";
  const auto b = load("scenario: base.yaml\n");
  ASSERT_TRUE(a.spec && b.spec);
  EXPECT_NE(a.spec->sha256, b.spec->sha256);
}

TEST_F(ExperimentSpecTest, MetricPatterns) {
  EXPECT_TRUE(matches_metric_pattern("services.*.utilization", "services.cart.utilization"));
  EXPECT_FALSE(matches_metric_pattern("services.*.utilization", "services.cart.replicas.mean"));
  EXPECT_FALSE(matches_metric_pattern("services.*", "services.cart.utilization"));
  EXPECT_TRUE(matches_metric_pattern("cost.dollars", "cost.dollars"));
  EXPECT_FALSE(matches_metric_pattern("cost.dollars", "cost.dollars_x"));
}

struct BadCase {
  const char* text;
  const char* message;
};

TEST_F(ExperimentSpecTest, BadFilesAreLocatedAndExplained) {
  const BadCase cases[] = {
      {"scenario: base.yaml\nreplicatons: 2\n", "exp.yaml:2:1: unknown key 'replicatons'; did you mean 'replications'?"},
      {"grid: {}\n", "exp.yaml:1:1: scenario: the base scenario file is missing"},
      {"scenario: base.yaml\nreplications: 0\n", "exp.yaml:2:15: replications: 0 must be between 1 and 1000000"},
      {"scenario: base.yaml\ngrid:\n  services.b.replicas: [1]\n",
       "exp.yaml:3:3: grid.services.b.replicas: 'services.b.replicas': 'services' has no key 'b'"},
      {"scenario: base.yaml\ngrid:\n  services.a.replicas: 3\n", "exp.yaml:3:24: grid.services.a.replicas: expected a list of values"},
      {"scenario: base.yaml\ngrid:\n  services.a.replicas: []\n", "give at least one value"},
      {"scenario: base.yaml\ngrid:\n  services.a.replicas: { from: 1, to: 5, step: -1 }\n", "a step of -1 never gets from 1 to 5"},
      {"scenario: base.yaml\ngrid:\n  services.a.replicas: { from: 1, to: 5, count: 3, scale: cubic }\n", "valid: linear, log"},
      {"scenario: base.yaml\ngrid:\n  strategy: [static:3, hpa:2]\n", "only static takes a number"},
      {"scenario: base.yaml\ngrid:\n  services.a.replicas: [1]\nzip:\n  services.a.replicas: [2]\n", "swept twice"},
      {"scenario: base.yaml\nset: { services.a.replicas: 2 }\ngrid:\n  services.a.replicas: [1]\n", "also swept"},
      {"scenario: base.yaml\ntime_limit: 0s\n", "time_limit: must be > 0"},
      {"scenario: base.yaml\nname: ../escape\n", "not a valid name"},
      {"- just\n- a list\n", "an experiment is a YAML mapping"},
  };
  for (const auto& c : cases) {
    const std::string error = first_error(c.text);
    EXPECT_NE(error.find(c.message), std::string::npos) << "for:\n" << c.text << "got: " << error;
  }
}

}  // namespace
}  // namespace msim::experiment
