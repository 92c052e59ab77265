#include "model/Placement.hpp"

#include <algorithm>
#include <limits>
#include <numeric>

#include <fmt/format.h>

#include "model/Runtime.hpp"

namespace msim::model {

Placement::Placement(const scenario::ClusterSpec& cluster) : zones_(cluster.zones), scheduler_(cluster.scheduler), pools_(cluster.pools) {
  unlimited_ = cluster.pools.empty();
  for (std::uint32_t p = 0; p < pools_.size(); ++p) {
    const auto& pool = pools_[p];
    std::vector<std::uint32_t> pool_zones;
    for (std::uint32_t z = 0; z < zones_.size(); ++z)
      if (pool.zones.empty() || std::find(pool.zones.begin(), pool.zones.end(), zones_[z]) != pool.zones.end())
        pool_zones.push_back(z);
    pool_zones_.push_back(pool_zones);
    pool_added_.push_back(0);
    for (int i = 0; i < pool.nodes; ++i) add_node(p);
  }
}

std::uint32_t Placement::add_node(std::uint32_t p) {
  const auto& pool = pools_[p];
  const auto& zones = pool_zones_[p];
  std::vector<int> per_zone(zones_.size(), 0);
  for (const auto& n : nodes_)
    if (n.pool == p && !n.removed) ++per_zone[n.zone];
  std::uint32_t zone = zones.front();
  for (const std::uint32_t z : zones)
    if (per_zone[z] < per_zone[zone]) zone = z;
  Node node;
  node.name = fmt::format("{}-{}", pool.name, pool_added_[p]++);
  node.pool = p;
  node.zone = zone;
  node.cpu = pool.cpu;
  node.memory = pool.memory;
  nodes_.push_back(std::move(node));
  return static_cast<std::uint32_t>(nodes_.size() - 1);
}

void Placement::remove_node(std::uint32_t n) {
  nodes_[n].removed = true;
  nodes_[n].cpu = 0;  // nothing fits any more
  nodes_[n].memory = 0;
}

int Placement::node_count(std::uint32_t p) const {
  int count = 0;
  for (const auto& n : nodes_) count += n.pool == p && !n.removed ? 1 : 0;
  return count;
}

std::uint32_t Placement::fit_in_zone(std::uint32_t zone, double cpu, double memory) const {
  // Spread and least_allocated take the node with the most free CPU; binpack the one with the least.
  const bool binpack = scheduler_ == scenario::ClusterSpec::Scheduler::BINPACK;
  std::uint32_t best = NONE;
  double best_free = 0;
  for (std::uint32_t n = 0; n < nodes_.size(); ++n) {
    const Node& node = nodes_[n];
    if ((zone != NONE && node.zone != zone) || node.removed || node.cordoned) continue;
    const double free_cpu = node.cpu - node.cpu_requested;
    if (free_cpu + 1e-9 < cpu || node.memory - node.memory_requested + 1e-3 < memory) continue;
    if (best == NONE || (binpack ? free_cpu < best_free : free_cpu > best_free)) {
      best = n;
      best_free = free_cpu;
    }
  }
  return best;
}

void Placement::release(std::uint32_t node, std::uint32_t service, double cpu, double memory) {
  Node& n = nodes_[node];
  n.cpu_requested = std::max(0.0, n.cpu_requested - cpu);
  n.memory_requested = std::max(0.0, n.memory_requested - memory);
  if (service < per_service_zone_count_.size() && n.zone < per_service_zone_count_[service].size())
    --per_service_zone_count_[service][n.zone];
}

std::uint32_t Placement::place(std::uint32_t service, double cpu, double memory) {
  if (per_service_zone_count_.size() <= service) per_service_zone_count_.resize(service + 1);
  auto& counts = per_service_zone_count_[service];
  counts.resize(zones_.size(), 0);
  std::vector<std::uint32_t> order(zones_.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return counts[a] < counts[b]; });
  if (!unlimited_ && scheduler_ != scenario::ClusterSpec::Scheduler::SPREAD) {  // no zone spreading
    const std::uint32_t node = fit_in_zone(NONE, cpu, memory);
    if (node == NONE) return NONE;
    nodes_[node].cpu_requested += cpu;
    nodes_[node].memory_requested += memory;
    ++counts[nodes_[node].zone];
    return node;
  }
  for (const std::uint32_t zone : order) {
    std::uint32_t node = NONE;
    if (unlimited_) {
      node = static_cast<std::uint32_t>(nodes_.size());
      Node n;
      n.name = fmt::format("node-{}", node);
      n.zone = zone;
      n.cpu = cpu;
      n.memory = memory;
      nodes_.push_back(std::move(n));
    } else {
      node = fit_in_zone(zone, cpu, memory);
    }
    if (node == NONE) continue;
    nodes_[node].cpu_requested += cpu;
    nodes_[node].memory_requested += memory;
    ++counts[zone];
    return node;
  }
  return NONE;
}

}  // namespace msim::model
