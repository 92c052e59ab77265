// The two network faults between two services or two zones: added latency and partition.
#include <algorithm>

#include <fmt/format.h>

#include "model/faults/Fault.hpp"

namespace msim::model {
namespace {

class NetworkFault final : public ScheduledFault {
public:
  NetworkFault(FaultScope& scope, std::size_t index, bool partition) : ScheduledFault(scope, index), partition_(partition) {}

private:
  void begin() override {
    const auto& zones = scope_.placement.zones();
    const bool between_zones = std::find(zones.begin(), zones.end(), spec_.from) != zones.end() &&
                               std::find(zones.begin(), zones.end(), spec_.to) != zones.end();
    const auto a = between_zones ? scope_.zone_index(spec_.from) : scope_.service_index(spec_.from);
    const auto b = between_zones ? scope_.zone_index(spec_.to) : scope_.service_index(spec_.to);
    scope_.network.add({index_, between_zones, a, b, spec_.added_latency, partition_});
    scope_.events.log(partition_ ? "partition" : "latency", id_, spec_.from, spec_.to, "",
                      partition_ ? "" : fmt::format("{:g}", spec_.added_latency.milliseconds()),
                      partition_ ? "no connection between them" : "ms added to each hop");
  }

  void end() override {
    scope_.network.remove(index_);
    scope_.events.log(partition_ ? "partition_end" : "latency_end", id_, spec_.from, spec_.to, "", "", "restored");
  }

  bool partition_;
};

}  // namespace

FaultEffect latency_fault() {
  return {"latency", [](FaultScope& scope, std::size_t index) { return std::make_unique<NetworkFault>(scope, index, false); }};
}

FaultEffect partition_fault() {
  return {"partition", [](FaultScope& scope, std::size_t index) { return std::make_unique<NetworkFault>(scope, index, true); }};
}

}  // namespace msim::model
