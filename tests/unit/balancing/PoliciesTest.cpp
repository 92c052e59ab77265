// Properties every registered balancing policy must have; a new policy is checked here without
// a test of its own (its own behaviour still deserves one).
#include "balancing/BalancingPolicy.hpp"

#include <map>
#include <set>

#include <gtest/gtest.h>

namespace msim::balancing {
namespace {

const std::vector<std::uint32_t> CANDIDATES{100, 101, 102, 103};
std::uint32_t local_of(std::uint32_t id) { return id - 100; }

std::vector<std::uint32_t> picks(const PolicyEntry& entry, std::uint64_t seed, int n) {
  Shared shared(core::RandomStream(seed, 0, "lb"), {});
  auto policy = make_policy(entry, {});
  const auto local = [](std::uint32_t id) { return local_of(id); };
  std::vector<std::uint32_t> out;
  for (int k = 0; k < n; ++k) {
    const core::SimTime now = core::SimTime::from_ms(k);
    const std::uint32_t id = policy->choose({CANDIDATES, false, 1, static_cast<std::uint64_t>(k), now, LocalIndex(local)}, shared);
    out.push_back(id);
    // Each call ends at once, 1 ms later: nothing stays outstanding, so load-aware policies spread too.
    shared.add_outstanding(local_of(id), 1);
    shared.add_outstanding(local_of(id), -1);
    if (policy->observes_latency()) policy->on_done(local_of(id), now, core::SimTime::from_ms(1));
  }
  return out;
}

TEST(BalancingRegistry, NamesAreUniqueAndEveryEntryIsDescribed) {
  std::set<std::string> names, shared_keys{"policy", "placement", "weights", "nextUpstream", "passiveHealth"};
  ASSERT_FALSE(policies().empty());
  EXPECT_EQ(policies().front().name, "round_robin") << "the default comes first";
  for (const auto& e : policies()) {
    EXPECT_TRUE(names.insert(e.name).second) << e.name << " registered twice";
    EXPECT_FALSE(e.help.empty()) << e.name;
    EXPECT_TRUE(e.make) << e.name;
    EXPECT_EQ(find_policy(e.name), &e);
    for (const auto& p : e.params) {
      EXPECT_FALSE(p.help.empty()) << e.name << "." << p.key;
      EXPECT_EQ(shared_keys.count(p.key), 0u) << e.name << "." << p.key << " shadows a key every policy has";
    }
  }
  EXPECT_EQ(find_policy("no_such_policy"), nullptr);
}

TEST(BalancingRegistry, EveryPolicyPicksACandidateReproduciblyAndSpreadsTheLoad) {
  for (const auto& e : policies()) {
    const auto a = picks(e, 7, 4000);
    EXPECT_EQ(a, picks(e, 7, 4000)) << e.name << ": same seed, same choices";
    std::map<std::uint32_t, int> count;
    for (const auto id : a) {
      ASSERT_TRUE(id >= 100 && id <= 103) << e.name << " chose " << id;
      ++count[id];
    }
    for (const auto id : CANDIDATES) EXPECT_GT(count[id], 400) << e.name << ": instance " << id << " got " << count[id] << " of 4000";
  }
}

TEST(BalancingRegistry, AFactorySeesEveryDeclaredParameter) {
  for (const auto& e : policies()) {
    Params none;
    EXPECT_NO_THROW(make_policy(e, none)) << e.name << " reads a parameter it does not declare";
  }
}

}  // namespace
}  // namespace msim::balancing
