#include <algorithm>

#include <fmt/format.h>

#include "model/faults/Fault.hpp"

namespace msim::model {
namespace {

/**
 * An availability model: each instance of a service, or each node of a pool (with every instance
 * on it), fails after a time drawn from `mttf` and is repaired after one drawn from `mttr`, again
 * and again. Each target has its own stream, "failures/<index>/<target>".
 */
class RandomFailures final : public Fault {
public:
  RandomFailures(FaultScope& scope, std::size_t index) : scope_(scope), index_(index), spec_(scope.spec.failures[index]) {}

  void start() override {
    const auto& instances = scope_.instances;
    auto stream = [&](const std::string& name) { return core::RandomStream(scope_.spec.seed, scope_.replication, fmt::format("failures/{}/{}", index_, name)); };
    if (spec_.random_nodes) {
      for (std::uint32_t n = 0; n < scope_.placement.nodes().size(); ++n) {
        const Node& node = scope_.placement.nodes()[n];
        if (node.name.rfind(spec_.pool + "-", 0) != 0) continue;
        Target t{node.name, {}, true, stream(node.name)};
        for (std::uint32_t i = 0; i < instances.size(); ++i)
          if (instances[i].placement.node == n) t.instances.push_back(i);
        targets_.push_back(std::move(t));
      }
    } else {
      for (const std::uint32_t i : scope_.services[scope_.service_index(spec_.service)].instances) {
        if (!instances[i].placement.placed) continue;
        const std::string name = instance_name(scope_.services, instances, i);
        targets_.push_back({name, {i}, false, stream(name)});
      }
    }
    for (std::uint32_t t = 0; t < targets_.size(); ++t) {
      const double ttf = std::max(0.0, spec_.time_to_failure.sample(targets_[t].rng));
      scope_.sim.schedule_at<&RandomFailures::on_failure>(core::SimTime::from_seconds(ttf), this, t);
    }
  }

private:
  struct Target {
    std::string name;  // instance or node
    std::vector<std::uint32_t> instances;
    bool unreachable;  // a node: its instances get no reset
    core::RandomStream rng;
    std::uint32_t outages = 0;
  };

  void on_failure(std::uint64_t t) {
    Target& target = targets_[t];
    const std::string id = fmt::format("r{}.{}.{}", index_, target.name, target.outages);
    for (const std::uint32_t i : target.instances)
      scope_.target.take_down(i, target.unreachable, id, target.unreachable ? "random node failure" : "random instance failure");
    ++scope_.counts["random"];
    const double ttr = std::max(0.0, spec_.time_to_repair.sample(target.rng));
    scope_.sim.schedule_in<&RandomFailures::on_repair>(core::SimTime::from_seconds(ttr), this, t);
  }

  void on_repair(std::uint64_t t) {
    Target& target = targets_[t];
    const std::string id = fmt::format("r{}.{}.{}", index_, target.name, target.outages++);
    for (const std::uint32_t i : target.instances) scope_.target.bring_up(i, id, "repaired");
    const double ttf = std::max(0.0, spec_.time_to_failure.sample(target.rng));
    scope_.sim.schedule_in<&RandomFailures::on_failure>(core::SimTime::from_seconds(ttf), this, t);
  }

  FaultScope& scope_;
  std::size_t index_;
  const scenario::FailureSpec& spec_;
  std::vector<Target> targets_;
};

}  // namespace

FaultEffect random_fault() {
  return {"random", [](FaultScope& scope, std::size_t index) { return std::make_unique<RandomFailures>(scope, index); }};
}

}  // namespace msim::model
