#include "model/FaultInjector.hpp"

#include <stdexcept>

namespace msim::model {

void FaultInjector::start() {
  const auto& failures = scope_.spec.failures;
  for (std::size_t f = 0; f < failures.size(); ++f) {
    const FaultEffect* effect = find_fault_effect(failures[f].kind);
    if (!effect) throw std::logic_error("failure kind '" + failures[f].kind + "' has a reader but no effect (model/faults/Registry.cpp)");
    faults_.push_back(effect->make(scope_, f));
    faults_.back()->start();
  }
}

}  // namespace msim::model
