#include "scaling/Autoscaler.hpp"

namespace msim::scaling {

Strategy static_strategy() {
  return {"static", "nothing changes: the replicas the scenario (or static:N) gives", {}, Strategy::Metrics::NONE,
          [](const Settings&) { return std::string(); }, [](const Settings&) { return std::unique_ptr<Autoscaler>(); }};
}

}  // namespace msim::scaling
