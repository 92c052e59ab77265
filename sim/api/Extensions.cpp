#include "msim/Extensions.hpp"

#include <fmt/format.h>

#include "balancing/BalancingPolicy.hpp"
#include "discovery/DiscoveryModel.hpp"
#include "importers/Importer.hpp"
#include "scaling/Autoscaler.hpp"
#include "scenario/DistributionText.hpp"
#include "scenario/failures/FailureKind.hpp"

namespace msim::api {

namespace {

std::string number(double v) { return v == static_cast<double>(static_cast<long long>(v)) ? fmt::format("{}", static_cast<long long>(v)) : fmt::format("{:g}", v); }

/** An extension's registry entry as `msim list` shows it: name, help, its parameters. */
template <class Entry>
Extension described(const Entry& entry) {
  Extension e{entry.name, entry.help, {}};
  for (const core::ParamSpec& p : entry.params) {
    using Kind = core::ParamSpec::Kind;
    switch (p.kind) {
      case Kind::INTEGER:  // a fallback outside the range means "not set"
        e.parameters.push_back({p.key, "whole number " + number(p.min) + ".." + number(p.max), p.fallback < p.min ? "none" : number(p.fallback), p.help});
        break;
      case Kind::DURATION:
        e.parameters.push_back({p.key, p.min > 0 ? "duration >= " + number(p.min) + "s" : "duration > 0", number(p.fallback) + "s", p.help});
        break;
      case Kind::DELAY: e.parameters.push_back({p.key, "duration >= 0", number(p.fallback) + "s", p.help}); break;
      case Kind::FRACTION: e.parameters.push_back({p.key, "fraction 0..1 (or a percentage)", number(p.fallback), p.help}); break;
      case Kind::BOOLEAN: e.parameters.push_back({p.key, "true or false", p.fallback != 0 ? "true" : "false", p.help}); break;
    }
  }
  return e;
}

std::vector<Extension> balancers() {
  std::vector<Extension> out;
  for (const auto& entry : balancing::policies()) out.push_back(described(entry));
  return out;
}

std::vector<Extension> autoscalers() {
  std::vector<Extension> out;
  for (const auto& entry : scaling::strategies()) out.push_back(described(entry));
  return out;
}

std::vector<Extension> discovery_models() {
  std::vector<Extension> out;
  for (const auto& entry : discovery::models()) out.push_back(described(entry));
  return out;
}

std::vector<Extension> failures() {
  std::vector<Extension> out;
  for (const auto& kind : scenario::failure_kinds())
    out.push_back({kind.name, kind.help + (kind.scheduled ? " (at, duration)" : " (all run long)"), {}});
  return out;
}

std::vector<Extension> distributions() {
  std::vector<Extension> out;
  for (const auto& d : scenario::distribution_help()) out.push_back({d.name, d.usage + ": " + d.help, {}});
  return out;
}

std::vector<Extension> importer_extensions() {
  std::vector<Extension> out;
  for (const auto& entry : msim::importers::importers()) {
    Extension e{entry.name, fmt::format("{}; reads {} {}", entry.help, entry.many_inputs ? "one or more" : "one", entry.inputs_name), {}};
    for (const auto& o : entry.options) e.parameters.push_back({"--" + o.name, o.value_name, o.fallback.empty() ? "none" : o.fallback, o.help});
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace

std::vector<std::string> extension_points() { return {"balancers", "autoscalers", "discovery", "failures", "distributions", "importers"}; }

std::vector<Extension> extensions(const std::string& point) {
  if (point == "balancers") return balancers();
  if (point == "autoscalers") return autoscalers();
  if (point == "discovery") return discovery_models();
  if (point == "failures") return failures();
  if (point == "distributions") return distributions();
  if (point == "importers") return importer_extensions();
  return {};
}

}  // namespace msim::api
