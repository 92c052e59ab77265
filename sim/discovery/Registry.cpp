#include <cmath>

#include "discovery/DiscoveryModel.hpp"
#include "core/Registry.hpp"

namespace msim::discovery {

// The registration list: one line per model, each defined by `ModelEntry <name>_model()` in its
// own file of this folder. Order is the order users see (msim list, error messages). Every line
// ends in a backslash, so a new model is one more line above the closing comment.
#define MSIM_DISCOVERY_MODELS(X) \
  X(ideal)                       \
  X(kubernetes)                  \
  X(eureka)                      \
  X(consul)                      \
  /* end of the list */

#define MSIM_DECLARE(name) ModelEntry name##_model();
MSIM_DISCOVERY_MODELS(MSIM_DECLARE)
#undef MSIM_DECLARE

const std::vector<ModelEntry>& models() {
#define MSIM_ENTRY(name) name##_model(),
  static const std::vector<ModelEntry> entries{MSIM_DISCOVERY_MODELS(MSIM_ENTRY)};
#undef MSIM_ENTRY
  return entries;
}

const ModelEntry* find_model(std::string_view name) { return core::find_named(models(), name); }

std::vector<std::string> model_names() { return core::names_of(models()); }

std::unique_ptr<DiscoveryModel> make_model(const ModelEntry& entry, const Params& given, const ServiceDraws& draws) {
  return entry.make(core::with_fallbacks(entry.params, given), draws);
}

double next_tick(double t, double phase, double period) {
  if (period <= 0) return t;
  return phase + std::ceil((t - phase) / period - 1e-12) * period;
}

double last_tick(double t, double phase, double period) { return phase + std::floor((t - phase) / period + 1e-12) * period; }

}  // namespace msim::discovery
