#include <algorithm>

#include <boost/random/uniform_int_distribution.hpp>
#include <fmt/format.h>

#include "model/faults/Fault.hpp"

namespace msim::model {
namespace {

/** Every `interval`, kills one running instance at random (of `services`, or of any service); it
 *  restarts after `recover`. Draws from "failures/<index>". */
class ChaosMonkey final : public Fault {
public:
  ChaosMonkey(FaultScope& scope, std::size_t index)
      : scope_(scope), index_(static_cast<std::uint32_t>(index)), spec_(scope.spec.failures[index]),
        rng_(scope.spec.seed, scope.replication, fmt::format("failures/{}", index)) {}

  void start() override {
    scope_.sim.schedule_at<&ChaosMonkey::on_kill>(core::SimTime::from_seconds(std::max(0.0, spec_.interval.sample(rng_))), this, index_);
  }

private:
  static std::uint64_t pack(std::uint32_t high, std::uint32_t low) { return (std::uint64_t{high} << 32) | low; }

  void on_kill(std::uint64_t) {
    const auto& instances = scope_.instances;
    std::vector<std::uint32_t> candidates;
    for (std::uint32_t i = 0; i < instances.size(); ++i) {
      const auto& name = scope_.services[instances[i].service].name;
      if (instances[i].life.up && (spec_.services.empty() || std::find(spec_.services.begin(), spec_.services.end(), name) != spec_.services.end()))
        candidates.push_back(i);
    }
    if (!candidates.empty()) {
      const std::uint32_t victim = candidates[boost::random::uniform_int_distribution<std::size_t>(0, candidates.size() - 1)(rng_.engine())];
      const std::string id = fmt::format("c{}.{}", index_, kills_++);
      scope_.target.take_down(victim, false, id, "chaos monkey");
      ++scope_.counts["chaos_monkey"];
      const double restart = std::max(0.0, spec_.time_to_repair.sample(rng_));
      // The event's target packs (failure, instance), as the trajectory fingerprint has always seen it.
      scope_.sim.schedule_in<&ChaosMonkey::on_restore>(core::SimTime::from_seconds(restart), this, pack(index_, victim));
      restore_ids_[victim] = id;
    }
    scope_.sim.schedule_in<&ChaosMonkey::on_kill>(core::SimTime::from_seconds(std::max(1e-3, spec_.interval.sample(rng_))), this, index_);
  }

  void on_restore(std::uint64_t packed) {
    const auto victim = static_cast<std::uint32_t>(packed & 0xFFFFFFFFu);
    const auto it = restore_ids_.find(victim);
    scope_.target.bring_up(victim, it->second, "restarted");
    restore_ids_.erase(it);
  }

  FaultScope& scope_;
  std::uint32_t index_;
  const scenario::FailureSpec& spec_;
  core::RandomStream rng_;
  std::uint32_t kills_ = 0;
  std::map<std::uint32_t, std::string> restore_ids_;  // victim -> the kill's id, until it restarts
};

}  // namespace

FaultEffect chaos_monkey_fault() {
  return {"chaos_monkey", [](FaultScope& scope, std::size_t index) { return std::make_unique<ChaosMonkey>(scope, index); }};
}

}  // namespace msim::model
