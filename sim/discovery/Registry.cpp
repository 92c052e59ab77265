#include <cmath>

#include "discovery/DiscoveryModel.hpp"

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

const ModelEntry* find_model(std::string_view name) {
  for (const auto& e : models())
    if (e.name == name) return &e;
  return nullptr;
}

std::vector<std::string> model_names() {
  std::vector<std::string> names;
  for (const auto& e : models()) names.push_back(e.name);
  return names;
}

std::unique_ptr<DiscoveryModel> make_model(const ModelEntry& entry, const Params& given, const ServiceDraws& draws) {
  Params complete = given;
  for (const ParamSpec& p : entry.params) complete.values.emplace(p.key, p.fallback);
  return entry.make(complete, draws);
}

double next_tick(double t, double phase, double period) {
  if (period <= 0) return t;
  return phase + std::ceil((t - phase) / period - 1e-12) * period;
}

double last_tick(double t, double phase, double period) { return phase + std::floor((t - phase) / period + 1e-12) * period; }

}  // namespace msim::discovery
