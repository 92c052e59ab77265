// ClusterAutoscaler: nodes added for pending instances and removed when underused (see the header).
#include "model/ClusterAutoscaler.hpp"

#include <algorithm>
#include <map>
#include <string>

#include <fmt/format.h>

namespace msim::model {

namespace {
const core::SimTime ROUND = core::SimTime::from_seconds(10);  // cluster-autoscaler's --scan-interval
}  // namespace

ClusterAutoscaler::ClusterAutoscaler(const scenario::ScenarioSpec& spec, core::Simulator& sim, Placement& placement,
                                     const std::vector<Service>& services, const std::vector<Instance>& instances,
                                     NodeWorkloads& workloads, const DisruptionBudgets& budgets, const EventLog& events)
    : spec_(spec), sim_(sim), placement_(placement), services_(services), instances_(instances), workloads_(workloads), budgets_(budgets),
      events_(events) {}

void ClusterAutoscaler::start() {
  for (const auto& pool : placement_.pools())
    if (pool.autoscaled) {
      sim_.schedule_at<&ClusterAutoscaler::on_round>(ROUND, this, 0);
      return;
    }
}

void ClusterAutoscaler::on_round(std::uint64_t) {
  const auto now = sim_.now();
  const auto& pools = placement_.pools();
  provisioning_.resize(pools.size(), 0);
  // Scale up: first-fit the pending instances onto fresh nodes of each pool in turn.
  std::vector<std::pair<double, double>> waiting;  // (cpu, memory) of pending instances
  for (const std::uint32_t i : workloads_.pending_instances()) {
    if (instances_[i].life.gone) continue;
    const ServiceResources& asks = services_[instances_[i].service].resources;
    waiting.emplace_back(asks.cpu_request, asks.memory_request);
  }
  for (std::uint32_t p = 0; p < pools.size() && !waiting.empty(); ++p) {
    const auto& pool = pools[p];
    if (!pool.autoscaled) continue;
    std::vector<std::pair<double, double>> fresh;  // free room on each imagined new node
    std::vector<std::pair<double, double>> left;
    for (const auto& [cpu, memory] : waiting) {
      if (cpu > pool.cpu || memory > pool.memory) {
        left.emplace_back(cpu, memory);  // never fits this pool
        continue;
      }
      bool placed = false;
      for (auto& room : fresh)
        if (room.first >= cpu && room.second >= memory) {
          room.first -= cpu;
          room.second -= memory;
          placed = true;
          break;
        }
      if (!placed) fresh.emplace_back(pool.cpu - cpu, pool.memory - memory);
    }
    const int room = pool.max_nodes - placement_.node_count(p) - provisioning_[p];
    const int wanted = std::min(room, static_cast<int>(fresh.size()) - provisioning_[p]);
    for (int k = 0; k < wanted; ++k) {
      ++provisioning_[p];
      events_.log("node_requested", "", "", pool.name, "", "", fmt::format("{} pending instance(s)", waiting.size()));
      sim_.schedule_in<&ClusterAutoscaler::on_node_ready>(pool.provisioning, this, p);
    }
    waiting = std::move(left);
  }
  scale_down_nodes();
  if (now + ROUND <= spec_.duration) sim_.schedule_in<&ClusterAutoscaler::on_round>(ROUND, this, 0);
}

// Scale down, as cluster-autoscaler does it: a node whose requests are below the pool's
// utilization threshold (default 50 %) and whose instances would all fit on other nodes is
// unneeded; unneeded for the pool's delay (default 10 min), it is drained, one node per round,
// if every instance's PodDisruptionBudget allows the eviction, and removed once empty.
void ClusterAutoscaler::scale_down_nodes() {
  const auto now = sim_.now();
  const auto& pools = placement_.pools();
  bool drained_one = false;
  std::vector<std::vector<std::uint32_t>> by_node;  // instances per node, built when first needed
  for (std::uint32_t n = 0; n < placement_.nodes().size(); ++n) {
    Node& node = placement_.node(n);
    if (node.removed || node.pool >= pools.size() || !pools[node.pool].autoscaled) continue;
    const auto& pool = pools[node.pool];
    if (node.cordoned) {
      if (node.cpu_requested <= 1e-9 && node.memory_requested <= 1e-3) {
        placement_.remove_node(n);
        node.removed_at = now.seconds();
        events_.log("node_removed", "", "", node.name, "", "", "drained");
      }
      continue;
    }
    const bool underused = node.cpu_requested < pool.scale_down_utilization * node.cpu - 1e-9;
    if (underused && by_node.empty()) {
      by_node.resize(placement_.nodes().size());
      for (std::uint32_t i = 0; i < instances_.size(); ++i) {
        const InstancePlacement& where = instances_[i].placement;
        if (where.placed && !instances_[i].life.gone && where.node < by_node.size()) by_node[where.node].push_back(i);
      }
    }
    const std::vector<std::uint32_t> residents = underused ? by_node[n] : std::vector<std::uint32_t>{};
    if (!underused || (!residents.empty() && !fits_elsewhere(n, residents))) {
      node.empty_since = -1;
      continue;
    }
    if (node.empty_since < 0) node.empty_since = now.seconds();
    if (now.seconds() - node.empty_since < pool.scale_down_delay.seconds() || placement_.node_count(node.pool) <= pool.min_nodes) continue;
    if (residents.empty()) {
      placement_.remove_node(n);
      node.removed_at = now.seconds();
      events_.log("node_removed", "", "", node.name, "", "", "empty for the scale-down delay");
      continue;
    }
    if (drained_one) continue;
    // Every eviction must be allowed by its service's disruption budget.
    std::map<std::uint32_t, int> evictions;
    for (const auto i : residents) ++evictions[instances_[i].service];
    std::string blocked;
    for (const auto& [s, count] : evictions)
      if (budgets_.allowed(s) < count)
        blocked = fmt::format("PodDisruptionBudget of {} allows {} disruption(s), the drain needs {}", services_[s].name, budgets_.allowed(s), count);
    if (!blocked.empty()) {
      events_.log("node_drain_blocked", "", "", node.name, "", "", blocked);
      continue;
    }
    node.cordoned = true;
    drained_one = true;
    events_.log("node_drain", "", "", node.name, "", "",
              fmt::format("{:.0f} % of its CPU requested for {:g} s: moving {} instance(s)", 100 * node.cpu_requested / node.cpu,
                          now.seconds() - node.empty_since, residents.size()));
    for (const auto i : residents) workloads_.evict(i, "evicted: its node is being removed");
  }
}

// Would these instances fit on the pool's other nodes as they are now? (First fit, as the
// cluster autoscaler's simulation of the scheduler does it in spirit.)
bool ClusterAutoscaler::fits_elsewhere(std::uint32_t node, const std::vector<std::uint32_t>& instances) const {
  std::vector<std::pair<double, double>> room;
  for (std::uint32_t n = 0; n < placement_.nodes().size(); ++n) {
    const Node& other = placement_.nodes()[n];
    if (n == node || other.removed || other.cordoned) continue;
    room.emplace_back(other.cpu - other.cpu_requested, other.memory - other.memory_requested);
  }
  for (const auto i : instances) {
    const Service& svc = services_[instances_[i].service];
    bool placed = false;
    for (auto& [cpu, memory] : room)
      if (cpu + 1e-9 >= svc.resources.cpu_request && memory + 1e-3 >= svc.resources.memory_request) {
        cpu -= svc.resources.cpu_request;
        memory -= svc.resources.memory_request;
        placed = true;
        break;
      }
    if (!placed) return false;
  }
  return true;
}

void ClusterAutoscaler::on_node_ready(std::uint64_t p) {
  --provisioning_[p];
  const std::uint32_t n = placement_.add_node(static_cast<std::uint32_t>(p));
  placement_.node(n).added_at = sim_.now().seconds();
  events_.log("node_added", "", "", placement_.nodes()[n].name, "", "", "provisioned");
  workloads_.place_pending();
}

}  // namespace msim::model
