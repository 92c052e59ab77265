#include "core/Distribution.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

namespace msim::core {
namespace {

struct Case {
  std::string name;
  Distribution dist;
  bool check_variance = true;
};

// Kolmogorov-Smirnov statistic of a sample against the distribution's CDF.
double ks_statistic(std::vector<double> xs, const Distribution& d) {
  std::sort(xs.begin(), xs.end());
  const double n = static_cast<double>(xs.size());
  double worst = 0;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const double f = d.cdf(xs[i]);
    worst = std::max({worst, f - static_cast<double>(i) / n, static_cast<double>(i + 1) / n - f});
  }
  return worst;
}

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

class DistributionTest : public ::testing::TestWithParam<Case> {};

constexpr int N = 100000;
constexpr std::uint64_t SEED = 12345;

TEST_P(DistributionTest, SampleFollowsTheCdf) {
  const Case& c = GetParam();
  RandomStream rng(SEED, 0, c.name);
  std::vector<double> xs(N);
  for (auto& x : xs) x = c.dist.sample(rng);
  // Critical value at significance 0.001: 1.95 / sqrt(n).
  EXPECT_LT(ks_statistic(xs, c.dist), 1.95 / std::sqrt(static_cast<double>(N))) << c.dist.describe() << " seed " << SEED;
}

TEST_P(DistributionTest, SampleMomentsMatchTheFormulas) {
  const Case& c = GetParam();
  RandomStream rng(SEED + 1, 0, c.name);
  double sum = 0, sum2 = 0;
  for (int i = 0; i < N; ++i) {
    const double x = c.dist.sample(rng);
    sum += x;
    sum2 += x * x;
  }
  const double mean = sum / N;
  const double var = sum2 / N - mean * mean;
  const double se = std::sqrt(c.dist.variance() / N);
  EXPECT_NEAR(mean, c.dist.mean(), 5 * se + 1e-12) << c.dist.describe();
  if (c.check_variance) {
    EXPECT_NEAR(var / c.dist.variance(), 1.0, 0.05) << c.dist.describe();
  }
}

std::vector<double> empirical_values() {
  std::vector<double> v;
  for (int i = 0; i < 50; ++i) v.push_back(0.001 * (i + 1) + 0.0003 * (i % 3) + 0.00002 * i * i);  // distinct, uneven gaps
  return v;
}

INSTANTIATE_TEST_SUITE_P(
    AllKinds, DistributionTest,
    ::testing::Values(Case{"exponential", Distribution::exponential(0.004)},
                      Case{"uniform", Distribution::uniform(8, 15)},
                      Case{"normal", Distribution::normal(0.010, 0.002)},
                      Case{"normal_truncated", Distribution::normal(0.001, 0.002)},
                      Case{"lognormal", Distribution::lognormal(std::log(0.002), 0.5)},
                      Case{"gamma", Distribution::gamma(2.0, 0.004)},
                      Case{"erlang3", Distribution::gamma(3.0, 0.001)},
                      Case{"weibull", Distribution::weibull(1.5, 0.010)},
                      Case{"pareto", Distribution::pareto(2.5, 0.001), false},
                      Case{"empirical", Distribution::empirical(empirical_values())}),
    [](const ::testing::TestParamInfo<Case>& param_info) { return param_info.param.name; });

TEST(Distribution, ConstantAlwaysGivesItsValue) {
  RandomStream rng(1, 0, "c");
  const auto d = Distribution::constant(0.25);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(d.sample(rng), 0.25);
  EXPECT_EQ(d.mean(), 0.25);
  EXPECT_EQ(d.variance(), 0.0);
  EXPECT_EQ(d.cdf(0.2), 0.0);
  EXPECT_EQ(d.cdf(0.25), 1.0);
}

TEST(Distribution, InvalidParametersAreRefused) {
  EXPECT_THROW(Distribution::exponential(0), std::invalid_argument);
  EXPECT_THROW(Distribution::uniform(2, 1), std::invalid_argument);
  EXPECT_THROW(Distribution::gamma(-1, 1), std::invalid_argument);
  EXPECT_THROW(Distribution::pareto(1, 0), std::invalid_argument);
  EXPECT_THROW(Distribution::empirical({}), std::invalid_argument);
}

TEST(Distribution, ParetoWithoutFiniteMomentsSaysSo) {
  EXPECT_TRUE(std::isinf(Distribution::pareto(1.0, 1.0).mean()));
  EXPECT_TRUE(std::isinf(Distribution::pareto(2.0, 1.0).variance()));
}

TEST(Distribution, NeverNegativeForTruncatedNormal) {
  RandomStream rng(9, 0, "n");
  const auto d = Distribution::normal(0.0, 1.0);
  for (int i = 0; i < 10000; ++i) ASSERT_GE(d.sample(rng), 0.0);
}

}  // namespace
}  // namespace msim::core
