#include <fmt/format.h>

#include "model/faults/Fault.hpp"

namespace msim::model {
namespace {

/** A service's work takes `factor` times as long (slowdowns multiply). */
class Slowdown final : public ScheduledFault {
public:
  using ScheduledFault::ScheduledFault;

private:
  void begin() override {
    Service& svc = scope_.services[scope_.service_index(spec_.service)];
    const double before = svc.faults.slowdown;
    svc.faults.slowdown *= spec_.factor;
    scope_.events.log("slowdown", id_, svc.name, "", fmt::format("{:g}", before), fmt::format("{:g}", svc.faults.slowdown), fmt::format("x{:g}", spec_.factor));
  }

  void end() override {
    Service& svc = scope_.services[scope_.service_index(spec_.service)];
    const double before = svc.faults.slowdown;
    svc.faults.slowdown /= spec_.factor;
    scope_.events.log("slowdown_end", id_, svc.name, "", fmt::format("{:g}", before), fmt::format("{:g}", svc.faults.slowdown), "restored");
  }
};

}  // namespace

FaultEffect slowdown_fault() {
  return {"slowdown", [](FaultScope& scope, std::size_t index) { return std::make_unique<Slowdown>(scope, index); }};
}

}  // namespace msim::model
