#include "msim/Extensions.hpp"

#include <fmt/format.h>

#include "balancing/BalancingPolicy.hpp"
#include "scenario/AutoscalerLoader.hpp"

namespace msim::api {

namespace {

std::string number(double v) { return v == static_cast<double>(static_cast<long long>(v)) ? fmt::format("{}", static_cast<long long>(v)) : fmt::format("{:g}", v); }

std::vector<Extension> balancers() {
  std::vector<Extension> out;
  for (const auto& entry : balancing::policies()) {
    Extension e{entry.name, entry.help, {}};
    for (const auto& p : entry.params) {
      using Kind = balancing::ParamSpec::Kind;
      if (p.kind == Kind::INTEGER)
        e.parameters.push_back({p.key, "whole number " + number(p.min) + ".." + number(p.max), p.fallback == 0 ? "none" : number(p.fallback), p.help});
      else
        e.parameters.push_back({p.key, "duration > 0", number(p.fallback) + "s", p.help});
    }
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<Extension> autoscalers() {
  std::vector<Extension> out;
  for (const auto& entry : scenario::autoscaler_kinds()) out.push_back({entry.name, entry.help, {}});
  return out;
}

}  // namespace

std::vector<std::string> extension_points() { return {"balancers", "autoscalers"}; }

std::vector<Extension> extensions(const std::string& point) {
  if (point == "balancers") return balancers();
  if (point == "autoscalers") return autoscalers();
  return {};
}

}  // namespace msim::api
