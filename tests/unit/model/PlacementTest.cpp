#include "model/Placement.hpp"

#include <set>

#include <gtest/gtest.h>

namespace msim::model {
namespace {

scenario::ClusterSpec cluster(scenario::ClusterSpec::Scheduler scheduler) {
  scenario::ClusterSpec c;
  c.scheduler = scheduler;
  c.zones = {"a", "b"};
  scenario::NodePoolSpec pool;
  pool.name = "p";
  pool.nodes = 4;
  pool.cpu = 4;
  c.pools = {pool};
  return c;
}

std::set<std::uint32_t> nodes_used(scenario::ClusterSpec::Scheduler scheduler, int instances) {
  Placement p(cluster(scheduler));
  std::set<std::uint32_t> used;
  for (int i = 0; i < instances; ++i) used.insert(p.place(0, 1.0, 1e6));
  return used;
}

TEST(Placement, BinpackFillsANodeBeforeTheNext) {
  EXPECT_EQ(nodes_used(scenario::ClusterSpec::Scheduler::BINPACK, 4).size(), 1u);
  EXPECT_EQ(nodes_used(scenario::ClusterSpec::Scheduler::BINPACK, 5).size(), 2u);
}

TEST(Placement, SpreadAndLeastAllocatedUseTheEmptiestNodes) {
  EXPECT_EQ(nodes_used(scenario::ClusterSpec::Scheduler::LEAST_ALLOCATED, 4).size(), 4u);
  EXPECT_EQ(nodes_used(scenario::ClusterSpec::Scheduler::SPREAD, 4).size(), 4u);
}

TEST(Placement, SpreadAlternatesZonesAndInstancesWaitWhenFull) {
  Placement p(cluster(scenario::ClusterSpec::Scheduler::SPREAD));
  const auto first = p.place(0, 1.0, 1e6), second = p.place(0, 1.0, 1e6);
  EXPECT_NE(p.nodes()[first].zone, p.nodes()[second].zone);
  for (int i = 0; i < 14; ++i) EXPECT_NE(p.place(0, 1.0, 1e6), 0xFFFFFFFFu);
  EXPECT_EQ(p.place(0, 1.0, 1e6), 0xFFFFFFFFu) << "16 cores are taken: the 17th stays pending";
  p.release(first, 0, 1.0, 1e6);
  EXPECT_EQ(p.place(0, 1.0, 1e6), first);
}

}  // namespace
}  // namespace msim::model
