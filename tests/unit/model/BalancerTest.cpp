#include "model/Balancer.hpp"

#include <map>
#include <cstdio>
#include <numeric>

#include <gtest/gtest.h>

namespace msim::model {
namespace {

using core::SimTime;
scenario::BalancerSpec policy(const std::string& name) {
  scenario::BalancerSpec s;
  s.policy = name;
  return s;
}

// Global ids 100.. for local indices 0..; every instance usable.
std::vector<std::uint32_t> ids(std::uint32_t n) {
  std::vector<std::uint32_t> v(n);
  std::iota(v.begin(), v.end(), 100u);
  return v;
}
auto local = [](std::uint32_t id) { return id - 100; };
auto all_usable = [](std::uint32_t) { return true; };

TEST(Balancer, LeastRequestSamplesTwoUniformlyAndNeverTakesTheBusier) {
  Balancer b(policy("least_request"), core::RandomStream(1, 0, "lb"));
  // Outstanding requests 0, 1, 2, 3 on instances 0..3 (fixed while we sample).
  for (std::uint32_t i = 0; i < 4; ++i)
    for (std::uint32_t k = 0; k < i; ++k) b.on_sent(i);
  std::map<std::uint32_t, int> count;
  const int n = 160000;
  for (int k = 0; k < n; ++k) ++count[local(b.pick(ids(4), 0, static_cast<std::uint64_t>(k), SimTime(), local, all_usable))];
  // Two uniform draws with replacement, the less busy wins: P(i) = ((4-i)^2 - (3-i)^2)/16.
  for (std::uint32_t i = 0; i < 4; ++i) {
    const double expected = ((4.0 - i) * (4.0 - i) - (3.0 - i) * (3.0 - i)) / 16.0;
    EXPECT_NEAR(count[i] / static_cast<double>(n), expected, 0.006) << "instance " << i;
  }
}

TEST(Balancer, LeastOutstandingAlwaysTakesAnIdleInstance) {
  Balancer b(policy("least_outstanding"), core::RandomStream(1, 0, "lb"));
  for (int round = 0; round < 10; ++round) {
    const std::uint32_t id = b.pick(ids(5), 0, 0, SimTime(), local, all_usable);
    for (std::uint32_t i = 0; i < 5; ++i) ASSERT_LE(b.outstanding(local(id)), b.outstanding(i));
    b.on_sent(local(id));
  }
  for (std::uint32_t i = 0; i < 5; ++i) EXPECT_EQ(b.outstanding(i), 2);
}

TEST(Balancer, SmoothWeightedRoundRobinFollowsTheWeights) {
  auto spec = policy("weighted_round_robin");
  spec.weights = {3, 1, 1};
  Balancer b(spec, core::RandomStream(1, 0, "lb"));
  std::vector<std::uint32_t> order;
  for (int k = 0; k < 5; ++k) order.push_back(local(b.pick(ids(3), 0, 0, SimTime(), local, all_usable)));
  EXPECT_EQ(order, (std::vector<std::uint32_t>{0, 1, 0, 2, 0})) << "Nginx's smooth interleaving";
}

TEST(Balancer, RingHashMovesAboutOneNthOfTheKeysWhenAnInstanceIsAdded) {
  auto spec = policy("ring_hash");
  Balancer ten(spec, core::RandomStream(1, 0, "lb"));
  Balancer eleven(spec, core::RandomStream(1, 0, "lb"));
  const int keys = 20000;
  int moved = 0, to_new = 0;
  for (int k = 0; k < keys; ++k) {
    const auto before = ten.pick(ids(10), 1, static_cast<std::uint64_t>(k), SimTime(), local, all_usable);
    const auto after = eleven.pick(ids(11), 1, static_cast<std::uint64_t>(k), SimTime(), local, all_usable);
    moved += before != after ? 1 : 0;
    to_new += before != after && after == 110u ? 1 : 0;
  }
  EXPECT_NEAR(moved / static_cast<double>(keys), 1.0 / 11.0, 0.03);
  EXPECT_EQ(to_new, moved) << "a key may only move to the new instance";
  std::printf("ring hash: %.4f of keys moved, %.3f of them to the new host\n", moved / static_cast<double>(keys), to_new / static_cast<double>(moved));
}

TEST(Balancer, MaglevIsBalancedAndMovesFewKeys) {
  auto spec = policy("maglev");
  Balancer ten(spec, core::RandomStream(1, 0, "lb"));
  Balancer eleven(spec, core::RandomStream(1, 0, "lb"));
  std::map<std::uint32_t, int> load;
  const int keys = 50000;
  int moved = 0;
  for (int k = 0; k < keys; ++k) {
    const auto before = ten.pick(ids(10), 1, static_cast<std::uint64_t>(k), SimTime(), local, all_usable);
    ++load[before];
    moved += before != eleven.pick(ids(11), 1, static_cast<std::uint64_t>(k), SimTime(), local, all_usable) ? 1 : 0;
  }
  for (const auto& [id, n] : load) EXPECT_NEAR(n / static_cast<double>(keys), 0.1, 0.01) << id;
  EXPECT_LT(moved / static_cast<double>(keys), 0.13);  // the ideal is 1/11; Maglev trades a little for balance
}

TEST(Balancer, PassiveHealthSkipsAFailingInstanceForFailTimeout) {
  auto spec = policy("round_robin");
  spec.max_fails = 2;
  spec.fail_timeout = SimTime::from_seconds(10);
  Balancer b(spec, core::RandomStream(1, 0, "lb"));
  b.on_connection_failed(1, SimTime::from_seconds(1));
  b.on_connection_failed(1, SimTime::from_seconds(2));  // 2 fails within 10 s: down until 12 s
  for (int k = 0; k < 10; ++k) EXPECT_NE(local(b.pick(ids(3), 0, 0, SimTime::from_seconds(5), local, all_usable)), 1u);
  bool seen = false;
  for (int k = 0; k < 3; ++k) seen = seen || local(b.pick(ids(3), 0, 0, SimTime::from_seconds(12), local, all_usable)) == 1u;
  EXPECT_TRUE(seen) << "back after fail_timeout";
}

TEST(Balancer, PeakEwmaAvoidsTheSlowInstance) {
  Balancer b(policy("peak_ewma"), core::RandomStream(1, 0, "lb"));
  std::map<std::uint32_t, int> count;
  SimTime now;
  for (int k = 0; k < 20000; ++k) {
    now += SimTime::from_ms(1);
    const auto id = b.pick(ids(4), 0, 0, now, local, all_usable);
    ++count[local(id)];
    b.on_sent(local(id));
    b.on_done(local(id), now, local(id) == 3 ? SimTime::from_ms(50) : SimTime::from_ms(5));  // instance 3 is 10x slower
  }
  EXPECT_LT(count[3], count[0] / 4);
}

TEST(Balancer, UnusableInstancesAreAvoidedUnlessAllAre) {
  Balancer b(policy("random"), core::RandomStream(1, 0, "lb"));
  auto not_two = [](std::uint32_t id) { return id != 102; };
  for (int k = 0; k < 100; ++k) EXPECT_NE(b.pick(ids(4), 0, 0, SimTime(), local, not_two), 102u);
  auto none = [](std::uint32_t) { return false; };
  EXPECT_NE(b.pick(ids(4), 0, 0, SimTime(), local, none), Balancer::NONE) << "panic mode: use them all";
}

}  // namespace
}  // namespace msim::model
