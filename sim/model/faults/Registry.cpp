#include <algorithm>

#include "model/faults/Fault.hpp"
#include "core/Registry.hpp"

namespace msim::model {

// The registration list: one line per kind, each defined by `FaultEffect <name>_fault()` in its own
// file of this folder (and its reader by scenario/failures/). Same names as the readers'.
#define MSIM_FAULT_EFFECTS(X) \
  X(crash)                    \
  X(slowdown)                 \
  X(errors)                   \
  X(latency)                  \
  X(partition)                \
  X(random)                   \
  X(chaos_monkey)             \
  /* end of the list */

#define MSIM_DECLARE(name) FaultEffect name##_fault();
MSIM_FAULT_EFFECTS(MSIM_DECLARE)
#undef MSIM_DECLARE

const std::vector<FaultEffect>& fault_effects() {
#define MSIM_ENTRY(name) name##_fault(),
  static const std::vector<FaultEffect> entries{MSIM_FAULT_EFFECTS(MSIM_ENTRY)};
#undef MSIM_ENTRY
  return entries;
}

const FaultEffect* find_fault_effect(std::string_view name) { return core::find_named(fault_effects(), name); }

std::uint32_t FaultScope::service_index(const std::string& name) const {
  return static_cast<std::uint32_t>(std::find_if(services.begin(), services.end(), [&](const Service& s) { return s.name == name; }) - services.begin());
}

std::uint32_t FaultScope::zone_index(const std::string& name) const {
  const auto& zones = placement.zones();
  return static_cast<std::uint32_t>(std::find(zones.begin(), zones.end(), name) - zones.begin());
}

void ScheduledFault::start() {
  if (spec_.at <= scope_.spec.duration) scope_.sim.schedule_at<&ScheduledFault::on_begin>(spec_.at, this, index_);
}

void ScheduledFault::on_begin(std::uint64_t) {
  begin();
  ++scope_.counts[spec_.kind];
  if (spec_.duration && spec_.at + *spec_.duration <= scope_.spec.duration)
    scope_.sim.schedule_at<&ScheduledFault::on_end>(spec_.at + *spec_.duration, this, index_);
}

void ScheduledFault::on_end(std::uint64_t) { end(); }

}  // namespace msim::model
