#include <fmt/format.h>

#include "model/faults/Fault.hpp"

namespace msim::model {
namespace {

/** A share of a service's responses fail (independent faults combine: 1 - product of successes). */
class Errors final : public ScheduledFault {
public:
  using ScheduledFault::ScheduledFault;

private:
  void begin() override {
    Service& svc = scope_.services[scope_.service_index(spec_.service)];
    const double before = svc.faults.error_rate;
    svc.faults.error_rate = 1 - (1 - svc.faults.error_rate) * (1 - spec_.error_rate);
    scope_.events.log("errors", id_, svc.name, "", fmt::format("{:g}", before), fmt::format("{:g}", svc.faults.error_rate), "injected error rate");
  }

  void end() override {
    Service& svc = scope_.services[scope_.service_index(spec_.service)];
    const double before = svc.faults.error_rate;
    svc.faults.error_rate = spec_.error_rate >= 1 ? 0.0 : 1 - (1 - svc.faults.error_rate) / (1 - spec_.error_rate);
    if (svc.faults.error_rate < 1e-12) svc.faults.error_rate = 0;
    scope_.events.log("errors_end", id_, svc.name, "", fmt::format("{:g}", before), fmt::format("{:g}", svc.faults.error_rate), "restored");
  }
};

}  // namespace

FaultEffect errors_fault() {
  return {"errors", [](FaultScope& scope, std::size_t index) { return std::make_unique<Errors>(scope, index); }};
}

}  // namespace msim::model
