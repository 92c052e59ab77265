#include "model/Discovery.hpp"

#include <stdexcept>

namespace msim::model {

DiscoveryTiming::DiscoveryTiming(const scenario::DiscoverySpec& spec, core::RandomStream& rng) {
  const auto* entry = discovery::find_model(spec.kind);
  if (!entry) throw std::invalid_argument("unknown discovery model '" + spec.kind + "'");  // the loader names only registered ones
  discovery::ServiceDraws u{};
  for (double& x : u) x = rng.uniform01();
  model_ = discovery::make_model(*entry, spec.params, u);
}

DiscoveryPhases DiscoveryTiming::new_instance(core::RandomStream& rng) const {
  discovery::InstanceDraws u{};
  for (double& x : u) x = rng.uniform01();
  return model_->new_instance(u);
}

}  // namespace msim::model
