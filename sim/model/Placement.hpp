#pragma once
/** @file
 *  @brief Nodes of the cluster and where instances go: spread across zones, then the emptiest node.
 */
#include <cstdint>
#include <string>
#include <vector>

#include "scenario/ScenarioSpec.hpp"

namespace msim::model {

struct Node {
  std::string name;  // "<pool>-<index>"
  std::uint32_t pool = 0xFFFFFFFFu;
  bool removed = false;
  double added_at = 0;  // seconds
  double removed_at = -1;  // seconds; -1 while it exists
  double empty_since = -1;  // seconds; -1 while it is needed (cluster autoscaler: unneeded since)
  bool cordoned = false;  // being drained: nothing new is placed on it
  std::uint32_t zone = 0;
  double cpu = 0;  // cores; infinite for the implicit unlimited cluster
  double memory = 0;  // bytes
  double cpu_requested = 0;
  double memory_requested = 0;
};

/**
 * @brief Places instances on nodes by their CPU and memory requests.
 *
 * Spread: an instance goes to the zone that holds the fewest instances of its service (ties in
 * zone order), on the node there with the most free CPU that fits it; other zones are tried if
 * none fits. Without node pools the cluster is unlimited and each instance gets a node of its own.
 */
class Placement {
public:
  explicit Placement(const scenario::ClusterSpec& cluster);

  /** Returns the node index, or NONE (the instance stays pending). */
  std::uint32_t place(std::uint32_t service, double cpu, double memory);
  /** An instance left its node: its requests are free again. */
  void release(std::uint32_t node, std::uint32_t service, double cpu, double memory);

  const std::vector<Node>& nodes() const { return nodes_; }
  /** A new node of pool `pool` (cluster autoscaler), in the zone where the pool has the fewest nodes. */
  std::uint32_t add_node(std::uint32_t pool);
  void remove_node(std::uint32_t node);
  int node_count(std::uint32_t pool) const;
  Node& node(std::uint32_t n) { return nodes_[n]; }
  const std::vector<scenario::NodePoolSpec>& pools() const { return pools_; }
  const std::vector<std::string>& zones() const { return zones_; }
  /** No node pools: every instance has a node of its own, sized to its request but never full. */
  bool unlimited() const { return unlimited_; }

private:
  std::uint32_t fit_in_zone(std::uint32_t zone, double cpu, double memory) const;

  std::vector<std::string> zones_;
  scenario::ClusterSpec::Scheduler scheduler_;
  std::vector<scenario::NodePoolSpec> pools_;
  std::vector<std::vector<std::uint32_t>> pool_zones_;
  std::vector<int> pool_added_;  // nodes ever made, per pool (for names)
  std::vector<Node> nodes_;
  bool unlimited_ = false;
  std::vector<std::vector<int>> per_service_zone_count_;  // [service][zone]
};

}  // namespace msim::model
