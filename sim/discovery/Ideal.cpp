#include "discovery/DiscoveryModel.hpp"

namespace msim::discovery {
namespace {

class Ideal final : public DiscoveryModel {
public:
  InstancePhases new_instance(const InstanceDraws&) const override { return {}; }
  SimTime removal_time(SimTime down, const InstancePhases&, bool) const override { return down; }
  SimTime deregistration_time(SimTime now) const override { return now; }
  SimTime addition_time(SimTime up, const InstancePhases&) const override { return up; }
};

}  // namespace

ModelEntry ideal_model() {
  return {"ideal", "callers see every change at once", {}, [](const Params&, const ServiceDraws&) { return std::make_unique<Ideal>(); }};
}

}  // namespace msim::discovery
