// Nginx's `random two least_conn`, checked against the probabilities its algorithm implies.
#include <cmath>
#include <map>

#include <gtest/gtest.h>

#include "balancing/BalancingPolicy.hpp"

namespace msim::balancing {
namespace {

std::map<std::uint32_t, double> shares(const std::vector<double>& weights, const std::vector<int>& outstanding, int n) {
  Shared shared(core::RandomStream(3, 0, "lb"), weights);
  for (std::uint32_t i = 0; i < outstanding.size(); ++i) shared.add_outstanding(i, outstanding[i]);
  auto policy = make_policy(*find_policy("random_two_least_conn"), {});
  std::vector<std::uint32_t> candidates;
  for (std::uint32_t i = 0; i < outstanding.size(); ++i) candidates.push_back(i);
  const auto local = [](std::uint32_t id) { return id; };
  std::map<std::uint32_t, double> out;
  for (int k = 0; k < n; ++k) out[policy->choose({candidates, false, 1, 0, core::SimTime(), LocalIndex(local)}, shared)] += 1.0 / n;
  return out;
}

TEST(RandomTwoLeastConn, TheLessLoadedOfTwoDifferentInstancesWins) {
  // Loads 0, 1, 2, 3: instance i wins every pair with a busier one; of the 12 ordered pairs of
  // different instances, 2 x (3 - i) contain i and a busier one.
  const auto s = shares({}, {0, 1, 2, 3}, 120000);
  for (std::uint32_t i = 0; i < 4; ++i) EXPECT_NEAR(s.count(i) ? s.at(i) : 0.0, 2.0 * (3 - i) / 12.0, 0.006) << "instance " << i;
}

TEST(RandomTwoLeastConn, OnATieTheSecondDrawnWinsSoWeightsCountAgainstTheHeavierOne) {
  // Weights 3 and 1, nothing in flight: every pick is a tie and goes to the second instance drawn,
  // which is the light one whenever the heavy one came first (probability 3/4). Nginx does the same.
  const auto s = shares({3, 1}, {0, 0}, 100000);
  EXPECT_NEAR(s.at(0), 0.25, 0.006);
  EXPECT_NEAR(s.at(1), 0.75, 0.006);
}

TEST(RandomTwoLeastConn, LoadIsComparedPerUnitOfWeight) {
  // 3 in flight on weight 3 (1 per weight) against 2 on weight 1 (2 per weight): the heavy one
  // wins every pair. Only the fallback (the heavy one drawn 20 times in a row: 3/4 x (3/4)^19 =
  // 0.3 % of picks) goes to round robin, which gives the light one a quarter of those.
  const auto s = shares({3, 1}, {3, 2}, 100000);
  EXPECT_NEAR(s.at(0), 1.0 - 0.25 * 0.75 * std::pow(0.75, 19), 0.0006);
}

TEST(RandomTwoLeastConn, OneCandidateIsChosenWithoutADraw) {
  const auto s = shares({}, {5}, 100);
  EXPECT_DOUBLE_EQ(s.at(0), 1.0);
}

}  // namespace
}  // namespace msim::balancing
