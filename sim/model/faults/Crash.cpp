#include <boost/random/uniform_int_distribution.hpp>
#include <fmt/format.h>

#include "model/faults/Fault.hpp"

namespace msim::model {
namespace {

/** N running instances of a service (chosen at random), or every instance of a node or a zone. */
class Crash final : public ScheduledFault {
public:
  Crash(FaultScope& scope, std::size_t index)
      : ScheduledFault(scope, index), rng_(scope.spec.seed, scope.replication, fmt::format("failures/{}", index)) {}

private:
  void begin() override {
    const auto& instances = scope_.instances;
    if (!spec_.service.empty()) {
      std::vector<std::uint32_t> candidates;
      for (const std::uint32_t i : scope_.services[scope_.service_index(spec_.service)].instances)
        if (instances[i].life.up) candidates.push_back(i);
      for (int k = 0; k < spec_.instances && !candidates.empty(); ++k) {
        const auto pick = boost::random::uniform_int_distribution<std::size_t>(0, candidates.size() - 1)(rng_.engine());
        crashed_.push_back(candidates[pick]);
        candidates.erase(candidates.begin() + static_cast<std::ptrdiff_t>(pick));
      }
      for (const std::uint32_t i : crashed_)
        scope_.target.take_down(i, spec_.unreachable, id_, spec_.unreachable ? "instance hang" : "instance crash");
      return;
    }
    const bool zone = !spec_.zone.empty();
    for (std::uint32_t i = 0; i < instances.size(); ++i) {
      if (!instances[i].placement.placed) continue;
      const Node& node = scope_.placement.nodes()[instances[i].placement.node];
      if (zone ? scope_.placement.zones()[node.zone] == spec_.zone : node.name == spec_.node) crashed_.push_back(i);
    }
    const std::string reason = zone ? fmt::format("zone {} down", spec_.zone) : fmt::format("node {} down", spec_.node);
    for (const std::uint32_t i : crashed_) scope_.target.take_down(i, true, id_, reason);
  }

  void end() override {
    for (const std::uint32_t i : crashed_) scope_.target.bring_up(i, id_, "restored");
    crashed_.clear();
  }

  core::RandomStream rng_;  // "failures/<index>": which instances of the service
  std::vector<std::uint32_t> crashed_;  // the instances it took down
};

}  // namespace

FaultEffect crash_fault() {
  return {"crash", [](FaultScope& scope, std::size_t index) { return std::make_unique<Crash>(scope, index); }};
}

}  // namespace msim::model
