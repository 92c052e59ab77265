#include "experiment/Statistics.hpp"

#include <random>

#include <gtest/gtest.h>

#include "experiment/Aggregate.hpp"
#include "experiment/Mser.hpp"

namespace msim::experiment {
namespace {

TEST(Statistics, StudentTQuantilesMatchTables) {
  EXPECT_NEAR(student_t_quantile(0.95, 10), 2.228, 1e-3);
  EXPECT_NEAR(student_t_quantile(0.95, 1), 12.706, 1e-3);
  EXPECT_NEAR(student_t_quantile(0.999, 19), 3.883, 1e-3);
}

TEST(Statistics, EstimateOfKnownValues) {
  const auto e = estimate({1, 2, 3, 4, 5}, 0.95);
  EXPECT_DOUBLE_EQ(e.mean, 3.0);
  EXPECT_NEAR(e.half_width, 2.776 * std::sqrt(2.5) / std::sqrt(5.0), 1e-3);
  EXPECT_EQ(estimate({7}, 0.95).half_width, 0.0);
}

TEST(Statistics, NinetyFivePercentIntervalsCoverTheTruthAboutNinetyFivePercentOfTheTime) {
  std::mt19937_64 rng(99);
  std::normal_distribution<double> normal(10.0, 2.0);
  int covered = 0;
  for (int trial = 0; trial < 2000; ++trial) {
    std::vector<double> xs(8);
    for (auto& x : xs) x = normal(rng);
    const auto e = estimate(xs, 0.95);
    covered += std::abs(e.mean - 10.0) <= e.half_width ? 1 : 0;
  }
  EXPECT_NEAR(covered / 2000.0, 0.95, 0.015);
}

TEST(Mser, FindsTheEndOfAnInitialTransient) {
  // 200 batches decaying from 50 down to 10, then 1800 batches of noise around 10.
  std::mt19937_64 rng(5);
  std::normal_distribution<double> noise(0.0, 1.0);
  MserRecorder rec;
  std::int64_t t = 0;
  for (int i = 0; i < 10000; ++i) {
    const double level = i < 1000 ? 50.0 - 40.0 * i / 1000.0 : 10.0;
    rec.record(core::SimTime::from_ns(t += 1000), level + noise(rng));
  }
  const auto cut = choose_truncation(rec);
  EXPECT_GE(cut.batches, 150u);
  EXPECT_LE(cut.batches, 260u);
  EXPECT_TRUE(cut.reliable);
  EXPECT_EQ(cut.time, rec.batch_ends()[cut.batches - 1]);
}

TEST(Mser, StationaryDataNeedsLittleTruncation) {
  std::mt19937_64 rng(6);
  std::exponential_distribution<double> x(1.0);
  std::vector<double> batches(1000);
  for (auto& b : batches) b = x(rng);
  EXPECT_LT(mser_truncation(batches), 100u);
}

TEST(Mser, MemoryStaysBoundedByMergingBatches) {
  MserRecorder rec;
  for (std::size_t i = 0; i < 5 * MserRecorder::MAX_BATCHES + 10; ++i) rec.record(core::SimTime::from_ns(static_cast<std::int64_t>(i)), 1.0);
  EXPECT_LE(rec.batch_means().size(), MserRecorder::MAX_BATCHES);
  EXPECT_EQ(rec.batch_size(), 10u);
}

TEST(Aggregate, MeansAndHalfWidthsKeepTheSummaryShape) {
  using json = nlohmann::ordered_json;
  std::vector<json> reps;
  for (int k = 0; k < 4; ++k)
    reps.push_back({{"schema_version", 1}, {"scenario", "s"}, {"seed", 3}, {"replication", k},
                    {"requests", {{"all", {{"latency_ms", {{"mean", 10.0 + k}}}, {"completed", 100 + k}}}}}});
  const json s = aggregate_summaries(reps);
  EXPECT_EQ(s["replications"], 4);
  EXPECT_FALSE(s.contains("replication"));
  EXPECT_EQ(s["scenario"], "s");
  EXPECT_DOUBLE_EQ(s["requests"]["all"]["latency_ms"]["mean"].get<double>(), 11.5);
  EXPECT_NEAR(s["ci95"]["requests"]["all"]["latency_ms"]["mean"].get<double>(), 3.182 * std::sqrt(5.0 / 3.0) / 2.0, 1e-3);
  EXPECT_FALSE(s["ci95"].contains("scenario"));
  EXPECT_EQ(values_at(reps, "requests.all.completed"), (std::vector<double>{100, 101, 102, 103}));
  EXPECT_THROW(values_at(reps, "requests.nope"), std::invalid_argument);
}

}  // namespace
}  // namespace msim::experiment
