#include <stdexcept>

#include "scaling/Autoscaler.hpp"
#include "core/Registry.hpp"

namespace msim::scaling {

// The registration list: one line per strategy, each defined by `Strategy <name>_strategy()` in
// its own file of this folder. Order is the order users see (msim list, error messages). Every
// line ends in a backslash, so a new strategy is one more line above the closing comment.
#define MSIM_SCALING_STRATEGIES(X) \
  X(static)                        \
  X(hpa)                           \
  X(target_tracking)               \
  X(scheduled)                     \
  X(step)                          \
  X(slo)                           \
  X(predictive)                    \
  X(threshold)                     \
  /* end of the list */

#define MSIM_DECLARE(name) Strategy name##_strategy();
MSIM_SCALING_STRATEGIES(MSIM_DECLARE)
#undef MSIM_DECLARE

const std::vector<Strategy>& strategies() {
#define MSIM_ENTRY(name) name##_strategy(),
  static const std::vector<Strategy> entries{MSIM_SCALING_STRATEGIES(MSIM_ENTRY)};
#undef MSIM_ENTRY
  return entries;
}

const Strategy* find_strategy(std::string_view name) { return core::find_named(strategies(), name); }

std::vector<std::string> strategy_names() { return core::names_of(strategies()); }

std::unique_ptr<Autoscaler> make_autoscaler(const Settings& settings) {
  const Strategy* strategy = find_strategy(settings.kind);
  if (!strategy) throw std::invalid_argument("no scaling strategy '" + settings.kind + "'");
  Settings complete = settings;
  complete.params = core::with_fallbacks(strategy->params, settings.params);
  return strategy->make(complete);
}

}  // namespace msim::scaling
