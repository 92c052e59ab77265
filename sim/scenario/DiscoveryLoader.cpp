#include "scenario/DiscoveryLoader.hpp"

#include "discovery/DiscoveryModel.hpp"

namespace msim::scenario {
namespace {

// Another model starts from its own defaults; the same model keeps what it starts from.
void set_kind(DiscoverySpec& d, const std::string& kind) {
  if (kind == d.kind) return;
  d.kind = kind;
  d.params = {};
}

}  // namespace

void read_discovery(YamlReader& r, const YAML::Node& n, const std::string& path, DiscoverySpec& d) {
  const auto names = discovery::model_names();
  if (n.IsScalar()) {  // shorthand: discovery: eureka
    if (const auto kind = r.choice(n, path, names)) set_kind(d, *kind);
    return;
  }
  if (!r.is_map(n, path)) return;
  if (const auto& k = n["kind"]) {
    if (const auto kind = r.choice(k, path + ".kind", names)) set_kind(d, *kind);
  }
  if (const auto* model = discovery::find_model(d.kind)) r.params(n, path, model->params, d.params, {"kind"});
}

}  // namespace msim::scenario
