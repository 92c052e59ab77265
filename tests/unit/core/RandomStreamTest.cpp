#include "core/RandomStream.hpp"

#include <set>

#include <gtest/gtest.h>

namespace msim::core {
namespace {

std::vector<std::uint64_t> draws(RandomStream s, int n) {
  std::vector<std::uint64_t> v;
  for (int i = 0; i < n; ++i) v.push_back(s());
  return v;
}

TEST(RandomStream, SameSeedReplicationAndPathGiveTheSameNumbers) {
  EXPECT_EQ(draws(RandomStream(7, 0, "services/cart/work"), 100), draws(RandomStream(7, 0, "services/cart/work"), 100));
}

TEST(RandomStream, AnyDifferenceInTheTripleGivesAnotherStream) {
  const auto base = draws(RandomStream(7, 0, "services/cart/work"), 10);
  EXPECT_NE(base, draws(RandomStream(8, 0, "services/cart/work"), 10));
  EXPECT_NE(base, draws(RandomStream(7, 1, "services/cart/work"), 10));
  EXPECT_NE(base, draws(RandomStream(7, 0, "services/carts/work"), 10));
}

TEST(RandomStream, SeedsDependOnlyOnTheTripleNotOnCreationOrder) {
  // Creating other streams first must not change a stream: there is no hidden global state.
  const auto alone = draws(RandomStream(3, 2, "workload/users/arrivals"), 5);
  RandomStream other1(3, 2, "autoscaler/frontend");
  RandomStream other2(3, 2, "services/db/work");
  other1();
  other2();
  EXPECT_EQ(alone, draws(RandomStream(3, 2, "workload/users/arrivals"), 5));
  EXPECT_EQ(derive_stream_seed(3, 2, "x"), derive_stream_seed(3, 2, "x"));
}

TEST(RandomStream, SeedsOfManyPathsAreDistinct) {
  std::set<std::uint64_t> seeds;
  for (int i = 0; i < 10000; ++i) seeds.insert(derive_stream_seed(1, 0, "services/s" + std::to_string(i) + "/work"));
  for (int rep = 0; rep < 1000; ++rep) seeds.insert(derive_stream_seed(1, static_cast<std::uint64_t>(rep) + 1, "services/s0/work"));
  EXPECT_EQ(seeds.size(), 11000u);
}

TEST(RandomStream, Uniform01StaysInTheHalfOpenInterval) {
  RandomStream s(1, 0, "u");
  double sum = 0;
  for (int i = 0; i < 100000; ++i) {
    const double u = s.uniform01();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
  }
  EXPECT_NEAR(sum / 100000, 0.5, 0.005);
}

}  // namespace
}  // namespace msim::core
